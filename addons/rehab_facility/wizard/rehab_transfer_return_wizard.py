from odoo import fields, models


class RehabTransferReturnWizard(models.TransientModel):
    """A manager of either facility refuses or cancels a transfer in
    transit: its reason, then one call (``rehab.transfer.send_back``)."""

    _name = "rehab.transfer.return.wizard"
    _description = "Refuse or Cancel a Transfer"

    transfer_id = fields.Many2one("rehab.transfer", required=True, readonly=True)
    resident_id = fields.Many2one(related="transfer_id.resident_id")
    sending_company_id = fields.Many2one(related="transfer_id.sending_company_id")
    reason = fields.Char(
        required=True,
        help="E.g. no bed of the kind needed, the decision was revoked.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.transfer_id.send_back(self.reason)
        return {
            "type": "ir.actions.act_window",
            "res_model": "rehab.transfer",
            "res_id": self.transfer_id.id,
            "view_mode": "form",
            "target": "current",
        }
