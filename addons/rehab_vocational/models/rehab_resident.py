from odoo import fields, models

VOCATIONAL_GROUPS = (
    "rehab_facility.group_rehab_instructor,rehab_facility.group_rehab_manager"
)


class RehabResident(models.Model):
    _inherit = "rehab.resident"

    training_enrollment_ids = fields.One2many(
        "rehab.training.enrollment",
        "resident_id",
        string="Vocational Classes",
        groups=VOCATIONAL_GROUPS,
    )
    training_certificate_count = fields.Integer(
        string="Certificates",
        compute="_compute_training_certificate_count",
        groups=VOCATIONAL_GROUPS,
    )

    def _compute_training_certificate_count(self):
        counts = dict(
            self.env["rehab.training.enrollment"]._read_group(
                [
                    ("resident_id", "in", self.ids),
                    ("certificate_number", "!=", False),
                ],
                ["resident_id"],
                ["__count"],
            )
        )
        for resident in self:
            resident.training_certificate_count = counts.get(resident, 0)
