from odoo import api, fields, models


class RehabBedMoveWizard(models.TransientModel):
    """Assign a bed, or move a resident to another bed, keeping the trail."""

    _name = "rehab.bed.move.wizard"
    _description = "Assign or Move Bed"
    _inherit = ["rehab.input.guard.mixin"]

    stay_id = fields.Many2one("rehab.stay", required=True, readonly=True)
    current_bed_id = fields.Many2one(related="stay_id.current_bed_id")
    fitting_bed_ids = fields.Many2many(
        "rehab.bed", compute="_compute_fitting_bed_ids", string="Beds That Fit"
    )
    bed_id = fields.Many2one(
        "rehab.bed",
        string="New Bed",
        required=True,
        domain="[('id', 'in', fitting_bed_ids)]",
    )
    reason = fields.Char()

    @api.depends("stay_id")
    def _compute_fitting_bed_ids(self):
        beds = self.env["rehab.bed"]
        for wizard in self:
            stay = wizard.stay_id
            wizard.fitting_bed_ids = beds.search(
                beds._fitting_domain(
                    stay.company_id,
                    stay.resident_id.sex,
                    stay._resident_age() < 18,
                    stay.order_type_id,
                )
            )

    def action_confirm(self):
        self.ensure_one()
        self.stay_id.assign_bed(self.bed_id, reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
