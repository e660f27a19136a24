from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    rehab_discipline_user_id = fields.Many2one(
        "res.users",
        string="Discipline Proposals To",
        help="Security officer who receives the discipline proposals raised by "
        "attendance sheets (for example a resident who refused to attend "
        "class). Empty: the first security officer of the facility.",
    )

    def _rehab_discipline_officer(self):
        """The user who receives discipline proposals of this facility."""
        self.ensure_one()
        if self.rehab_discipline_user_id:
            return self.rehab_discipline_user_id
        group = self.env.ref("rehab_facility.group_rehab_security")
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group.ids),
                    ("company_ids", "in", self.ids),
                    ("share", "=", False),
                ],
                order="id",
                limit=1,
            )
        )
