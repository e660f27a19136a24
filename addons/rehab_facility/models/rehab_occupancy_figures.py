"""The occupancy and movement figures of a period, live or as recorded.

Definitions (DOMAIN §5; the export, the dashboard and the nightly job use
them, and the tests check them against counts made independently):

- **In the facility on day D**: a stay with ``admission_date <= D`` and
  (``release_date`` empty or ``release_date > D``) and ``state != 'intake'``.
  A stay released on the last day of a period is therefore *out* by the
  closing count. Archived stays are left out. Escapees and residents in
  hospital keep their stay: counted in the population, shown apart as absent.
- **Absent on D**: an escape or hospital suspension whose local start date is
  ``<= D`` and which has no local end date ``<= D`` (back on D = present).
- **Order type on D**: the ``to`` order type of the stay's latest legal basis
  change dated ``<= D``; before its first change, that change's ``from``
  type; a stay without changes keeps its own order type.
- **Admissions**: ``admission_date`` in the period, by order kind *at
  admission* and ``is_relapse``; **conversions**: basis changes dated in the
  period, out of the ``from`` kind and into the ``to`` kind; **releases**:
  ``release_date`` in the period, by reason and by the order kind on the
  release date; **escapes / suspensions**: absences whose local start falls
  in the period, **returns**: whose local end does (internal movements).
- **Identity**, per facility and order kind: opening + admissions +
  conversions in - conversions out - releases (+ recorded corrections) =
  closing; opening is the population on the day before the period.
- **Age band** on the reference day, in full years (PostgreSQL ``age()``):
  under 14, 14 to under 16, 16 to under 18, 18 to under 30, 30 and over
  (national statistics bands, QĐ 127/2009/QĐ-TTg).
- **Area on D**: the area of the bed held at the end of the local day D.

Every block is one grouped query whatever the number of stays (SQL in
``rehab_occupancy_sql``); the methods here only shape grouped rows into
named structures (dicts keyed by column), JSON-ready for the export log.
Other modules add blocks through ``_extra_period_figures``.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, create_index

from . import rehab_occupancy_sql as occ_sql

POPULATION_COUNTED = {  # movement: sign in the identity
    "admission": 1,
    "conversion_in": 1,
    "conversion_out": -1,
    "release": -1,
    "correction": 1,
}
OCCUPANCY_KEYS = ("total", "present", "escaped", "hospital", "lt14", "14_16",
                  "16_18", "18_30", "30p", "kinh", "other")  # fmt: skip


class RehabOccupancyFigures(models.AbstractModel):
    _name = "rehab.occupancy.figures"
    _description = "Occupancy Figures"

    def init(self):
        """The indexes the figures' queries read through (created on install
        and update; Odoo calls ``init`` of abstract models too).

        - stays by facility and admission / release date: the movements of
          a period and the population on a day;
        - the bed history's held interval ``(date_from, date_to]`` by
          facility (GiST): the beds occupied at the end of a day;
        - absences by start: the escapes and returns of a period.
        """
        cr = self.env.cr
        create_index(
            cr,
            "rehab_stay_company_admission_idx",
            "rehab_stay",
            ["company_id", "admission_date"],
        )
        create_index(
            cr,
            "rehab_stay_company_release_idx",
            "rehab_stay",
            ["company_id", "release_date"],
        )
        create_index(
            cr,
            "rehab_bed_assignment_held_idx",
            "rehab_bed_assignment",
            ["company_id", "tsrange(date_from, date_to, '(]')"],
            method="gist",
        )
        create_index(
            cr,
            "rehab_stay_absence_start_idx",
            "rehab_stay_absence",
            ["date_start", "date_end"],
        )

    # ------------------------------------------------------------ live rows
    @api.model
    def _live_population_rows(self, company_ids, days):
        """Population rows of ``days`` (see ``occ_sql.population_sql``)."""
        self.env.flush_all()
        self.env.cr.execute(occ_sql.population_sql(company_ids, days))
        return self.env.cr.dictfetchall()

    @api.model
    def _live_movement_rows(self, company_ids, date_from, date_to):
        self.env.flush_all()
        self.env.cr.execute(occ_sql.movements_sql(company_ids, date_from, date_to))
        return self.env.cr.dictfetchall()

    @api.model
    def _live_bed_rows(self, company_ids, day):
        """Beds per area at the end of ``day``. Capacity and unavailable beds
        are the beds as they are now (beds keep no history of their
        condition); occupied beds follow the bed history."""
        self.env.flush_all()
        self.env.cr.execute(occ_sql.beds_sql(company_ids, day))
        return self.env.cr.dictfetchall()

    @api.model
    def _period_rows(self, company_ids, date_from, date_to, source):
        """``{"opening", "closing", "movements", "beds"}`` rows of a period.

        ``source`` is ``live`` or ``snapshot``; None when a recorded day is
        missing. Opening and closing populations come from one scan.
        """
        if source == "snapshot":
            return self.env["rehab.occupancy.snapshot"]._recorded_rows(
                company_ids, date_from, date_to
            )
        day_before = date_from - timedelta(days=1)
        population = self._live_population_rows(company_ids, [day_before, date_to])
        return {
            "opening": [row for row in population if row["day"] == day_before],
            "closing": [row for row in population if row["day"] == date_to],
            "movements": self._live_movement_rows(company_ids, date_from, date_to),
            "beds": self._live_bed_rows(company_ids, date_to),
        }

    # -------------------------------------------------------------- shaping
    @api.model
    def _shape_occupancy(self, closing):
        """Sheet 1: ``by_kind_sex[kind][sex][column]`` and ``provinces``."""
        by_kind_sex = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        provinces = defaultdict(lambda: defaultdict(int))
        for row in closing:
            if row["line_type"] == "residence":
                provinces[row["province_id"] or 0][row["sex"]] += row["count"]
                continue
            cell = by_kind_sex[row["order_kind"]][row["sex"]]
            cell["total"] += row["count"]
            cell[row["presence"]] += row["count"]
            cell[row["age_band"]] += row["count"]
            cell["kinh" if row["is_kinh"] else "other"] += row["count"]
        records = (
            self.env["rehab.province"]
            .sudo()
            .with_context(active_test=False)
            .browse(sorted(pid for pid in provinces if pid))
            .sorted("code")
        )
        rows = [
            {"code": province.code, "name": province.name, **provinces[province.id]}
            for province in records
        ]
        if 0 in provinces:  # no home province recorded
            rows.append({"code": "", "name": "", **provinces[0]})
        return {
            "by_kind_sex": {
                kind: {sex: dict(cell) for sex, cell in by_sex.items()}
                for kind, by_sex in by_kind_sex.items()
            },
            "provinces": [
                {**row, "male": row.get("male", 0), "female": row.get("female", 0)}
                for row in rows
            ],
        }

    @api.model
    def _movement_line(self, row):
        movement = row["movement"]
        if movement == "admission":
            return "admission_relapse" if row["is_relapse"] else "admission_first"
        if movement == "release":
            return f"release_{row['release_reason'] or 'completed'}"
        return movement

    @api.model
    def _shape_movements(self, rows, names):
        """Sheet 2: ``lines[line][kind]`` and one dict per facility."""
        lines = defaultdict(lambda: defaultdict(int))
        per_company = defaultdict(lambda: defaultdict(int))
        for key in ("opening", "closing"):
            for row in rows[key]:
                if row["line_type"] == "population":
                    lines[key][row["order_kind"]] += row["count"]
                    per_company[row["company_id"]][key] += row["count"]
        for row in rows["movements"]:
            lines[self._movement_line(row)][row["order_kind"]] += row["count"]
            if row["movement"] in POPULATION_COUNTED:
                per_company[row["company_id"]][row["movement"]] += row["count"]
        facilities = [
            {
                "facility": names[company_id],
                "opening": counts["opening"],
                "admission": counts["admission"],
                "conversion": counts["conversion_in"] - counts["conversion_out"],
                "release": counts["release"],
                "correction": counts["correction"],
                "closing": counts["closing"],
            }
            for company_id, counts in per_company.items()
        ]
        return {
            "lines": {line: dict(by_kind) for line, by_kind in lines.items()},
            "facilities": sorted(facilities, key=lambda row: row["facility"]),
        }

    @api.model
    def _shape_beds(self, beds, names):
        """Sheet 3: one dict per facility and area, in the areas' order."""
        areas = (
            self.env["rehab.area"]
            .sudo()
            .with_context(active_test=False)
            .browse(sorted({row["area_id"] for row in beds if row["area_id"]}))
        )
        order = {area.id: (area.sequence, area.name) for area in areas}
        shaped = [
            {
                "facility": names[row["company_id"]],
                "area": order.get(row["area_id"], (0, ""))[1],
                "sort": order.get(row["area_id"], (0, "")),
                **{measure: row[measure] for measure in occ_sql.BED_MEASURES},
            }
            for row in beds
        ]
        shaped.sort(key=lambda row: (row["facility"], row["sort"]))
        for row in shaped:
            del row["sort"]
        return shaped

    @api.model
    def _identity_failures(self, rows):
        """``[(company_id, kind, expected, closing)]`` where the identity fails."""
        balance = defaultdict(int)
        closing = defaultdict(int)
        for row in rows["opening"]:
            if row["line_type"] == "population":
                balance[(row["company_id"], row["order_kind"])] += row["count"]
        for row in rows["movements"]:
            sign = POPULATION_COUNTED.get(row["movement"])
            if sign:
                key = (row["company_id"], row["order_kind"])
                balance[key] += sign * row["count"]
        for row in rows["closing"]:
            if row["line_type"] == "population":
                closing[(row["company_id"], row["order_kind"])] += row["count"]
        return [
            (company_id, kind, balance[(company_id, kind)], closing[(company_id, kind)])
            for company_id, kind in sorted(set(balance) | set(closing), key=str)
            if balance[(company_id, kind)] != closing[(company_id, kind)]
        ]

    @api.model
    def _assemble(self, rows):
        """Shape period rows: ``(figures, identity failures)``.

        Failures name the facility: ``(facility, kind, expected, closing)``.
        """
        failures = self._identity_failures(rows)
        company_ids = {row["company_id"] for key in rows for row in rows[key]} | {
            failure[0] for failure in failures
        }
        companies = self.env["res.company"].sudo().browse(sorted(company_ids))
        names = {company.id: company.name for company in companies}
        figures = {
            "occupancy": self._shape_occupancy(rows["closing"]),
            "movements": self._shape_movements(rows, names),
            "beds": self._shape_beds(rows["beds"], names),
        }
        return figures, [(names[c], kind, exp, got) for c, kind, exp, got in failures]

    @api.model
    def _per_facility(self, rows, total):
        """One ``{facility, occupancy, movements}`` per facility, from the same
        rows as the total (no query), reconciled: the facilities add up to
        the total, line by line and order by order."""
        company_ids = sorted({row["company_id"] for key in rows for row in rows[key]})
        companies = self.env["res.company"].sudo().browse(company_ids)
        names = {company.id: company.name for company in companies}
        shaped = []
        summed = defaultdict(int)
        for company_id in company_ids:
            own = {
                key: [row for row in rows[key] if row["company_id"] == company_id]
                for key in rows
            }
            lines = self._shape_movements(own, names)["lines"]
            shaped.append(
                {
                    "facility": names[company_id],
                    "occupancy": self._shape_occupancy(own["closing"]),
                    "movements": {"lines": lines},
                }
            )
            for line, by_kind in lines.items():
                for kind, count in by_kind.items():
                    summed[(line, kind)] += count
        expected = {
            (line, kind): count
            for line, by_kind in total["movements"]["lines"].items()
            for kind, count in by_kind.items()
        }
        if {k: v for k, v in summed.items() if v} != {
            k: v for k, v in expected.items() if v
        }:
            raise UserError(
                self.env._(
                    "The facilities' figures do not add up to the total; "
                    "no report was produced."
                )
            )
        return sorted(shaped, key=lambda row: row["facility"])

    # ------------------------------------------------------- other blocks
    @api.model
    def _report_lang(self):
        """Vietnamese for the records' names (incident types, trades)."""
        return self.env["res.lang"]._get_code("vi_VN") or self.env.lang

    @api.model
    def _incident_figures(self, company_ids, date_from, date_to):
        """Incidents by type and severity (local date in the period; duplicate
        and archived ones left out): ``[{"type", "by_severity"}]``."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT i.type_id, i.severity, COUNT(*)
                  FROM rehab_incident i
                  JOIN res_company c ON c.id = i.company_id
                 WHERE i.company_id = ANY(%(companies)s) AND i.active
                   AND i.state != 'duplicate'
                   AND i.date >= %(d1)s::date - 1 AND i.date < %(d2)s::date + 2
                   AND %(day)s BETWEEN %(d1)s AND %(d2)s
                 GROUP BY 1, 2
                """,
                companies=list(company_ids),
                day=occ_sql.local_date_sql(SQL("i.date")),
                d1=date_from,
                d2=date_to,
            )
        )
        counts = defaultdict(dict)
        for type_id, severity, count in self.env.cr.fetchall():
            counts[type_id][severity] = count
        types = (
            self.env["rehab.incident.type"]
            .sudo()
            .with_context(active_test=False, lang=self._report_lang())
            .browse(sorted(counts))
            .sorted(lambda t: (t.sequence, t.name))
        )
        return [{"type": kind.name, "by_severity": counts[kind.id]} for kind in types]

    @api.model
    def _annex_rows(self, company_ids, date_from, date_to):
        """Residents in the facility during the period: name, birth year,
        sex, order kind and dates only, nothing else (DOMAIN §7)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT r.name, r.birth_year, r.sex, ot.kind AS order_kind,
                       s.admission_date AS admission,
                       CASE WHEN s.release_date <= %(d2)s THEN s.release_date END
                           AS release
                  FROM rehab_stay s
                  JOIN rehab_resident r ON r.id = s.resident_id
                  JOIN rehab_order_type ot ON ot.id = %(order_type)s
                 WHERE %(counted)s AND s.admission_date <= %(d2)s
                   AND (s.release_date IS NULL OR s.release_date >= %(d1)s)
                 ORDER BY r.name, s.admission_date, s.id
                """,
                order_type=occ_sql.order_type_on_sql(
                    SQL("LEAST(COALESCE(s.release_date, %s), %s)", date_to, date_to)
                ),
                counted=occ_sql.counted_stays_sql(company_ids),
                d1=date_from,
                d2=date_to,
            )
        )
        return [
            {
                **row,
                "admission": row["admission"].isoformat(),
                "release": row["release"].isoformat() if row["release"] else "",
            }
            for row in self.env.cr.dictfetchall()
        ]

    @api.model
    def _gate_figures(self, company_ids, date_from, date_to):
        """Visits and funeral leave of the period (Decree 116/2021 Art. 69-70),
        one grouped query: ``{visits: {kind: n}, visitors, items_confiscated,
        contraband, leaves_departed, leaves_late}``.

        Visits held (done) on a local day of the period, by kind; their
        visitors; items confiscated at inspections of those days (of which
        prohibited); funeral leaves that departed in the period, and of them
        those back after the due time or not back (an escape).
        """
        self.env.flush_all()
        local = occ_sql.local_date_sql
        self.env.cr.execute(
            SQL(
                """
                SELECT 'visit:' || v.kind AS measure, COUNT(*) AS value
                  FROM rehab_visit v
                 WHERE v.company_id = ANY(%(companies)s) AND v.state = 'done'
                   AND v.visit_date BETWEEN %(d1)s AND %(d2)s
                 GROUP BY v.kind
                UNION ALL
                SELECT 'visitors', COUNT(*)
                  FROM rehab_visit_visitor vv
                  JOIN rehab_visit v ON v.id = vv.visit_id
                 WHERE v.company_id = ANY(%(companies)s) AND v.state = 'done'
                   AND v.visit_date BETWEEN %(d1)s AND %(d2)s
                UNION ALL
                SELECT CASE WHEN i.contraband THEN 'contraband'
                            ELSE 'confiscated' END, COUNT(*)
                  FROM rehab_visit_item i
                  JOIN rehab_visit v ON v.id = i.visit_id
                 WHERE v.company_id = ANY(%(companies)s)
                   AND i.outcome = 'confiscated'
                   AND v.visit_date BETWEEN %(d1)s AND %(d2)s
                 GROUP BY 1
                UNION ALL
                SELECT CASE WHEN l.state = 'escaped'
                              OR l.date_return > l.due_back_at THEN 'late'
                            ELSE 'departed' END, COUNT(*)
                  FROM rehab_funeral_leave l
                  JOIN res_company c ON c.id = l.company_id
                 WHERE l.company_id = ANY(%(companies)s)
                   AND l.date_departure IS NOT NULL
                   AND %(departed)s BETWEEN %(d1)s AND %(d2)s
                 GROUP BY 1
                """,
                companies=list(company_ids),
                departed=local(SQL("l.date_departure")),
                d1=date_from,
                d2=date_to,
            )
        )
        counts = dict(self.env.cr.fetchall())
        confiscated = counts.get("confiscated", 0) + counts.get("contraband", 0)
        return {
            "visits": {
                key[len("visit:") :]: int(value)
                for key, value in counts.items()
                if key.startswith("visit:")
            },
            "visitors": int(counts.get("visitors", 0)),
            "items_confiscated": int(confiscated),
            "contraband": int(counts.get("contraband", 0)),
            "leaves_departed": int(counts.get("departed", 0) + counts.get("late", 0)),
            "leaves_late": int(counts.get("late", 0)),
        }

    @api.model
    def _extra_period_figures(self, company_ids, date_from, date_to):
        """Hook: more blocks of the period, ``{block key: JSON figures}``.

        Modules add their blocks with ``super()`` (rehab_vocational adds its
        training figures); the workbook writes a sheet for every block it
        has a writer for (``report.rehab_facility.occupancy_xlsx._sheets``).
        """
        return {}
