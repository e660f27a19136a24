from odoo import fields, models

from ..models.rehab_post_rehab_event import EVENT_KINDS, JOB_SOURCES


class RehabPostRehabEventWizard(models.TransientModel):
    """Record a follow-up entry: its fields plus one call
    (``rehab.post.rehab.record_event`` checks the rules)."""

    _name = "rehab.post.rehab.event.wizard"
    _description = "Record Post-rehab Follow-up"
    _inherit = ["rehab.input.guard.mixin"]
    _guard_date_kinds = {"date": "event"}
    _guard_name_fields = ("employer",)

    post_rehab_id = fields.Many2one("rehab.post.rehab", required=True)
    kind = fields.Selection(EVENT_KINDS, required=True, default="contact")
    date = fields.Date(required=True, default=fields.Date.context_today)
    note = fields.Text()
    employer = fields.Char()
    work = fields.Char(string="Kind of Work")
    job_source = fields.Selection(JOB_SOURCES, string="Found Through")

    def action_confirm(self):
        self.ensure_one()
        self.post_rehab_id.record_event(
            self.kind,
            self.date,
            note=self.note,
            employer=self.employer,
            work=self.work,
            source=self.job_source,
        )
        return {"type": "ir.actions.act_window_close"}
