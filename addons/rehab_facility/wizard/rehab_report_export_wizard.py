import base64
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..report import rehab_occupancy_xlsx as xlsx

PERIOD_TYPES = [
    ("month", "Month"),
    ("quarter", "Quarter"),
    ("half", "6 Months"),
    ("year", "Year"),
    ("custom", "Custom"),
]
SOURCES = [
    ("auto", "Recorded daily figures when complete, else current figures"),
    ("snapshot", "Recorded daily figures (as reported at the time)"),
    ("live", "Current figures (with later corrections)"),
]
RECIPIENT_PARAM = "rehab_facility.report_recipient"
REPORT_GROUPS = (
    "rehab_facility.group_rehab_manager",
    "rehab_facility.group_rehab_auditor",
)


class RehabReportExportWizard(models.TransientModel):
    """Export the periodic occupancy report (.xlsx) for the provincial authority.

    Sheets: 1. residents at the period end by order kind, sex, presence, age
    band, ethnicity and province; 2. movements (opening, admissions,
    conversions, releases by reason, escapes and returns, closing), refused
    when opening + in - out != closing, naming the stays that break it;
    3. beds by area; 4. vocational training when rehab_vocational is
    installed; 5. incidents by type and severity; the differences between
    recorded and current figures; an optional annex of residents (name,
    birth year, sex, order, dates only). Definitions: see
    ``rehab.occupancy.snapshot``. Every export is logged.
    """

    _name = "rehab.report.export.wizard"
    _description = "Export Occupancy Report"

    company_id = fields.Many2one(
        "res.company",
        string="Facility",
        domain=lambda self: [("id", "in", self.env.companies.ids)],
        help="Leave empty to report on all the facilities you work with.",
    )
    period_type = fields.Selection(PERIOD_TYPES, default="month", required=True)
    year = fields.Integer(default=lambda self: self._default_last_month().year)
    month = fields.Selection(
        [(str(m), str(m)) for m in range(1, 13)],
        default=lambda self: str(self._default_last_month().month),
    )
    quarter = fields.Selection(
        [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")],
        default=lambda self: str((self._default_last_month().month - 1) // 3 + 1),
    )
    half = fields.Selection(
        [("1", "First half"), ("2", "Second half")],
        string="Half-year",
        default=lambda self: "1" if self._default_last_month().month <= 6 else "2",
    )
    date_from = fields.Date(
        compute="_compute_dates",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    date_to = fields.Date(
        compute="_compute_dates",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    source = fields.Selection(
        SOURCES,
        string="Figures",
        default="auto",
        required=True,
        help="Recorded figures are stored every night; a report made from them "
        "comes out as it was sent, even after later corrections. The workbook "
        "says which figures it uses and lists the differences.",
    )
    recipient = fields.Char(
        compute="_compute_recipient",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        help="Authority the report is sent to; remembered for the facility.",
    )
    include_annex = fields.Boolean(
        string="Annex: List of Residents",
        help="Adds the residents present during the period: name, birth year, "
        "sex, order and dates only (never medical data).",
    )
    snapshot_complete = fields.Boolean(
        string="Recorded Figures Available", compute="_compute_snapshot_complete"
    )

    # ---------------------------------------------------------------- defaults
    def _default_last_month(self):
        return self.env.company.rehab_today().replace(day=1) - timedelta(days=1)

    @api.depends("period_type", "year", "month", "quarter", "half")
    def _compute_dates(self):
        for wizard in self:
            if wizard.period_type == "custom" or not wizard.year:
                if not wizard.date_from:
                    wizard.date_from, wizard.date_to = xlsx.period_bounds(
                        "month",
                        self._default_last_month().year,
                        self._default_last_month().month,
                    )
                continue
            number = {
                "month": wizard.month,
                "quarter": wizard.quarter,
                "half": wizard.half,
                "year": "1",
            }[wizard.period_type]
            wizard.date_from, wizard.date_to = xlsx.period_bounds(
                wizard.period_type, wizard.year, int(number or 1)
            )

    @api.depends("company_id")
    def _compute_recipient(self):
        params = self.env["ir.config_parameter"].sudo()
        default = params.get_param(RECIPIENT_PARAM, "")
        for wizard in self:
            wizard.recipient = wizard.company_id.rehab_report_recipient or default

    @api.depends("company_id", "date_from", "date_to")
    def _compute_snapshot_complete(self):
        snapshots = self.env["rehab.occupancy.snapshot"]
        for wizard in self:
            wizard.snapshot_complete = bool(
                wizard.date_from
                and wizard.date_to
                and wizard.date_from <= wizard.date_to
                and not snapshots._missing_days(
                    (wizard.company_id or self.env.companies).ids,
                    wizard.date_from,
                    wizard.date_to,
                )
            )

    # ------------------------------------------------------------------ checks
    def _companies(self):
        """The facilities reported on: the chosen one or all the user's."""
        self.ensure_one()
        allowed = self.env.companies
        if self.company_id and self.company_id not in allowed and not self.env.su:
            raise AccessError(
                self.env._(
                    "You do not work with the facility %s.", self.company_id.name
                )
            )
        return self.company_id or allowed

    def _check_request(self, companies):
        user = self.env.user
        if not self.env.su and not any(user.has_group(g) for g in REPORT_GROUPS):
            raise AccessError(
                self.env._("Only facility managers and auditors export reports.")
            )
        if self.date_from > self.date_to:
            raise UserError(self.env._("The period ends before it starts."))
        today = max(company.rehab_today() for company in companies)
        if self.date_to > today:
            raise UserError(
                self.env._(
                    "The period ends on %(end)s, after today (%(today)s): choose a "
                    "period that has ended, or a custom period up to today.",
                    end=self.date_to.strftime("%d/%m/%Y"),
                    today=today.strftime("%d/%m/%Y"),
                )
            )
        snapshots = self.env["rehab.occupancy.snapshot"]
        anomalies = snapshots._stay_anomalies(companies.ids, self.date_to)
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

    def _list_stays(self, rows):
        return "\n".join(
            f"- {row['name']} ({row['resident']})" for row in rows[:30]
        ) + ("\n…" if len(rows) > 30 else "")

    # ----------------------------------------------------------------- figures
    def _compute_report(self):
        """Return (figures for the workbook, file name). Refuses bad figures."""
        self.ensure_one()
        companies = self._companies()
        self._check_request(companies)
        snapshots = self.env["rehab.occupancy.snapshot"]
        ids = companies.ids
        live_rows = snapshots._period_rows(ids, self.date_from, self.date_to, "live")
        recorded_rows = (
            snapshots._period_rows(ids, self.date_from, self.date_to, "snapshot")
            if self.source != "live"
            else None
        )
        if self.source == "snapshot" and recorded_rows is None:
            missing = snapshots._missing_days(ids, self.date_from, self.date_to)
            raise UserError(
                self.env._(
                    "The figures of %(count)s day(s) were not recorded (first: "
                    "%(first)s, %(facility)s). Export the current figures instead.",
                    count=len(missing),
                    first=missing[0][1].strftime("%d/%m/%Y"),
                    facility=self.env["res.company"].browse(missing[0][0]).name,
                )
            )
        live, live_failures = snapshots._assemble_figures(live_rows)
        if live_failures and (recorded_rows is None or self.source == "live"):
            self._refuse_identity(ids, live_failures)
        source, main, recorded = "live", live, None
        if recorded_rows is not None:
            recorded, failures = snapshots._assemble_figures(recorded_rows)
            if failures:
                self._refuse_identity(ids, failures, recorded=True)
            source, main = "snapshot", recorded
        if self.source == "live":
            # Differences with the recorded figures, when they exist.
            other = snapshots._period_rows(
                ids, self.date_from, self.date_to, "snapshot"
            )
            recorded = snapshots._assemble_figures(other)[0] if other else None
        # Vietnamese by design, like the rest of the workbook.
        facility_label = (
            companies.name
            if len(companies) == 1
            else "Các cơ sở: " + ", ".join(companies.mapped("name"))
        )
        company = companies[0]
        recorded_at = snapshots._recorded_at(ids, self.date_from, self.date_to)
        tz = pytz.timezone(company.rehab_tz or "Asia/Ho_Chi_Minh")
        figures = {
            **main,
            "meta": {
                "facility_label": facility_label,
                "facility_ids": ids,
                "period_type": self.period_type,
                "period_label": xlsx.period_label(
                    self.period_type, self.date_from, self.date_to
                ),
                "date_from": self.date_from.isoformat(),
                "date_to": self.date_to.isoformat(),
                "recipient": self.recipient,
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
            },
            "incidents": snapshots._incident_figures(ids, self.date_from, self.date_to),
            "vocational": snapshots._vocational_figures(
                ids, self.date_from, self.date_to
            ),
            "differences": xlsx.differences(recorded, live) if recorded else None,
            "annex": snapshots._annex_rows(ids, self.date_from, self.date_to)
            if self.include_annex
            else None,
        }
        filename = xlsx.report_filename(
            facility_label if len(companies) == 1 else "TatCaCoSo",
            self.period_type,
            self.date_from,
            self.date_to,
        )
        return figures, filename

    def _refuse_identity(self, company_ids, failures, recorded=False):
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
        breakers = self.env["rehab.occupancy.snapshot"]._identity_breakers(
            company_ids, self.date_from, self.date_to
        )
        raise UserError(
            (
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
            + "\n"
            + details
            + (
                "\n"
                + self.env._("Stays that break it:")
                + "\n"
                + self._list_stays(breakers)
                if breakers
                else ""
            )
        )

    # ------------------------------------------------------------------ export
    def action_export(self):
        """Build the workbook, keep it with the export log, download it."""
        self.ensure_one()
        figures, filename = self._compute_report()
        content = xlsx.build_workbook(figures)
        log = self._log_export(figures, filename, content)
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{log.attachment_id.id}?download=true",
            "target": "self",
        }

    def _log_export(self, figures, filename, content):
        if (
            self.company_id
            and self.env.user.has_group("rehab_facility.group_rehab_manager")
            and self.recipient
        ):
            self.company_id.sudo().rehab_report_recipient = self.recipient
        stored = {key: value for key, value in figures.items() if key != "annex"}
        log = (
            self.env["rehab.report.export.log"]
            .sudo()
            .create(
                {
                    "user_id": self.env.user.id,
                    "company_id": self.env.company.id,
                    "facility_ids": [(6, 0, figures["meta"]["facility_ids"])],
                    "period_type": self.period_type,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    "period_label": figures["meta"]["period_label"],
                    "source": figures["meta"]["source"],
                    "recipient": self.recipient,
                    "include_annex": self.include_annex,
                    "filename": filename,
                    "figures": stored,
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
                    "mimetype": "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet",
                }
            )
        )
        return log
