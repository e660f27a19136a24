from odoo import fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .rehab_stay_release import MANAGER_GROUP

# What the sending facility's manager gives with a transfer decision.
TRANSFER_DECISION_FIELDS = frozenset(
    {
        "receiving_company_id",
        "decision_number",
        "decision_date",
        "decision_authority",
        "grounds",
        "grounds_note",
        "transfer_date",
        "escort_name",
        "escort_id_number",
        "escort_unit",
        "handover_documents",
    }
)


class RehabStayTransfer(models.AbstractModel):
    """A stay that leaves for, or comes from, another facility by decision.

    The sending stay ends with the release reason "transfer" (the bed is
    freed, the classes withdrawn: the discharge does it); the person is in
    transit (``rehab.transfer``) until the receiving facility's intake desk
    receives them, which opens a stay linked to this one that carries the
    same order, term start and ledger, hence the same release date.
    """

    _name = "rehab.stay.transfer"
    _description = "Stay Transfer Between Facilities"

    transferred_from_stay_id = fields.Many2one(
        "rehab.stay",
        string="Transferred From",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The stay at the sending facility this stay continues.",
    )
    transfer_out_ids = fields.One2many("rehab.transfer", "stay_id", readonly=True)
    transfer_in_ids = fields.One2many("rehab.transfer", "new_stay_id", readonly=True)

    _sql_constraints = [
        (
            "transferred_from_unique",
            "UNIQUE(transferred_from_stay_id)",
            "This transfer was already received: a stay continues at most once.",
        )
    ]

    # -------------------------------------------------------------- sending
    def record_transfer(self, values):
        """The sending manager records the transfer decision; the stay leaves.

        ``values``: see TRANSFER_DECISION_FIELDS. Returns the transfer.
        """
        self.ensure_one()
        stay = self._guard_check_access("write")
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a facility manager records a transfer decision.")
            )
        values = {
            key: value.strip() if isinstance(value, str) else value
            for key, value in (values or {}).items()
        }
        refused = set(values) - TRANSFER_DECISION_FIELDS
        if refused:
            self.env["rehab.transfer"]._guard_refuse(refused, creating=True)
        receiving, decision, leaving = self._check_transfer(values)
        expected = self.expected_release_date
        returns = [
            {"belonging_id": item.id, "returned_quantity": item.quantity}
            for item in self.belonging_ids
            if not item.return_date
        ]
        self.discharge(
            "transfer",
            leaving,
            handover={
                "release_document": decision[0],
                "receiver_name": values.get("escort_name"),
                "receiver_id_number": values.get("escort_id_number"),
                "receiver_relationship": values.get("escort_unit"),
            },
            returns=returns,
        )
        transfer = self.env["rehab.transfer"]._record(
            stay, receiving, decision, leaving, expected, values
        )
        # The resident's record follows; the past stays keep their facility.
        stay.resident_id.company_id = receiving
        return transfer.sudo(self.env.su)

    def _check_transfer(self, values):
        """Every rule of a transfer decision, before anything is written."""
        if self.state != "in_rehab" or self.gate_status:
            raise UserError(
                self.env._(
                    "Only a resident present in the facility is transferred: "
                    "record the return first."
                )
            )
        receiving = (
            self.env["res.company"]
            .sudo()
            .browse(values.get("receiving_company_id") or [])
            .exists()
        )
        if not receiving:
            raise UserError(self.env._("Choose the receiving facility."))
        if receiving == self.company_id:
            raise ValidationError(
                self.env._("The receiving facility must be another facility.")
            )
        decision = self._decision_parts(
            {
                "number": values.get("decision_number"),
                "date": values.get("decision_date"),
                "authority": values.get("decision_authority"),
            }
        )
        self._check_decision_date(decision[1])
        leaving = fields.Date.to_date(values.get("transfer_date")) or (
            self.company_id.rehab_today()
        )
        if leaving < decision[1]:
            raise ValidationError(
                self.env._("The person cannot leave before the transfer decision.")
            )
        if not (values.get("escort_name") and values.get("escort_id_number")):
            raise ValidationError(
                self.env._(
                    "Enter who escorts the person to the receiving facility and "
                    "their ID number."
                )
            )
        return receiving, decision, leaving

    # ------------------------------------------------------------ receiving
    def _open_transferred_stay(self, transfer, values):
        """The receiving stay: same order, term start, ledger (superuser)."""
        self.ensure_one()
        if not self.env.su:
            raise AccessError(self.env._("A transfer is received with “Receive”."))
        company = transfer.destination_company_id
        stay = self.env["rehab.stay"].create(
            {
                "resident_id": self.resident_id.id,
                "company_id": company.id,
                "order_kind": self.order_kind,
                "decision_number": self.decision_number,
                "decision_date": self.decision_date,
                "decision_authority": self.decision_authority,
                "term_months": self.term_months,
                "admission_date": company.rehab_today(),
                "received_documents": transfer.handover_documents,
                "transferred_from_stay_id": self.id,
                **values,
            }
        )
        lines = self.adjustment_ids.sorted(lambda line: (line.date, line.id))
        if lines:
            self.env["rehab.stay.adjustment"].create(
                [
                    {
                        "stay_id": stay.id,
                        "date": line.date,
                        "kind": line.kind,
                        "direction": line.direction,
                        "days": line.days,
                        "months": line.months,
                        "reference": line.reference,
                        "reason": line.reason,
                        "user_id": line.user_id.id,
                    }
                    for line in lines
                ]
            )
        return stay

    def action_view_transfer(self):
        """The transfer this stay left by, or was received by."""
        self.ensure_one()
        transfer = (self.transfer_out_ids | self.transfer_in_ids)[:1]
        return {
            "type": "ir.actions.act_window",
            "res_model": "rehab.transfer",
            "res_id": transfer.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_open_transfer_wizard(self):
        return self._open_wizard(
            "rehab.transfer.decision.wizard", self.env._("Transfer to Another Facility")
        )
