from odoo import api, fields, models

from ..models.rehab_transfer import TRANSFER_GROUNDS


class RehabTransferDecisionWizard(models.TransientModel):
    """The sending manager records a transfer decision (one call)."""

    _name = "rehab.transfer.decision.wizard"
    _description = "Transfer to Another Facility"
    _inherit = ["rehab.input.guard.mixin"]
    _guard_name_fields = ("escort_name",)
    _guard_date_kinds = {"decision_date": "event", "transfer_date": "event"}

    stay_id = fields.Many2one("rehab.stay", required=True, readonly=True)
    resident_id = fields.Many2one(related="stay_id.resident_id")
    expected_release_date = fields.Date(related="stay_id.expected_release_date")
    # Another facility's record is not readable by its managers: the names of
    # the facilities are offered as a list (a transfer decision names them).
    receiving_facility = fields.Selection(selection="_facility_selection")
    decision_number = fields.Char()
    decision_date = fields.Date(default=lambda self: self.env.company.rehab_today())
    decision_authority = fields.Char(string="Deciding Authority")
    grounds = fields.Selection(TRANSFER_GROUNDS)
    grounds_note = fields.Char(string="Grounds (details)")
    transfer_date = fields.Date(
        string="Date of Departure", default=lambda self: self.env.company.rehab_today()
    )
    escort_name = fields.Char(string="Escorted By")
    escort_id_number = fields.Char(string="Escort's ID Number")
    escort_unit = fields.Char(string="Escort's Unit")
    handover_documents = fields.Text(
        string="Documents Handed Over",
        compute="_compute_handover_documents",
        store=True,
        readonly=False,
    )

    @api.model
    def _facility_selection(self):
        companies = self.env["res.company"].sudo().search([])
        return [(str(company.id), company.name) for company in companies]

    @api.depends("stay_id")
    def _compute_handover_documents(self):
        for wizard in self:
            stay = wizard.stay_id
            wizard.handover_documents = (
                self.env._(
                    "Decision %(number)s of %(date)s; the resident's file and "
                    "term ledger.",
                    number=stay.decision_number,
                    date=stay.decision_date.strftime("%d/%m/%Y"),
                )
                if stay.decision_number and stay.decision_date
                else False
            )

    def action_confirm(self):
        self.ensure_one()
        transfer = self.stay_id.record_transfer(
            {
                "receiving_company_id": int(self.receiving_facility or 0),
                "decision_number": self.decision_number,
                "decision_date": self.decision_date,
                "decision_authority": self.decision_authority,
                "grounds": self.grounds,
                "grounds_note": self.grounds_note,
                "transfer_date": self.transfer_date,
                "escort_name": self.escort_name,
                "escort_id_number": self.escort_id_number,
                "escort_unit": self.escort_unit,
                "handover_documents": self.handover_documents,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "rehab.transfer",
            "res_id": transfer.id,
            "view_mode": "form",
            "target": "current",
        }
