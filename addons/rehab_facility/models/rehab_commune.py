from odoo import api, fields, models


class RehabCommune(models.Model):
    """Commune-level unit (xã, phường, đặc khu) from 01/07/2025.

    The 3,321 communes are loaded with Odoo's standard import from the official
    list; the module ships the provinces and a demo set of communes.
    """

    _name = "rehab.commune"
    _description = "Commune"
    _order = "province_id, name"
    _rec_names_search = ["name", "code"]

    code = fields.Char(required=True, size=5, help="5-digit code, never reused.")
    name = fields.Char(required=True)
    province_id = fields.Many2one("rehab.province", required=True, index=True)
    committee_name = fields.Char(
        string="People's Committee",
        help="Addressee of the letters, e.g. Ủy ban nhân dân phường Hạ Long.",
    )
    committee_address = fields.Char()
    committee_phone = fields.Char()
    committee_email = fields.Char()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "A commune with this code already exists."),
    ]

    @api.depends("name", "province_id.name")
    def _compute_display_name(self):
        for commune in self:
            commune.display_name = (
                f"{commune.name}, {commune.province_id.name}"
                if commune.province_id
                else commune.name
            )
