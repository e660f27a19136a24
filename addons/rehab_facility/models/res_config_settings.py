from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The facility's visit and funeral leave limits (Decree 116/2021 Art. 69-70).

    Stored on the facility (res.company): each facility may follow the new
    decree on its own date.
    """

    _inherit = "res.config.settings"

    rehab_superior_authority = fields.Char(
        related="company_id.rehab_superior_authority", readonly=False
    )
    rehab_place_name = fields.Char(
        related="company_id.rehab_place_name", readonly=False
    )
    rehab_director_name = fields.Char(
        related="company_id.rehab_director_name", readonly=False
    )
    rehab_visit_interval_days = fields.Integer(
        related="company_id.rehab_visit_interval_days", readonly=False
    )
    rehab_visit_max_hours = fields.Float(
        related="company_id.rehab_visit_max_hours", readonly=False
    )
    rehab_visit_extended_hours = fields.Float(
        related="company_id.rehab_visit_extended_hours", readonly=False
    )
    rehab_visit_max_visitors = fields.Integer(
        related="company_id.rehab_visit_max_visitors", readonly=False
    )
    rehab_private_visit_max_hours = fields.Float(
        related="company_id.rehab_private_visit_max_hours", readonly=False
    )
    rehab_private_visits_per_month = fields.Integer(
        related="company_id.rehab_private_visits_per_month", readonly=False
    )
    rehab_funeral_leave_days = fields.Integer(
        related="company_id.rehab_funeral_leave_days", readonly=False
    )
    rehab_funeral_travel_days = fields.Integer(
        related="company_id.rehab_funeral_travel_days", readonly=False
    )
