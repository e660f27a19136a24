from odoo import fields, models


class RehabArchiveWizard(models.TransientModel):
    """Ask why a record is archived; the record's model does the archiving."""

    _name = "rehab.archive.wizard"
    _description = "Archive with a Reason"
    _inherit = ["rehab.input.guard.mixin"]

    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_ids = fields.Char(string="Records", required=True, readonly=True)
    reason = fields.Char(required=True)

    def action_confirm(self):
        self.ensure_one()
        if not self.res_model.startswith("rehab."):
            return {"type": "ir.actions.act_window_close"}
        ids = [int(i) for i in self.res_ids.split(",") if i.strip().isdigit()]
        self.env[self.res_model].browse(ids).action_archive_with_reason(self.reason)
        return {"type": "ir.actions.act_window_close"}
