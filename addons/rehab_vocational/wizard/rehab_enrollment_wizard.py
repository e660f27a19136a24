from odoo import fields, models
from odoo.exceptions import UserError


class RehabEnrollmentWizard(models.TransientModel):
    """Enroll several residents in a class at once."""

    _name = "rehab.enrollment.wizard"
    _description = "Enroll Residents"

    class_id = fields.Many2one("rehab.training.class", required=True)
    company_id = fields.Many2one(related="class_id.company_id")
    date_enrolled = fields.Date(
        string="Enrolled On",
        required=True,
        default=lambda self: self.env.company.rehab_today(),
    )
    resident_ids = fields.Many2many(
        "rehab.resident",
        string="Residents",
        domain="[('company_id', '=', company_id), ('stay_ids.state', '=', 'in_rehab')]",
    )

    def action_enroll(self):
        self.ensure_one()
        if not self.resident_ids:
            raise UserError(self.env._("Choose the residents to enroll."))
        Enrollment = self.env["rehab.training.enrollment"]
        existing = Enrollment.search(
            [
                ("class_id", "=", self.class_id.id),
                ("resident_id", "in", self.resident_ids.ids),
            ]
        )
        existing.filtered(lambda e: e.state == "withdrawn").action_reenroll()
        Enrollment.create(
            [
                {
                    "class_id": self.class_id.id,
                    "resident_id": resident.id,
                    "date_enrolled": self.date_enrolled,
                }
                for resident in self.resident_ids - existing.resident_id
            ]
        )
        return self.class_id.action_view_enrollments()
