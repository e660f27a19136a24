from odoo import fields, models


class RehabDrugType(models.Model):
    _name = "rehab.drug.type"
    _description = "Drug Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
