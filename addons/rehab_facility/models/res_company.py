from datetime import datetime

import pytz

from odoo import SUPERUSER_ID, fields, models


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

    def _rehab_managers(self):
        """Facility managers of this facility (real people, not OdooBot)."""
        self.ensure_one()
        users = self.env.ref("rehab_facility.group_rehab_manager").sudo().users
        return users.filtered(
            lambda u: self in u.company_ids and u.id != SUPERUSER_ID and not u.share
        )
