from datetime import datetime

import pytz

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import ValidationError

# Centrally-run cities (thành phố trực thuộc trung ương, 2025 list).
CITY_PROVINCE_CODES = frozenset({"01", "31", "46", "48", "79", "92"})


class ResCompany(models.Model):
    """A company is a facility (cơ sở cai nghiện)."""

    _inherit = "res.company"

    rehab_tz = fields.Selection(
        selection="_tz_get",
        string="Facility Time Zone",
        default="Asia/Ho_Chi_Minh",
        required=True,
        help="A legal day (admission, release, escape) is the facility's local "
        "day in this time zone, never UTC.",
    )
    rehab_director_name = fields.Char(string="Facility Director")
    # Decree 30/2020/NĐ-CP Annex I: the letterhead of every official document.
    rehab_superior_authority = fields.Char(
        string="Superior Authority",
        help="Printed above the facility's name on its documents (tên cơ quan "
        "chủ quản), e.g. CÔNG AN TỈNH QUẢNG NINH or SỞ Y TẾ TỈNH QUẢNG NINH.",
    )
    rehab_place_name = fields.Char(
        string="Place Name on Documents",
        help="Địa danh before the date of a document, e.g. Quảng Ninh or Hạ Long. "
        "Empty: the facility's city.",
    )
    rehab_province_id = fields.Many2one(
        "rehab.province",
        string="Province",
        help="The province of the facility: names its provincial police (Công "
        "an tỉnh …) in the report's recipient line.",
    )
    rehab_report_recipient = fields.Char(
        string="Report Recipient",
        help="Authority the periodic occupancy report is sent to (historically "
        "the DOLISA, since 2025 the provincial police drug division). Empty: "
        "the system default (rehab_facility.report_recipient).",
    )
    rehab_release_user_id = fields.Many2one(
        "res.users",
        string="Release Follow-up By",
        help="Receives the reminders to notify the home commune before a release "
        "and the overdue follow-ups. Defaults to a facility manager.",
    )

    # Visits and funeral leave (Decree 116/2021 Art. 69-70): the numbers may
    # change under the 2026 decree, so each is a facility setting.
    rehab_visit_interval_days = fields.Integer(
        string="Days Between Family Visits",
        default=7,
        help="Decree 116/2021 Art. 69: one family visit a week. A resident's "
        "next visit may be booked this many days after the previous one.",
    )
    rehab_visit_max_hours = fields.Float(
        string="Family Visit: Hours",
        default=2.0,
        help="Decree 116/2021 Art. 69: a visit lasts at most 2 hours.",
    )
    rehab_visit_extended_hours = fields.Float(
        string="Family Visit: Hours with the Director's Approval",
        default=4.0,
        help="Decree 116/2021 Art. 69: up to 4 hours with the director's approval.",
    )
    rehab_visit_max_visitors = fields.Integer(
        string="Family Visit: Relatives",
        default=3,
        help="Decree 116/2021 Art. 69: at most 3 relatives per visit.",
    )
    rehab_private_visit_max_hours = fields.Float(
        string="Private Spouse Visit: Hours",
        default=48.0,
        help="Decree 116/2021 Art. 69: a spouse's private visit lasts at most "
        "48 hours.",
    )
    rehab_private_visits_per_month = fields.Integer(
        string="Private Spouse Visits per Month",
        default=1,
        help="Decree 116/2021 Art. 69: one private visit of the spouse a month.",
    )
    rehab_funeral_leave_days = fields.Integer(
        string="Funeral Leave: Days",
        default=5,
        help="Decree 116/2021 Art. 70: at most 5 days for the death of a parent, "
        "the spouse or a child, travel time not included.",
    )
    rehab_funeral_travel_days = fields.Integer(
        string="Funeral Leave: Travel Days at Most",
        default=2,
        help="Travel time is added to the leave (Decree 116/2021 Art. 70); the "
        "law gives no number: this is the facility's ceiling.",
    )

    @api.constrains(
        "rehab_visit_interval_days",
        "rehab_visit_max_hours",
        "rehab_visit_extended_hours",
        "rehab_visit_max_visitors",
        "rehab_private_visit_max_hours",
        "rehab_private_visits_per_month",
        "rehab_funeral_leave_days",
        "rehab_funeral_travel_days",
    )
    def _check_rehab_gate_settings(self):
        for company in self:
            if not (
                1 <= company.rehab_visit_interval_days <= 366
                and 0 < company.rehab_visit_max_hours <= 24
                and company.rehab_visit_max_hours
                <= company.rehab_visit_extended_hours
                <= 24
                and 1 <= company.rehab_visit_max_visitors <= 50
                and 0 < company.rehab_private_visit_max_hours <= 24 * 7
                and 1 <= company.rehab_private_visits_per_month <= 31
                and 1 <= company.rehab_funeral_leave_days <= 60
                and 0 <= company.rehab_funeral_travel_days <= 30
            ):
                raise ValidationError(
                    self.env._(
                        "The visit and funeral leave settings of %s are out of "
                        "range: check the numbers (hours 1-24, extended hours not "
                        "below the normal ones, at least one visitor and one day).",
                        company.name,
                    )
                )

    def _tz_get(self):
        return [(tz, tz) for tz in sorted(pytz.all_timezones)]

    def rehab_today(self):
        """Return today's date at the facility (its local day)."""
        self.ensure_one()
        tz = pytz.timezone(self.rehab_tz or "Asia/Ho_Chi_Minh")
        return datetime.now(tz).date()

    def rehab_local_date(self, dt):
        """Return the facility's local date of a naive UTC datetime."""
        self.ensure_one()
        tz = pytz.timezone(self.rehab_tz or "Asia/Ho_Chi_Minh")
        return pytz.utc.localize(dt).astimezone(tz).date()

    def _rehab_police_name(self):
        """'Công an tỉnh Quảng Ninh' / 'Công an thành phố Hà Nội', or ''."""
        self.ensure_one()
        province = self.rehab_province_id
        if not province:
            return ""
        if province.code in CITY_PROVINCE_CODES:
            return "Công an thành phố " + province.name.removeprefix("TP. ")
        return "Công an tỉnh " + province.name

    def _rehab_managers(self):
        """Facility managers of this facility (real people, not OdooBot)."""
        self.ensure_one()
        users = self.env.ref("rehab_facility.group_rehab_manager").sudo().users
        return users.filtered(
            lambda u: self in u.company_ids and u.id != SUPERUSER_ID and not u.share
        )
