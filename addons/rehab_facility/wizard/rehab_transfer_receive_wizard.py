from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..models.rehab_resident import age_on


class RehabTransferReceiveWizard(models.TransientModel):
    """The receiving intake desk receives a person in transit (one call)."""

    _name = "rehab.transfer.receive.wizard"
    _description = "Receive the Transfer"
    _inherit = ["rehab.input.guard.mixin"]
    _guard_bounds = {"weight_kg": (0, 300), "height_cm": (0, 250)}

    transfer_id = fields.Many2one("rehab.transfer", required=True, readonly=True)
    resident_id = fields.Many2one(related="transfer_id.resident_id")
    expected_release_date = fields.Date(related="transfer_id.expected_release_date")
    handover_belongings = fields.Text(related="transfer_id.handover_belongings")
    handover_documents = fields.Text(related="transfer_id.handover_documents")
    fitting_bed_ids = fields.Many2many(
        "rehab.bed", compute="_compute_fitting_bed_ids", string="Beds That Fit"
    )
    bed_id = fields.Many2one("rehab.bed", domain="[('id', 'in', fitting_bed_ids)]")
    received_at = fields.Datetime(
        string="Time of Receipt", default=lambda self: fields.Datetime.now()
    )
    delivered_by_name = fields.Char(
        string="Delivered By", compute="_compute_delivered", store=True, readonly=False
    )
    delivered_by_unit = fields.Char(
        string="Delivering Unit",
        compute="_compute_delivered",
        store=True,
        readonly=False,
    )
    delivered_by_position = fields.Char(string="Position of the Person Delivering")
    health_notes = fields.Text(string="Initial Health Check")
    weight_kg = fields.Float(string="Weight (kg)", digits=(5, 1))
    height_cm = fields.Float(string="Height (cm)", digits=(5, 1))

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard in wizards:
            if not wizard.transfer_id.has_access("read"):
                raise AccessError(
                    self.env._(
                        "This record is outside the facilities, residents or "
                        "classes you work with."
                    )
                )
        return wizards

    @api.depends("transfer_id")
    def _compute_delivered(self):
        for wizard in self:
            transfer = wizard.transfer_id.sudo()
            wizard.delivered_by_name = transfer.escort_name
            wizard.delivered_by_unit = transfer.escort_unit

    @api.depends("transfer_id")
    def _compute_fitting_bed_ids(self):
        beds = self.env["rehab.bed"]
        for wizard in self:
            transfer = wizard.transfer_id.sudo()
            company = transfer.destination_company_id
            order_type = transfer.stay_id.order_type_id
            resident = transfer.resident_id
            if not (order_type and resident) or company not in self.env.companies:
                wizard.fitting_bed_ids = False
                continue
            is_minor = age_on(resident.birthdate, company.rehab_today()) < 18
            wizard.fitting_bed_ids = beds.search(
                beds._fitting_domain(company, resident.sex, is_minor, order_type)
            )

    def action_confirm(self):
        self.ensure_one()
        values = {
            "bed_id": self.bed_id.id,
            "received_at": self.received_at,
            "delivered_by_name": self.delivered_by_name,
            "delivered_by_unit": self.delivered_by_unit,
            "delivered_by_position": self.delivered_by_position,
            "health_notes": self.health_notes,
            "weight_kg": self.weight_kg,
            "height_cm": self.height_cm,
        }
        stay = self.transfer_id.receive(
            {key: value for key, value in values.items() if value}
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "rehab.stay",
            "res_id": stay.id,
            "view_mode": "form",
            "target": "current",
        }
