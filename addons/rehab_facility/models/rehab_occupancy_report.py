"""The periodic occupancy report to the provincial authority, as one call.

``export(...)`` checks who asks and what, computes the figures (recorded or
live, with their differences), renders the workbook, keeps it with the
export log and returns the log. The export wizard only collects the
parameters and calls it.
"""

import base64

import pytz

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from . import rehab_occupancy_sql as occ_sql
from . import rehab_report_period as period

FACILITY_GROUPS = (
    "rehab_facility.group_rehab_manager",
    "rehab_facility.group_rehab_auditor",
)
# The provincial authority reads aggregated figures of its facilities only.
REPORT_GROUPS = (*FACILITY_GROUPS, "rehab_facility.group_rehab_province")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RehabOccupancyReport(models.AbstractModel):
    _name = "rehab.occupancy.report"
    _description = "Occupancy Report"

    # ---------------------------------------------------------------- checks
    @api.model
    def _check_request(self, companies, params):
        """Managers, auditors and the provincial authority, of facilities
        they work with, for a period that has ended, with no stay whose dates
        would make a count wrong. The list of residents (annex) is personal
        data: facility staff only."""
        user = self.env.user
        date_from, date_to = params["date_from"], params["date_to"]
        if not self.env.su and not any(user.has_group(g) for g in REPORT_GROUPS):
            raise AccessError(
                self.env._(
                    "Only facility managers, auditors and the provincial "
                    "authority export reports."
                )
            )
        if companies - self.env.companies and not self.env.su:
            # Never name a facility to someone who does not work with it.
            raise AccessError(
                self.env._("You can only report on the facilities you work with.")
            )
        if (
            params.get("include_annex")
            and not self.env.su
            and not any(user.has_group(g) for g in FACILITY_GROUPS)
        ):
            raise AccessError(
                self.env._(
                    "The list of residents is personal data: the provincial "
                    "authority receives the figures only. Export without the annex."
                )
            )
        if date_from > date_to:
            raise UserError(self.env._("The period ends before it starts."))
        today = max(company.rehab_today() for company in companies)
        if date_to > today:
            raise UserError(
                self.env._(
                    "The period ends on %(end)s, after today (%(today)s): choose a "
                    "period that has ended, or a custom period up to today.",
                    end=date_to.strftime("%d/%m/%Y"),
                    today=today.strftime("%d/%m/%Y"),
                )
            )
        anomalies = self._stay_anomalies(companies.ids, date_to)
        if anomalies:
            raise UserError(
                self.env._(
                    "The report would be wrong: these stays have inconsistent "
                    "dates (released without a release date, a release date "
                    "while not released, or a release before the admission). "
                    "Correct them first:\n%s",
                    self._list_stays(anomalies),
                )
            )

    @api.model
    def _stay_anomalies(self, company_ids, date_to, limit=50):
        """Stays whose dates make a count wrong: released without a release
        date, a release date while not released, a release before admission."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT s.id, s.name, r.name AS resident
                  FROM rehab_stay s
                  JOIN rehab_resident r ON r.id = s.resident_id
                 WHERE %(counted)s AND s.admission_date <= %(d2)s
                   AND ((s.state = 'released') != (s.release_date IS NOT NULL)
                        OR s.release_date < s.admission_date)
                 ORDER BY s.id LIMIT %(limit)s
                """,
                counted=occ_sql.counted_stays_sql(company_ids),
                d2=date_to,
                limit=limit,
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _list_stays(self, rows):
        return "\n".join(
            f"- {row['name']} ({row['resident']})" for row in rows[:30]
        ) + ("\n…" if len(rows) > 30 else "")

    @api.model
    def _refuse_identity(self, company_ids, date_from, date_to, failures, recorded):
        kinds = dict(
            self.env["rehab.order.type"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        details = "\n".join(
            self.env._(
                "- %(facility)s, %(kind)s: opening + movements = %(expected)s, "
                "closing = %(closing)s",
                facility=facility,
                kind=kinds.get(kind, kind),
                expected=expected,
                closing=closing,
            )
            for facility, kind, expected, closing in failures
        )
        breakers = self.env["rehab.occupancy.check"]._identity_breakers(
            company_ids, date_from, date_to
        )
        message = (
            self.env._(
                "The recorded figures of the period do not add up "
                "(opening + admissions - releases + corrections != closing). "
                "Export the current figures instead."
            )
            if recorded
            else self.env._(
                "The figures of the period do not add up (opening + "
                "admissions - releases != closing); no report was produced."
            )
        )
        message += "\n" + details
        if breakers:
            stays = self._list_stays(breakers)
            message += "\n" + self.env._("Stays that break it:") + "\n" + stays
        raise UserError(message)

    @api.model
    def _refuse_missing_days(self, company_ids, date_from, date_to):
        missing = self.env["rehab.occupancy.day"]._missing_days(
            company_ids, date_from, date_to
        )
        raise UserError(
            self.env._(
                "The figures of %(count)s day(s) were not recorded (first: "
                "%(first)s, %(facility)s). Export the current figures instead.",
                count=len(missing),
                first=missing[0][1].strftime("%d/%m/%Y"),
                facility=self.env["res.company"].browse(missing[0][0]).name,
            )
        )

    # --------------------------------------------------------------- figures
    @api.model
    def _main_figures(self, company_ids, date_from, date_to, source):
        """``(source used, figures, recorded figures or None, live figures,
        rows of the figures used)``.

        ``source``: ``auto`` (recorded when every day was recorded, else
        live), ``snapshot`` or ``live``. Refuses figures that do not add up.
        """
        figures = self.env["rehab.occupancy.figures"]
        live_rows = figures._period_rows(company_ids, date_from, date_to, "live")
        live, failures = figures._assemble(live_rows)
        recorded_rows = figures._period_rows(
            company_ids, date_from, date_to, "snapshot"
        )
        if source == "snapshot" and recorded_rows is None:
            self._refuse_missing_days(company_ids, date_from, date_to)
        if failures and (recorded_rows is None or source == "live"):
            self._refuse_identity(company_ids, date_from, date_to, failures, False)
        if recorded_rows is None:
            return "live", live, None, live, live_rows
        recorded, failures = figures._assemble(recorded_rows)
        if source != "live" and failures:
            self._refuse_identity(company_ids, date_from, date_to, failures, True)
        if source == "live":
            return "live", live, recorded, live, live_rows
        return "snapshot", recorded, recorded, live, recorded_rows

    @api.model
    def _meta(self, companies, params, source):
        """Header and signature facts of the workbook (Vietnamese by design)."""
        company = companies[0]
        recorded_at = self.env["rehab.occupancy.day"]._recorded_at(
            companies.ids, params["date_from"], params["date_to"]
        )
        tz = pytz.timezone(company.rehab_tz or "Asia/Ho_Chi_Minh")
        return {
            "facility_label": companies.name
            if len(companies) == 1
            else "Các cơ sở: " + ", ".join(companies.mapped("name")),
            "facility_ids": companies.ids,
            "period_type": params["period_type"],
            "period_label": period.period_label(
                params["period_type"], params["date_from"], params["date_to"]
            ),
            "date_from": params["date_from"].isoformat(),
            "date_to": params["date_to"].isoformat(),
            "recipient": params["recipient"],
            "prepared_by": self.env.user.name,
            "approver": company.rehab_director_name if len(companies) == 1 else "",
            "place": company.city or "",
            "source": source,
            "recorded_at": pytz.utc.localize(recorded_at)
            .astimezone(tz)
            .strftime("%H:%M %d/%m/%Y")
            if recorded_at
            else "",
            "generated_on": company.rehab_today().isoformat(),
        }

    @api.model
    def report_figures(self, companies, params):
        """All the figures of the workbook for ``companies`` and ``params``
        (``period_type``, ``date_from``, ``date_to``, ``source``,
        ``recipient``, ``include_annex``), after the checks."""
        companies = companies or self.env.companies
        d1, d2 = params["date_from"], params["date_to"]
        self._check_request(companies, params)
        ids = companies.ids
        source, main, recorded, live, rows = self._main_figures(
            ids, d1, d2, params.get("source") or "auto"
        )
        figures = self.env["rehab.occupancy.figures"]
        result = {
            **main,
            "meta": self._meta(companies, params, source),
            "incidents": figures._incident_figures(ids, d1, d2),
            "gate": figures._gate_figures(ids, d1, d2),
            "differences": self.env["rehab.occupancy.check"]._differences(
                recorded, live
            )
            if recorded
            else None,
            "annex": figures._annex_rows(ids, d1, d2)
            if params.get("include_annex")
            else None,
            "facilities": figures._per_facility(rows, main)
            if len(companies) > 1
            else None,
        }
        result.update(figures._extra_period_figures(ids, d1, d2))
        return result

    # ---------------------------------------------------------------- export
    @api.model
    def export(self, companies, params):
        """Build the workbook, keep it with an export log; returns the log."""
        figures = self.report_figures(companies, params)
        meta = figures["meta"]
        filename = period.report_filename(
            meta["facility_label"] if len(meta["facility_ids"]) == 1 else "TatCaCoSo",
            params["period_type"],
            params["date_from"],
            params["date_to"],
        )
        content = self.env["report.rehab_facility.occupancy_xlsx"].create_xlsx(figures)
        log = (
            self.env["rehab.report.export.log"]
            .sudo()
            .create(
                {
                    "user_id": self.env.user.id,
                    "company_id": self.env.company.id,
                    "facility_ids": [(6, 0, meta["facility_ids"])],
                    "period_type": params["period_type"],
                    "date_from": params["date_from"],
                    "date_to": params["date_to"],
                    "period_label": meta["period_label"],
                    "source": meta["source"],
                    "recipient": params["recipient"],
                    "include_annex": bool(params.get("include_annex")),
                    "filename": filename,
                    "figures": {k: v for k, v in figures.items() if k != "annex"},
                }
            )
        )
        log.attachment_id = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename,
                    "datas": base64.b64encode(content),
                    "res_model": log._name,
                    "res_id": log.id,
                    "mimetype": XLSX_MIMETYPE,
                }
            )
        )
        return log
