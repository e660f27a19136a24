from odoo import fields, models

RELATIONSHIPS = [
    ("father", "Father"),
    ("mother", "Mother"),
    ("spouse", "Spouse"),
    ("child", "Child"),
    ("sibling", "Sibling"),
    ("guardian", "Legal guardian"),
    ("other", "Other"),
]


class RehabResidentContact(models.Model):
    _name = "rehab.resident.contact"
    _description = "Resident Family Contact"
    _inherit = ["rehab.field.guard.mixin"]
    _order = "resident_id, sequence, id"

    resident_id = fields.Many2one(
        "rehab.resident", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="resident_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    relationship = fields.Selection(RELATIONSHIPS, required=True)
    phone = fields.Char()
    address = fields.Char()
