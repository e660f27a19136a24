from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.rehab_stay import RELEASE_REASONS

# Reasons after which the person goes home to their commune: post-rehab
# management follows (Law 73/2021 Art. 40). Not after death, a transfer to
# another facility or to hospital, or an escape never returned from.
HOME_REASONS = ("completed", "court")
# Reasons that rest on a document (decision, certificate) to cite.
DOCUMENT_REASONS = ("court", "transfer", "hospital", "death")


class RehabDischargeWizard(models.TransientModel):
    """Release a resident lawfully and hand them over (DOMAIN §4)."""

    _name = "rehab.discharge.wizard"
    _description = "Discharge and Handover"

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

    def _check(self):
        stay = self.stay_id
        today = stay.company_id.rehab_today()
        if stay.state == "released":
            raise UserError(self.env._("%s is already released.", stay.name))
        if stay.state == "intake":
            raise UserError(
                self.env._("A stay still at intake is cancelled, not discharged.")
            )
        if self.release_date > today:
            raise ValidationError(
                self.env._("The release date cannot be in the future.")
            )
        if self.release_date < stay.admission_date:
            raise ValidationError(
                self.env._("The release date cannot be before the admission date.")
            )
        if (
            self.reason == "court"
            and stay.expected_release_date
            and (self.release_date < stay.expected_release_date)
        ):
            raise ValidationError(
                self.env._(
                    "The term still ends on %s: record the court's reduction or "
                    "exemption with “Court Reduction” first, then discharge.",
                    stay.expected_release_date.strftime("%d/%m/%Y"),
                )
            )
        if self.reason == "completed":
            if stay.state != "in_rehab":
                raise ValidationError(
                    self.env._(
                        "%s is not present (escaped or in hospital): the term cannot "
                        "be completed while away.",
                        stay.resident_id.name,
                    )
                )
            if stay.expected_release_date and self.release_date < (
                stay.expected_release_date
            ):
                raise ValidationError(
                    self.env._(
                        "The term ends on %s: an earlier release needs the court's "
                        "reduction or exemption (record it with “Court Reduction”, "
                        "then discharge).",
                        stay.expected_release_date.strftime("%d/%m/%Y"),
                    )
                )
        if self.reason == "escape" and stay.state != "absent":
            raise ValidationError(
                self.env._(
                    "Only a resident who escaped can be released as not returned."
                )
            )
        if self.needs_document and not (self.document_reference or "").strip():
            raise ValidationError(
                self.env._("Enter the decision or document this release rests on.")
            )
        if self.needs_receiver and not (
            (self.receiver_name or "").strip()
            and (self.receiver_id_number or "").strip()
        ):
            raise ValidationError(
                self.env._(
                    "Enter who receives the person (a family member or commune "
                    "officer) and their ID number."
                )
            )
        if self.needs_commune and not self.destination_commune_id:
            raise ValidationError(
                self.env._("Choose the commune the person is handed over to.")
            )
        unexplained = self.belonging_line_ids.filtered(
            lambda line: line.differs and not (line.explanation or "").strip()
        )
        if unexplained:
            raise ValidationError(
                self.env._(
                    "Returned belongings differ from the deposit for: %s. Explain "
                    "each difference.",
                    ", ".join(unexplained.mapped("name")),
                )
            )

    def action_confirm(self):
        self.ensure_one()
        self._check()
        stay = self.stay_id
        for line in self.belonging_line_ids:
            line.belonging_id.write(
                {
                    "returned_quantity": line.returned_quantity,
                    "return_note": line.explanation,
                    "return_date": self.release_date,
                }
            )
        stay._release(
            self.release_date,
            self.reason,
            {
                "release_document": self.document_reference,
                "receiver_name": self.receiver_name,
                "receiver_id_number": self.receiver_id_number,
                "receiver_relationship": self.receiver_relationship,
                "destination_commune_id": self.destination_commune_id.id,
            },
        )
        stay._next_document_number("handover_number", "rehab.release.handover")
        # Post-rehab management follows a rehab term (order type data); not a
        # temporary stay or a pending-decision management.
        if self.reason in HOME_REASONS and stay.order_type_id.post_rehab_months:
            self.env["rehab.post.rehab"].create(
                {
                    "stay_id": stay.id,
                    "commune_id": self.destination_commune_id.id,
                    "date_start": self.release_date,
                    "months": stay.order_type_id.post_rehab_months,
                }
            )
        reasons = dict(self._fields["reason"]._description_selection(self.env))
        stay.message_post(
            body=self.env._(
                "Released on %(date)s: %(reason)s. Handed over to %(receiver)s "
                "(%(relationship)s)%(commune)s.",
                date=self.release_date.strftime("%d/%m/%Y"),
                reason=reasons[self.reason],
                receiver=self.receiver_name or "-",
                relationship=self.receiver_relationship or "-",
                commune=(
                    self.env._(", commune %s", self.destination_commune_id.display_name)
                    if self.destination_commune_id
                    else ""
                ),
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "rehab.stay",
            "res_id": stay.id,
            "view_mode": "form",
            "target": "current",
        }
