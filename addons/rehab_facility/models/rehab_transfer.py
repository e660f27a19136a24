from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .rehab_order_type import ORDER_KINDS

TRANSFER_STATES = [
    ("in_transit", "In transit"),
    ("returning", "Returning to the sending facility"),
    ("received", "Received"),
    ("returned", "Returned to the sending facility"),
]
# On the road: on neither roll, not to be admitted by a new intake.
MOVING_STATES = ("in_transit", "returning")
MANAGER_GROUP = "rehab_facility.group_rehab_manager"
TRANSFER_GROUNDS = [
    ("overcrowding", "Overcrowding"),
    ("adult", "Minor turning 18"),
    ("specialised", "Specialised facility"),
    ("health", "Health need"),
    ("other", "Other"),
]
# What the receiving intake desk gives when it receives the person.
RECEIVE_FIELDS = frozenset(
    {
        "bed_id",
        "received_at",
        "delivered_by_unit",
        "delivered_by_name",
        "delivered_by_position",
        "health_notes",
        "weight_kg",
        "height_cm",
    }
)
INTAKE_GROUP = "rehab_facility.group_rehab_intake"


class RehabTransfer(models.Model):
    """A person moved between facilities by decision, as one movement.

    Recorded by the sending facility's manager (``rehab.stay.record_transfer``),
    in transit until the receiving facility's intake desk receives them
    (``receive``). Both facilities read it; nobody else does. The receipt is
    closed to a second desk by a row lock and by the unique link of the
    receiving stay to the sending one.

    While in transit, the receiving facility's manager may refuse the
    person, or the sending facility's manager cancel the decision
    (``send_back``): the person returns, and the sending facility's intake
    desk receives them back the same way, on the same release date.
    """

    _name = "rehab.transfer"
    _description = "Transfer Between Facilities"
    _inherit = ["mail.thread", "rehab.guarded.mixin"]
    _order = "transfer_date desc, id desc"
    # Recorded and received through the stay's and its own actions only.
    _user_create_fields = None
    _user_write_fields = {}
    _guard_name_fields = ("escort_name",)
    _guard_date_kinds = {"decision_date": "event", "transfer_date": "event"}

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    state = fields.Selection(
        TRANSFER_STATES, default="in_transit", required=True, readonly=True, index=True
    )
    stay_id = fields.Many2one(
        "rehab.stay",
        string="Sending Stay",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    sending_stay_ref = fields.Char(related="stay_id.name", string="Sending Stay No.")
    new_stay_id = fields.Many2one(
        "rehab.stay", string="Receiving Stay", readonly=True, copy=False
    )
    resident_id = fields.Many2one(
        "rehab.resident", required=True, readonly=True, index=True
    )
    sending_company_id = fields.Many2one(
        "res.company", string="Sending Facility", required=True, readonly=True
    )
    receiving_company_id = fields.Many2one(
        "res.company",
        string="Receiving Facility",
        required=True,
        readonly=True,
        index=True,
    )
    destination_company_id = fields.Many2one(
        "res.company",
        string="Heading To",
        compute="_compute_destination_company_id",
        store=True,
        index=True,
        help="Where the person is taken now: the receiving facility, or the "
        "sending one when the transfer was refused or cancelled.",
    )
    return_reason = fields.Char(string="Refused or Cancelled Because", readonly=True)
    returned_by_id = fields.Many2one(
        "res.users", string="Sent Back By", readonly=True, copy=False
    )
    decision_number = fields.Char(readonly=True, required=True)
    decision_date = fields.Date(readonly=True, required=True)
    decision_authority = fields.Char(
        string="Deciding Authority", readonly=True, required=True
    )
    grounds = fields.Selection(TRANSFER_GROUNDS, readonly=True)
    grounds_note = fields.Char(string="Grounds (details)", readonly=True)
    transfer_date = fields.Date(
        string="Date of Departure", readonly=True, required=True, index=True
    )
    order_kind = fields.Selection(ORDER_KINDS, string="Order", readonly=True)
    term_start_date = fields.Date(readonly=True)
    expected_release_date = fields.Date(
        readonly=True, help="The release date the move does not change."
    )
    escort_name = fields.Char(string="Escorted By", readonly=True)
    escort_id_number = fields.Char(string="Escort's ID Number", readonly=True)
    escort_unit = fields.Char(string="Escort's Unit", readonly=True)
    handover_belongings = fields.Text(string="Belongings Handed Over", readonly=True)
    handover_documents = fields.Text(string="Documents Handed Over", readonly=True)
    decided_by_id = fields.Many2one("res.users", string="Recorded By", readonly=True)
    received_date = fields.Date(readonly=True, copy=False)
    received_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    _sql_constraints = [
        (
            "stay_unique",
            "UNIQUE(stay_id)",
            "A stay leaves by transfer once.",
        ),
        (
            "new_stay_unique",
            "UNIQUE(new_stay_id)",
            "A transfer is received once.",
        ),
        (
            "received_has_stay",
            "CHECK(state NOT IN ('received', 'returned') OR new_stay_id IS NOT NULL)",
            "A received transfer names the stay it opened.",
        ),
        (
            "returning_has_reason",
            "CHECK(state NOT IN ('returning', 'returned') "
            "OR return_reason IS NOT NULL)",
            "A transfer is sent back with its reason.",
        ),
    ]

    @api.depends("state", "sending_company_id", "receiving_company_id")
    def _compute_destination_company_id(self):
        for transfer in self:
            sent_back = transfer.state in ("returning", "returned")
            transfer.destination_company_id = (
                transfer.sending_company_id
                if sent_back
                else transfer.receiving_company_id
            )

    # ------------------------------------------------------------- sending
    @api.model
    def _record(self, stay, receiving, decision, leaving, expected, values):
        """Write the transfer of ``stay`` (superuser; the stay checked all)."""
        items = stay.belonging_ids.sorted(lambda b: (b.sequence, b.id))
        listed = "\n".join(
            f"- {item.name}: {item.quantity:g} {item.uom or ''}"
            + (f" ({item.description})" if item.description else "")
            for item in items
        )
        transfer = self.sudo().create(
            {
                "name": self.env["ir.sequence"].sudo().next_by_code("rehab.transfer")
                or "/",
                "stay_id": stay.id,
                "resident_id": stay.resident_id.id,
                "sending_company_id": stay.company_id.id,
                "receiving_company_id": receiving.id,
                "decision_number": decision[0],
                "decision_date": decision[1],
                "decision_authority": decision[2],
                "grounds": values.get("grounds") or False,
                "grounds_note": values.get("grounds_note") or False,
                "transfer_date": leaving,
                "order_kind": stay.order_kind,
                "term_start_date": stay.term_start_date,
                "expected_release_date": expected,
                "escort_name": values.get("escort_name"),
                "escort_id_number": values.get("escort_id_number"),
                "escort_unit": values.get("escort_unit") or False,
                "handover_belongings": listed or False,
                "handover_documents": values.get("handover_documents") or False,
                "decided_by_id": self.env.user.id,
            }
        )
        body = self.env._(
            "Transferred to %(facility)s by decision %(number)s of %(date)s "
            "(%(authority)s); in transit under %(ref)s.",
            facility=receiving.name,
            number=decision[0],
            date=decision[1].strftime("%d/%m/%Y"),
            authority=decision[2],
            ref=transfer.name,
        )
        stay.message_post(body=body)
        transfer.message_post(body=body)
        return transfer

    @api.model
    def _check_not_in_transit(self, resident, company=None):
        """Refuse a new intake of a person in transit: the transfer is received.

        Only the desk of the receiving facility (``company``) is told who and
        which transfer; anyone else learns no facility and no name.
        """
        transfer = self.sudo().search(
            [("resident_id", "=", resident.id), ("state", "in", MOVING_STATES)],
            limit=1,
        )
        if not transfer:
            return
        receiving = transfer.destination_company_id
        if receiving == (company or self.env.company) and (
            self.env.su or receiving in self.env.user.company_ids
        ):
            raise UserError(
                self.env._(
                    "%(name)s is in transit to this facility under transfer "
                    "%(ref)s: receive the transfer (Intake › Transfers › Receive) "
                    "instead of a new intake.",
                    name=resident.sudo().name,
                    ref=transfer.name,
                )
            )
        raise UserError(
            self.env._(
                "This person is in transit between facilities: only the receiving "
                "facility's intake desk receives them, by receiving the transfer."
            )
        )

    # ----------------------------------------------------------- receiving
    def receive(self, values):
        """The receiving intake desk receives the person: the stay goes on.

        ``values``: bed_id (required) and the reception (RECEIVE_FIELDS).
        Returns the new stay, linked to the sending one, with the same order,
        term start, ledger and release date.
        """
        self.ensure_one()
        self._guard_check_access("write")
        if not self.env.su and not (
            self.env.user.has_group(INTAKE_GROUP)
            and self.destination_company_id in self.env.user.company_ids
        ):
            raise AccessError(
                self.env._(
                    "Only the intake desk of the receiving facility receives the "
                    "person."
                )
            )
        values = dict(values or {})
        refused = set(values) - RECEIVE_FIELDS
        if refused:
            self._guard_refuse(refused, creating=False)
        self._lock_for_receipt()
        if self.state not in MOVING_STATES:
            raise UserError(self.env._("Transfer %s was already received.", self.name))
        bed = self.env["rehab.bed"].browse(values.pop("bed_id", None))
        if not bed:
            raise UserError(self.env._("Choose the bed the person is received in."))
        bed.check_access("read")
        values = self.env["rehab.stay"]._guard_check_values(values)
        sending = self.sudo().stay_id
        stay = sending._open_transferred_stay(self.sudo(), values).with_env(self.env)
        items = sending.belonging_ids.sorted(lambda b: (b.sequence, b.id))
        if items:
            stay.deposit_belongings(
                [
                    {
                        "name": item.name,
                        "quantity": item.quantity,
                        "uom": item.uom,
                        "description": item.description,
                    }
                    for item in items
                ]
            )
        stay.assign_bed(bed, reason=self.env._("Received by transfer"))
        stay.action_admit()
        self._check_same_release(stay)
        self.sudo().write(
            {
                "state": "received" if self.state == "in_transit" else "returned",
                "new_stay_id": stay.id,
                "received_date": stay.admission_date,
                "received_by_id": self.env.user.id,
            }
        )
        self._post_receipt(stay)
        return stay

    def send_back(self, reason):
        """The person is taken back to the sending facility.

        The receiving facility's manager refuses the person, or the sending
        facility's manager cancels the decision, while they are in transit;
        the sending facility's intake desk then receives them back
        (``receive``), on the same release date.
        """
        self.ensure_one()
        self._guard_check_access("write")
        reason = (reason or "").strip()
        if not self.env.su and not (
            self.env.user.has_group(MANAGER_GROUP)
            and self.env.user.company_ids
            & (self.sending_company_id | self.receiving_company_id)
        ):
            raise AccessError(
                self.env._(
                    "Only a manager of the sending or receiving facility refuses "
                    "or cancels a transfer."
                )
            )
        if not reason:
            raise ValidationError(
                self.env._("Say why the transfer is refused or cancelled.")
            )
        self._lock_for_receipt()
        if self.state != "in_transit":
            raise UserError(
                self.env._(
                    "Transfer %s is no longer in transit: it cannot be sent back.",
                    self.name,
                )
            )
        sender = self.sudo().sending_company_id
        self.sudo().write(
            {
                "state": "returning",
                "return_reason": reason,
                "returned_by_id": self.env.user.id,
            }
        )
        self.sudo().resident_id.company_id = sender
        body = self.env._(
            "Sent back to %(facility)s by %(user)s: %(reason)s. The sending "
            "facility's intake desk receives the person back.",
            facility=sender.name,
            user=self.env.user.name,
            reason=reason,
        )
        self.message_post(body=body)
        self.sudo().stay_id.message_post(body=body)
        return True

    def _lock_for_receipt(self):
        """Two desks receiving at once: the second waits, then is refused."""
        self.flush_recordset()
        self.env.cr.execute(
            SQL("SELECT state FROM rehab_transfer WHERE id = %s FOR UPDATE", self.id)
        )
        self.invalidate_recordset(["state"])

    def _check_same_release(self, stay):
        if stay.sudo().expected_release_date != self.expected_release_date:
            raise UserError(
                self.env._(
                    "The received stay would not end on the release date of the "
                    "transfer (%s): nothing was received.",
                    self.expected_release_date.strftime("%d/%m/%Y")
                    if self.expected_release_date
                    else "-",
                )
            )

    def _post_receipt(self, stay):
        body = self.env._(
            "Received by %(user)s on %(date)s: stay %(stay)s continues stay "
            "%(previous)s (same order, term and release date).",
            user=self.env.user.name,
            date=stay.admission_date.strftime("%d/%m/%Y"),
            stay=stay.name,
            previous=self.sudo().stay_id.name,
        )
        self.message_post(body=body)
        stay.message_post(body=body)

    # ------------------------------------------------------------- figures
    @api.model
    def _period_figures(self, company_ids, date_from, date_to):
        """Transfers of a period: ``{"facilities": [...], "total": {...}}``.

        A transfer is a release (reason "transfer") at the sending facility on
        the day of departure and an admission at the receiving facility on the
        day of receipt; in between the person is on neither roll. Per
        facility: transfers out and in during the period and the people in
        transit (out and in) at its end. A transfer sent back counts in
        transit to, then received at, its destination (the sending
        facility). One grouped query; a block for
        ``rehab.occupancy.figures._extra_period_figures``.
        """
        self.env.flush_all()
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT c.id AS company_id,
                       COUNT(*) FILTER (WHERE t.sending_company_id = c.id
                           AND t.transfer_date BETWEEN %(d1)s AND %(d2)s)
                           AS transfers_out,
                       COUNT(*) FILTER (WHERE t.destination_company_id = c.id
                           AND t.received_date BETWEEN %(d1)s AND %(d2)s)
                           AS transfers_in,
                       COUNT(*) FILTER (WHERE t.sending_company_id = c.id
                           AND t.transfer_date <= %(d2)s AND (t.received_date
                               IS NULL OR t.received_date > %(d2)s))
                           AS in_transit_out,
                       COUNT(*) FILTER (WHERE t.destination_company_id = c.id
                           AND t.transfer_date <= %(d2)s AND (t.received_date
                               IS NULL OR t.received_date > %(d2)s))
                           AS in_transit_in
                  FROM res_company c
                  JOIN rehab_transfer t
                    ON c.id IN (t.sending_company_id, t.receiving_company_id)
                 WHERE c.id = ANY(%(companies)s)
                 GROUP BY c.id
                """,
                companies=list(company_ids),
                d1=date_from,
                d2=date_to,
            )
        )
        keys = ("transfers_out", "transfers_in", "in_transit_out", "in_transit_in")
        names = {
            company.id: company.name
            for company in self.env["res.company"]
            .sudo()
            .browse([row["company_id"] for row in rows])
        }
        facilities = sorted(
            (
                {"facility": names[row["company_id"]], **{k: row[k] for k in keys}}
                for row in rows
                if any(row[k] for k in keys)
            ),
            key=lambda row: row["facility"],
        )
        return {
            "facilities": facilities,
            "total": {k: sum(row[k] for row in facilities) for k in keys},
        }

    # -------------------------------------------------------------- screens
    def action_open_receive_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Receive the Transfer"),
            "res_model": "rehab.transfer.receive.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_transfer_id": self.id},
        }

    def action_open_return_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse or Cancel the Transfer"),
            "res_model": "rehab.transfer.return.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_transfer_id": self.id},
        }

    def action_print_handover(self):
        """The handover minutes of the transfer (either facility prints)."""
        self.check_access("read")
        return self.env.ref(
            "rehab_facility.action_report_transfer_handover"
        ).report_action(self)

    def action_view_new_stay(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "rehab.stay",
            "res_id": self.new_stay_id.id,
            "view_mode": "form",
            "target": "current",
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A transfer cannot be deleted: it is part of the resident's legal "
                "file."
            )
        )
