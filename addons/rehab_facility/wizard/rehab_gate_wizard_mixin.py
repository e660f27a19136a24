from odoo import api, models
from odoo.exceptions import AccessError


class RehabGateWizardMixin(models.AbstractModel):
    """The gate's wizards refuse a record the user may not read.

    The web client shows a many2one's name read as superuser: without this,
    another facility's visit or visitor id would come back with its name.
    """

    _name = "rehab.gate.wizard.mixin"
    _inherit = ["rehab.input.guard.mixin"]
    _description = "Gate Wizard Visibility Check"

    # Relational fields whose records the user must be able to read.
    _gate_visible_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards._check_visible_relations()
        return wizards

    def write(self, vals):
        result = super().write(vals)
        self._check_visible_relations()
        return result

    def _check_visible_relations(self):
        if self.env.su:
            return
        for wizard in self:
            for name in self._gate_visible_fields:
                records = wizard[name].sudo(False)
                if records and not all(r.has_access("read") for r in records):
                    raise AccessError(
                        self.env._(
                            "This record is outside the facilities, residents or "
                            "classes you work with."
                        )
                    )
