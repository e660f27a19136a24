from odoo import api, fields, models

from ..models.rehab_stay import RELEASE_REASONS
from ..models.rehab_stay_release import DOCUMENT_REASONS, HOME_REASONS


class RehabDischargeWizard(models.TransientModel):
    """Release a resident lawfully and hand them over (DOMAIN §4)."""

    _name = "rehab.discharge.wizard"
    _description = "Discharge and Handover"
    _inherit = ["rehab.input.guard.mixin"]
    _guard_name_fields = ("receiver_name",)
    _guard_date_kinds = {"release_date": "event"}

    stay_id = fields.Many2one("rehab.stay", required=True, readonly=True)
    resident_id = fields.Many2one(related="stay_id.resident_id")
    expected_release_date = fields.Date(related="stay_id.expected_release_date")
    reason = fields.Selection(RELEASE_REASONS, required=True, default="completed")
    release_date = fields.Date(
        required=True, default=lambda self: self.env.company.rehab_today()
    )
    document_reference = fields.Char(
        string="Decision or Document",
        help="Court decision, transfer decision, hospital paper or death "
        "certificate, as the reason requires.",
    )
    receiver_name = fields.Char(string="Received By")
    receiver_id_number = fields.Char(string="Receiver's ID Number")
    receiver_relationship = fields.Char(
        string="Relationship or Office", help="e.g. mother, commune police officer"
    )
    destination_commune_id = fields.Many2one(
        "rehab.commune",
        compute="_compute_destination_commune_id",
        store=True,
        readonly=False,
    )
    belonging_line_ids = fields.One2many(
        "rehab.discharge.belonging.line",
        "wizard_id",
        string="Belongings Returned",
        compute="_compute_belonging_line_ids",
        store=True,
        readonly=False,
    )
    needs_document = fields.Boolean(compute="_compute_needs")
    needs_commune = fields.Boolean(compute="_compute_needs")
    needs_receiver = fields.Boolean(compute="_compute_needs")

    @api.depends("stay_id")
    def _compute_destination_commune_id(self):
        for wizard in self:
            wizard.destination_commune_id = wizard.stay_id.resident_id.commune_id

    @api.depends("stay_id")
    def _compute_belonging_line_ids(self):
        for wizard in self:
            wizard.belonging_line_ids = [
                (5, 0, 0),
                *[
                    (
                        0,
                        0,
                        {"belonging_id": item.id, "returned_quantity": item.quantity},
                    )
                    for item in wizard.stay_id.belonging_ids
                ],
            ]

    @api.depends("reason")
    def _compute_needs(self):
        for wizard in self:
            wizard.needs_document = wizard.reason in DOCUMENT_REASONS
            wizard.needs_commune = wizard.reason in HOME_REASONS
            wizard.needs_receiver = wizard.reason != "escape"

    def action_confirm(self):
        self.ensure_one()
        self.stay_id.discharge(
            self.reason,
            self.release_date,
            handover={
                "release_document": self.document_reference,
                "receiver_name": self.receiver_name,
                "receiver_id_number": self.receiver_id_number,
                "receiver_relationship": self.receiver_relationship,
                "destination_commune_id": self.destination_commune_id.id,
            },
            returns=[
                {
                    "belonging_id": line.belonging_id.id,
                    "returned_quantity": line.returned_quantity,
                    "explanation": line.explanation,
                }
                for line in self.belonging_line_ids
            ],
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "rehab.stay",
            "res_id": self.stay_id.id,
            "view_mode": "form",
            "target": "current",
        }
