from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

SHEET_STATES = [
    ("draft", "Draft"),
    ("proposed", "Proposed"),
    ("approved", "Approved"),
]
MANAGER = "rehab_facility.group_rehab_manager"


def month_start(value):
    value = fields.Date.to_date(value)
    return value.replace(day=1) if value else value


class RehabRatingSheet(models.Model):
    """The monthly rating sheet of one area (Decree 116/2021 Art. 58).

    Lists every resident whose bed was in the area at the end of their time
    there that month (one area per resident and month), those away the whole
    month marked so. The area officer rates and ``propose``s; the director
    ``approve``s, which locks it. Late or missing sheets raise an activity
    (``_cron_rating_sheets``).
    """

    _name = "rehab.rating.sheet"
    _description = "Monthly Rating Sheet"
    _inherit = ["mail.thread", "mail.activity.mixin", "rehab.guarded.mixin"]
    _order = "month desc, area_id"
    _check_company_auto = True
    _user_create_fields = ("area_id", "month", "company_id")
    _user_write_fields = {}

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        string="Facility",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    area_id = fields.Many2one(
        "rehab.area", required=True, index=True, check_company=True
    )
    month = fields.Date(
        required=True,
        index=True,
        default=lambda self: month_start(self.env.company.rehab_today()),
        help="The first day of the rated month.",
    )
    state = fields.Selection(
        SHEET_STATES, default="draft", required=True, tracking=True, index=True
    )
    rating_ids = fields.One2many("rehab.rating", "sheet_id", string="Ratings")
    rated_count = fields.Integer(compute="_compute_counts")
    resident_count = fields.Integer(compute="_compute_counts")
    proposed_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    proposed_date = fields.Date(readonly=True)
    approved_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    approved_date = fields.Date(readonly=True)

    _sql_constraints = [
        (
            "area_month_unique",
            "UNIQUE(area_id, month)",
            "An area has one rating sheet a month.",
        )
    ]

    @api.depends("area_id", "month")
    def _compute_name(self):
        for sheet in self:
            sheet.name = (
                f"{sheet.area_id.name or ''} {sheet.month.strftime('%m/%Y')}"
                if sheet.month
                else sheet.area_id.name or ""
            )

    @api.depends("rating_ids.level_id", "rating_ids.away")
    def _compute_counts(self):
        groups = {
            (sheet, bool(level)): count
            for sheet, level, count in self.env["rehab.rating"]._read_group(
                [("sheet_id", "in", self.ids)], ["sheet_id", "level_id"], ["__count"]
            )
        }
        for sheet in self:
            sheet.rated_count = groups.get((sheet, True), 0)
            sheet.resident_count = sheet.rated_count + groups.get((sheet, False), 0)

    # ------------------------------------------------------------- filling
    def _utc_bounds(self):
        """The month as [start, end) naive UTC datetimes, facility time."""
        self.ensure_one()
        tz = pytz.timezone(self.company_id.rehab_tz or "Asia/Ho_Chi_Minh")
        start = self.month
        end = start + relativedelta(months=1)
        return tuple(
            tz.localize(datetime.combine(day, time.min))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
            for day in (start, end)
        )

    def _residents_of_month(self):
        """[(stay id, away all month)] of the area, in one query."""
        self.ensure_one()
        start, end = self._utc_bounds()
        for model in ("rehab.bed.assignment", "rehab.stay.absence", "rehab.stay"):
            self.env[model].flush_model()
        self.env.cr.execute(
            """
            WITH last_bed AS (
                SELECT DISTINCT ON (a.stay_id) a.stay_id, a.area_id
                  FROM rehab_bed_assignment a
                  JOIN rehab_stay s ON s.id = a.stay_id
                 WHERE s.company_id = %(company)s AND s.state != 'intake'
                   AND a.date_from < %(end)s
                   AND (a.date_to IS NULL OR a.date_to > %(start)s)
              ORDER BY a.stay_id, a.date_from DESC, a.id DESC
            )
            SELECT b.stay_id, EXISTS (
                       SELECT 1 FROM rehab_stay_absence x
                        WHERE x.stay_id = b.stay_id
                          AND x.kind IN ('escape', 'suspension')
                          AND x.date_start <= %(start)s
                          AND (x.date_end IS NULL OR x.date_end >= %(end)s))
              FROM last_bed b
             WHERE b.area_id = %(area)s
               AND NOT EXISTS (SELECT 1 FROM rehab_rating r
                                WHERE r.stay_id = b.stay_id AND r.month = %(month)s)
            """,
            {
                "company": self.company_id.id,
                "area": self.area_id.id,
                "start": start,
                "end": end,
                "month": self.month,
            },
        )
        return self.env.cr.fetchall()

    def _fill(self):
        """Add a line for every resident of the month not yet on a sheet."""
        for sheet in self.sudo():
            rows = sheet._residents_of_month()
            self.env["rehab.rating"].sudo().create(
                [
                    {
                        "sheet_id": sheet.id,
                        "stay_id": stay_id,
                        "month": sheet.month,
                        "away": away,
                    }
                    for stay_id, away in rows
                ]
            )
        return True

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = month_start(vals["month"])
        sheets = super().create(vals_list)
        for sheet in sheets:
            if sheet.month > month_start(sheet.company_id.rehab_today()):
                raise ValidationError(
                    self.env._("A month that has not begun cannot be rated.")
                )
        sheets._fill()
        return sheets

    # --------------------------------------------------------- transitions
    def action_refresh(self):
        """Add residents who arrived in the area since the sheet was opened."""
        sheets = self._guard_check_access("write")
        if any(sheet.state != "draft" for sheet in sheets):
            raise UserError(self.env._("Only a draft sheet takes new residents."))
        sheets._fill()
        return True

    def propose(self):
        """The area officer proposes the ratings: every resident rated."""
        sheets = self._guard_check_access("write")
        for sheet in sheets:
            if sheet.state != "draft":
                raise UserError(self.env._("Only a draft sheet can be proposed."))
            sheet._check_complete()
        sheets.write(
            {
                "state": "proposed",
                "proposed_by_id": self.env.user.id,
                "proposed_date": self.env.company.rehab_today(),
            }
        )
        sheets.activity_feedback(["rehab_facility.mail_activity_rating_sheet"])
        return True

    def approve(self):
        """The director approves and locks the ratings."""
        sheets = self._check_director()
        for sheet in sheets:
            if sheet.state != "proposed":
                raise UserError(self.env._("Only a proposed sheet can be approved."))
            sheet._check_complete()
        sheets.write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approved_date": self.env.company.rehab_today(),
            }
        )
        return True

    def return_to_draft(self, reason):
        """The director sends a proposed sheet back to the officer."""
        sheets = self._check_director()
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(self.env._("Say why the sheet goes back."))
        if any(sheet.state != "proposed" for sheet in sheets):
            raise UserError(
                self.env._(
                    "Only a proposed sheet goes back: an approved one is locked."
                )
            )
        sheets.write({"state": "draft"})
        for sheet in sheets:
            sheet.message_post(body=self.env._("Sent back to the officer: %s", reason))
        return True

    def _check_director(self):
        sheets = self._guard_check_access("write")
        if not self.env.su and not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._("Only the director approves the monthly ratings.")
            )
        return sheets

    def _check_complete(self):
        """Every resident present rated; the lowest level explained."""
        self.ensure_one()
        Rating = self.env["rehab.rating"].sudo()
        missing = Rating.search(
            [
                ("sheet_id", "=", self.id),
                ("away", "=", False),
                ("level_id", "=", False),
            ],
            limit=5,
        )
        if missing:
            raise ValidationError(
                self.env._(
                    "Rate every resident present this month first: %s.",
                    ", ".join(missing.mapped("resident_name")),
                )
            )
        unexplained = Rating.search(
            [
                ("sheet_id", "=", self.id),
                ("level_id.comment_required", "=", True),
                "|",
                ("comment", "=", False),
                ("comment", "=", ""),
            ],
            limit=5,
        )
        if unexplained:
            raise ValidationError(
                self.env._(
                    "Say why these residents are rated “%(level)s”: %(names)s.",
                    level=unexplained[0].level_id.name,
                    names=", ".join(unexplained.mapped("resident_name")),
                )
            )

    # --------------------------------------------------------------- cron
    @api.model
    def _cron_rating_sheets(self):
        """Open the missing sheets of last month and chase the late ones."""
        deadline_day = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("rehab_facility.rating_sheet_deadline_day", 5)
        )
        Sheet = self.sudo()
        for company in self.env["res.company"].sudo().search([]):
            today = company.rehab_today()
            if today.day < deadline_day:
                continue
            month = month_start(today) - relativedelta(months=1)
            areas = (
                self.env["rehab.area"].sudo().search([("company_id", "=", company.id)])
            )
            existing = Sheet.search(
                [("company_id", "=", company.id), ("month", "=", month)]
            )
            for area in areas - existing.area_id:
                sheet = Sheet.with_company(company).create(
                    {"area_id": area.id, "month": month, "company_id": company.id}
                )
                if not sheet.rating_ids:
                    sheet.unlink_empty()
            late = Sheet.search(
                [
                    ("company_id", "=", company.id),
                    ("month", "=", month),
                    ("state", "!=", "approved"),
                ]
            )
            late._schedule_late_activity(company)
        return True

    def unlink_empty(self):
        """An area without residents that month needs no sheet (cron only)."""
        self.sudo().with_context(rehab_unlink_empty_sheet=True).unlink()

    def _schedule_late_activity(self, company):
        managers = company._rehab_managers()
        if not managers:
            return
        kind = self.env.ref("rehab_facility.mail_activity_rating_sheet")
        for sheet in self:
            if sheet.activity_ids.filtered(lambda a: a.activity_type_id == kind):
                continue
            user = sheet.proposed_by_id or managers[:1]
            sheet.activity_schedule(
                "rehab_facility.mail_activity_rating_sheet",
                user_id=user.id,
                note=self.env._("The rating sheet of %s is late.", sheet.name),
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_empty(self):
        for sheet in self:
            if sheet.rating_ids or not self.env.context.get("rehab_unlink_empty_sheet"):
                raise UserError(
                    self.env._(
                        "A rating sheet cannot be deleted: "
                        "it is the record of the ratings."
                    )
                )
