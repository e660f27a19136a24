from odoo import fields, models


class RehabPostRehabCompletionWizard(models.TransientModel):
    """The commune certified the end of the management: its fields plus one
    call (``rehab.post.rehab.record_completion``)."""

    _name = "rehab.post.rehab.completion.wizard"
    _description = "Record Completion of Post-rehab Management"
    _inherit = ["rehab.input.guard.mixin"]
    _guard_date_kinds = {"completion_date": "event"}
    _guard_name_fields = ("officer",)

    post_rehab_id = fields.Many2one("rehab.post.rehab", required=True)
    completion_date = fields.Date(
        string="Completed On", required=True, default=fields.Date.context_today
    )
    officer = fields.Char(string="Certified By (commune officer)", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.post_rehab_id.record_completion(self.completion_date, self.officer)
        return {"type": "ir.actions.act_window_close"}
