from odoo import fields, models


class RehabProvince(models.Model):
    """Province-level unit after the 2025 reorganisation (QĐ 19/2025/QĐ-TTg)."""

    _name = "rehab.province"
    _description = "Province"
    _order = "code"
    _rec_names_search = ["name", "code"]

    code = fields.Char(required=True, size=2, help="2-digit code, never reused.")
    name = fields.Char(required=True, translate=False)
    commune_ids = fields.One2many("rehab.commune", "province_id", string="Communes")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "A province with this code already exists."),
    ]
