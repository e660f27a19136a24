from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rehab_attendance_lock_days = fields.Integer(
        string="Lock Attendance Sheets After (days)",
        config_parameter="rehab_vocational.attendance_lock_days",
        default=3,
        help="A confirmed attendance sheet can be corrected by its instructor for "
        "this many days; later, only a facility manager can change it, and every "
        "change is written in the session's history.",
    )
    rehab_min_attendance_rate = fields.Float(
        string="Minimum Attendance Rate (%)",
        config_parameter="rehab_vocational.min_attendance_rate",
        default=80.0,
        help="Default for new classes: the share of the hours held a resident must "
        "attend to sit the final assessment.",
    )
    rehab_discipline_user_id = fields.Many2one(
        related="company_id.rehab_discipline_user_id", readonly=False
    )
