from odoo import fields, models


class RehabVisitorBanWizard(models.TransientModel):
    """Ban a visitor for a period: ``visitor.action_ban``."""

    _name = "rehab.visitor.ban.wizard"
    _description = "Ban the Visitor"
    _inherit = ["rehab.gate.wizard.mixin"]
    _gate_visible_fields = ("visitor_id",)

    visitor_id = fields.Many2one("rehab.visitor", required=True, readonly=True)
    reason = fields.Char(required=True)
    date_from = fields.Date(
        string="Banned From",
        required=True,
        default=lambda self: self.env.company.rehab_today(),
    )
    date_to = fields.Date(string="Banned Until")

    def action_confirm(self):
        self.ensure_one()
        self.visitor_id.action_ban(self.reason, self.date_from, self.date_to)
        return {"type": "ir.actions.act_window_close"}
