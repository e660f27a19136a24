from odoo import fields, models
from odoo.exceptions import UserError

# The gate's steps that take a reason, by model: nothing else is called.
REASON_METHODS = {
    "rehab.visit": ("cancel",),
    "rehab.visitor": ("action_lift_ban",),
    "rehab.funeral.leave": ("action_refuse", "action_cancel"),
}


class RehabGateReasonWizard(models.TransientModel):
    """Ask the reason of a cancellation, refusal or lifted ban; the record's
    own method decides."""

    _name = "rehab.gate.reason.wizard"
    _description = "Give the Reason"
    _inherit = ["rehab.input.guard.mixin"]

    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Integer(string="Record", required=True, readonly=True)
    method = fields.Char(required=True, readonly=True, default="cancel")
    reason = fields.Char(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.method not in REASON_METHODS.get(self.res_model, ()):
            raise UserError(self.env._("This step does not take a reason here."))
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            raise UserError(self.env._("The record no longer exists."))
        getattr(record, self.method)(self.reason)
        return {"type": "ir.actions.act_window_close"}
