from odoo import api, fields, models


class RehabRoom(models.Model):
    _name = "rehab.room"
    _description = "Room"
    _inherit = ["rehab.field.guard.mixin"]
    _order = "area_id, sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    area_id = fields.Many2one(
        "rehab.area", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(
        related="area_id.company_id", string="Facility", store=True, index=True
    )
    bed_ids = fields.One2many("rehab.bed", "room_id", string="Beds")
    active = fields.Boolean(default=True)

    @api.depends("name", "area_id.name")
    def _compute_display_name(self):
        for room in self:
            room.display_name = f"{room.area_id.name} / {room.name}"
