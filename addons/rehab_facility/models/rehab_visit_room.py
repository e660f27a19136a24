from odoo import fields, models


class RehabVisitRoom(models.Model):
    """A room for the private visits of a spouse (Decree 116/2021 Art. 69).

    Two private visits never share a room at the same time: an exclusion
    constraint on the visits (``rehab.visit``) holds it in the database.
    """

    _name = "rehab.visit.room"
    _description = "Private Visit Room"
    _inherit = ["rehab.field.guard.mixin", "rehab.input.guard.mixin"]
    _order = "company_id, sequence, name"
    _check_company_auto = True
    _guard_name_fields = ("name",)

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        string="Facility",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    note = fields.Char()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(name, company_id)",
            "Another private visit room of this facility has this name.",
        ),
    ]
