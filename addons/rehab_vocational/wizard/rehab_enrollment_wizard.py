from odoo import api, fields, models

from ..models.rehab_training_class_enroll import check_reachable


class RehabEnrollmentWizard(models.TransientModel):
    """Enroll several residents in a class at once."""

    _name = "rehab.enrollment.wizard"
    _description = "Enroll Residents"

    class_id = fields.Many2one(
        "rehab.training.class",
        required=True,
        domain="[('state', 'in', ('planned', 'running'))]",
    )
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

    # A class the user may not read never reaches the wizard: its name and
    # dates (read in superuser mode by the wizard's computes and by the
    # many2one's label) would otherwise come back in the form.
    @api.model
    def _check_class(self, class_id):
        if isinstance(class_id, dict):
            class_id = class_id.get("id")
        if class_id:
            check_reachable(self.env["rehab.training.class"].browse(int(class_id)))

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        self._check_class(values.get("class_id"))
        return values

    def onchange(self, values, field_names, fields_spec):
        self._check_class(values.get("class_id"))
        return super().onchange(values, field_names, fields_spec)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_class(vals.get("class_id"))
        return super().create(vals_list)

    def write(self, vals):
        self._check_class(vals.get("class_id"))
        return super().write(vals)

    def action_enroll(self):
        self.ensure_one()
        self.class_id.enroll(self.resident_ids, self.date_enrolled)
        return self.class_id.action_view_enrollments()
