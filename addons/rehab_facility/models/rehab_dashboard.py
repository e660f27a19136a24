from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .rehab_resident import ACTIVE_STAY_STATES

RELEASE_HORIZON_DAYS = 30
COUNT_KEYS = ("due", "overdue", "admissions", "releases")
# The presence of a stay in the facility, from its state.
STATE_PRESENCE = {"in_rehab": "present", "absent": "escaped", "suspended": "hospital"}


class RehabDashboard(models.TransientModel):
    """Manager dashboard: the facilities' figures now, as tiles.

    Occupancy now (per area), releases due within 30 days, incidents this
    month, admissions and releases this month. Same definitions as the
    report (``rehab.occupancy.figures``): for today they are the stays' and
    beds' stored current state (state, current bed), read by two grouped
    queries (``_stay_figures``, ``_bed_figures``); each tile opens the
    filtered list behind it. Covers the facilities selected in the company
    switcher. Other modules add tiles through ``_extra_figures`` (fields and
    a view extension of their own).
    """

    _name = "rehab.dashboard"
    _inherit = ["rehab.dashboard.chart.mixin"]
    _description = "Facility Dashboard"

    today = fields.Date(compute="_compute_figures")
    facility_names = fields.Char(string="Facilities", compute="_compute_figures")
    in_facility_count = fields.Integer(
        string="In the Facility", compute="_compute_figures"
    )
    present_count = fields.Integer(string="Present", compute="_compute_figures")
    escaped_count = fields.Integer(string="Escaped", compute="_compute_figures")
    hospital_count = fields.Integer(string="In Hospital", compute="_compute_figures")
    bed_capacity = fields.Integer(string="Beds", compute="_compute_figures")
    bed_occupied = fields.Integer(string="Occupied Beds", compute="_compute_figures")
    bed_free = fields.Integer(string="Free Beds", compute="_compute_figures")
    occupancy_rate = fields.Float(
        string="Bed Occupancy (%)", compute="_compute_figures", digits=(5, 1)
    )
    area_table = fields.Html(
        string="Occupancy by Area", compute="_compute_figures", sanitize=False
    )
    releases_due_count = fields.Integer(
        string="Releases Due in 30 Days", compute="_compute_figures"
    )
    release_overdue_count = fields.Integer(
        string="Past Release Date", compute="_compute_figures"
    )
    admissions_month_count = fields.Integer(
        string="Admissions This Month", compute="_compute_figures"
    )
    releases_month_count = fields.Integer(
        string="Releases This Month", compute="_compute_figures"
    )
    incidents_month_count = fields.Integer(
        string="Incidents This Month", compute="_compute_figures"
    )
    serious_incidents_month_count = fields.Integer(
        string="High or Critical", compute="_compute_figures"
    )

    visits_month_count = fields.Integer(
        string="Visits This Month", compute="_compute_figures"
    )
    confiscated_month_count = fields.Integer(
        string="Items Confiscated", compute="_compute_figures"
    )
    leaves_late_month_count = fields.Integer(
        string="Funeral Leave Back Late", compute="_compute_figures"
    )

    def _compute_display_name(self):
        for dashboard in self:
            dashboard.display_name = self.env._("Dashboard")

    # ---------------------------------------------------------------- figures
    def _dates(self):
        today = self.env.company.rehab_today()
        return today, today.replace(day=1), today - timedelta(days=today.weekday())

    @api.depends_context("allowed_company_ids")
    def _compute_figures(self):
        companies = self.env.companies
        ids = companies.ids
        today, month_start, week_start = self._dates()
        figures = self.env["rehab.occupancy.figures"]
        stays = self._stay_figures(ids, today, month_start)
        presence = defaultdict(int)
        for counts in stays["by_area"].values():
            for key, count in counts.items():
                presence[key] += count
        beds = self._bed_figures(ids)
        incidents = [
            row["by_severity"]
            for row in figures._incident_figures(ids, month_start, today)
        ]
        capacity = sum(row["capacity"] for row in beds)
        occupied = sum(row["occupied"] for row in beds)
        values = {
            "today": today,
            "facility_names": ", ".join(companies.mapped("name")),
            "in_facility_count": sum(presence.values()),
            "present_count": presence["present"],
            "escaped_count": presence["escaped"],
            "hospital_count": presence["hospital"],
            "bed_capacity": capacity,
            "bed_occupied": occupied,
            "bed_free": sum(row["free"] for row in beds),
            "occupancy_rate": 100.0 * occupied / capacity if capacity else 0.0,
            "area_table": self._area_table(beds, stays["by_area"], len(companies) > 1),
            "releases_due_count": stays["due"],
            "release_overdue_count": stays["overdue"],
            "admissions_month_count": stays["admissions"],
            "releases_month_count": stays["releases"],
            "incidents_month_count": sum(
                sum(by_severity.values()) for by_severity in incidents
            ),
            "serious_incidents_month_count": sum(
                by_severity.get("high", 0) + by_severity.get("critical", 0)
                for by_severity in incidents
            ),
            **self._gate_values(figures._gate_figures(ids, month_start, today)),
            **self._extra_figures(ids, today, month_start, week_start),
        }
        for dashboard in self:
            dashboard.update(values)

    def _stay_figures(self, company_ids, today, month_start):
        """Now, from the stays' stored current state (their state and current
        bed, which the report's definitions give for today), in one grouped
        query: ``{by_area: {area: {presence: n}}, due, overdue, admissions,
        releases}``. Same stays as the tiles' lists (``action_open_*``);
        counts only, whatever the user may read."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT s.current_area_id, s.state,
                       COUNT(*) FILTER (WHERE s.state IN %(here)s
                                          AND s.admission_date <= %(today)s) AS n,
                       COUNT(*) FILTER (WHERE s.state IN %(here)s
                                          AND s.expected_release_date
                                              BETWEEN %(today)s AND %(horizon)s)
                           AS due,
                       COUNT(*) FILTER (WHERE s.state IN %(active)s
                                          AND s.expected_release_date < %(today)s)
                           AS overdue,
                       COUNT(*) FILTER (WHERE s.state != 'intake'
                                          AND s.admission_date
                                              BETWEEN %(month)s AND %(today)s)
                           AS admissions,
                       COUNT(*) FILTER (WHERE s.state != 'intake'
                                          AND s.release_date
                                              BETWEEN %(month)s AND %(today)s)
                           AS releases
                  FROM rehab_stay s
                 WHERE s.company_id = ANY(%(companies)s) AND s.active
                   AND (s.state IN %(active)s OR s.admission_date >= %(month)s
                        OR s.release_date >= %(month)s)
                 GROUP BY 1, 2
                """,
                here=tuple(s for s in ACTIVE_STAY_STATES if s != "intake"),
                active=ACTIVE_STAY_STATES,
                today=today,
                horizon=today + timedelta(days=RELEASE_HORIZON_DAYS),
                month=month_start,
                companies=list(company_ids),
            )
        )
        found = {"by_area": defaultdict(lambda: defaultdict(int))}
        found.update(dict.fromkeys(COUNT_KEYS, 0))
        for area_id, state, n, *counts in self.env.cr.fetchall():
            if n:
                found["by_area"][area_id][STATE_PRESENCE[state]] += n
            for key, count in zip(COUNT_KEYS, counts, strict=True):
                found[key] += count
        return found

    def _bed_figures(self, company_ids):
        """Beds per area now, from the beds' stored current occupant (the
        report's ``beds_sql`` for today): ``[{area_id, capacity, occupied,
        unavailable, free}]``."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT area_id, COUNT(*) AS capacity,
                       COUNT(current_assignment_id) AS occupied,
                       COUNT(*) FILTER (WHERE current_assignment_id IS NULL
                                          AND condition != 'available')
                           AS unavailable,
                       COUNT(*) FILTER (WHERE current_assignment_id IS NULL
                                          AND condition = 'available') AS free
                  FROM rehab_bed
                 WHERE company_id = ANY(%s) AND active
                 GROUP BY 1
                """,
                list(company_ids),
            )
        )
        return self.env.cr.dictfetchall()

    def _gate_values(self, gate):
        return {
            "visits_month_count": sum(gate["visits"].values()),
            "confiscated_month_count": gate["items_confiscated"],
            "leaves_late_month_count": gate["leaves_late"],
        }

    def _extra_figures(self, company_ids, today, month_start, week_start):
        """Hook: more tile values ``{field: value}`` for the same facilities."""
        return {}

    def _area_table(self, beds, by_area, show_facility):
        areas = (
            self.env["rehab.area"]
            .sudo()
            .with_context(active_test=False)
            .browse([row["area_id"] for row in beds if row["area_id"]])
        )
        labels = {area.id: area for area in areas}
        head = [
            self.env._("Area"),
            self.env._("Beds"),
            self.env._("Occupied"),
            self.env._("Present"),
            self.env._("Absent"),
            self.env._("Free"),
            self.env._("Occupancy"),
        ]
        if show_facility:
            head.insert(0, self.env._("Facility"))
        rows = []
        for row in sorted(
            beds,
            key=lambda r: (
                labels[r["area_id"]].company_id.name,
                labels[r["area_id"]].sequence,
                labels[r["area_id"]].name,
            ),
        ):
            area = labels[row["area_id"]]
            counts = by_area.get(area.id, {})
            cells = [
                area.display_name,
                row["capacity"],
                row["occupied"],
                counts.get("present", 0),
                counts.get("escaped", 0) + counts.get("hospital", 0),
                row["free"],
                f"{100.0 * row['occupied'] / row['capacity']:.0f}%"
                if row["capacity"]
                else "-",
            ]
            if show_facility:
                cells.insert(0, area.company_id.name)
            rows.append(cells)
        # Every cell escaped; joined as plain strings (one Markup at the end).
        header = "".join(f"<th>{escape(label)}</th>" for label in head)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>"
            for cells in rows
        )
        return Markup(
            '<table class="table table-sm table-hover o_rehab_dashboard_areas">'
            f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"
        )

    def _releases_due_domain(self):
        today = self._dates()[0]
        return [
            ("company_id", "in", self.env.companies.ids),
            ("state", "in", [s for s in ACTIVE_STAY_STATES if s != "intake"]),
            ("expected_release_date", ">=", today),
            (
                "expected_release_date",
                "<=",
                today + timedelta(days=RELEASE_HORIZON_DAYS),
            ),
        ]

    # ---------------------------------------------------------------- actions
    @api.model
    def action_open_dashboard(self):
        return {
            "type": "ir.actions.act_window",
            # The action's id ties the screen to its app: the menus show.
            "id": self.env.ref("rehab_facility.rehab_dashboard_action").id,
            "name": self.env._("Dashboard"),
            "res_model": self._name,
            "res_id": self.create({}).id,
            "view_mode": "form",
            "target": "current",
        }

    def _list_action(self, model, name, domain, context=None, view_mode="list,form"):
        if not self.env[model].has_access("read"):
            raise AccessError(
                self.env._(
                    "These figures come from records you do not read: the "
                    "tile gives the count only."
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": view_mode,
            "views": [(False, mode) for mode in view_mode.split(",")],
            "domain": domain,
            "context": context or {},
            "target": "current",
        }

    def action_open_in_facility(self):
        today = self._dates()[0]
        return self._list_action(
            "rehab.stay",
            self.env._("In the Facility"),
            [
                ("company_id", "in", self.env.companies.ids),
                ("state", "!=", "intake"),
                ("admission_date", "<=", today),
                "|",
                ("release_date", "=", False),
                ("release_date", ">", today),
            ],
            {"search_default_group_area": 1},
        )

    def action_open_absent(self):
        return self._list_action(
            "rehab.stay",
            self.env._("Absent: Escaped or in Hospital"),
            [
                ("company_id", "in", self.env.companies.ids),
                ("state", "in", ["absent", "suspended"]),
            ],
        )

    def action_open_roll_count(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "rehab_facility.rehab_area_action_roll_count"
        )

    def action_open_releases_due(self):
        return self._list_action(
            "rehab.stay",
            self.env._("Releases Due in 30 Days"),
            self._releases_due_domain(),
        )

    def action_open_release_overdue(self):
        return self._list_action(
            "rehab.stay",
            self.env._("Past Release Date"),
            [
                ("company_id", "in", self.env.companies.ids),
                ("release_overdue", "=", True),
            ],
        )

    def _month_stays_action(self, name, date_field):
        today, month_start, __ = self._dates()
        return self._list_action(
            "rehab.stay",
            name,
            [
                ("company_id", "in", self.env.companies.ids),
                ("state", "!=", "intake"),
                (date_field, ">=", month_start),
                (date_field, "<=", today),
            ],
        )

    def action_open_admissions_month(self):
        return self._month_stays_action(
            self.env._("Admissions This Month"), "admission_date"
        )

    def action_open_releases_month(self):
        return self._month_stays_action(
            self.env._("Releases This Month"), "release_date"
        )

    def action_open_incidents_month(self):
        today, month_start, __ = self._dates()
        return self._list_action(
            "rehab.incident",
            self.env._("Incidents This Month"),
            [
                ("company_id", "in", self.env.companies.ids),
                ("month", "=", month_start),
                ("state", "!=", "duplicate"),
            ],
            {"search_default_group_type": 1},
            "list,form,pivot",
        )

    def action_open_export(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "rehab_facility.rehab_report_export_wizard_action"
        )

    def action_open_history(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "rehab_facility.rehab_occupancy_snapshot_action"
        )
