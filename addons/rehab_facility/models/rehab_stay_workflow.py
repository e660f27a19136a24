from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .rehab_area import SHARED_AREA_KINDS

# The legal basis and screening the intake desk gives when it opens a stay,
# and may still correct while the stay is at intake; after admission every
# fact changes through an action (legal basis change, ledger, absences,
# discharge), which records why.
INTAKE_EDITABLE_FIELDS = (
    "order_kind",
    "decision_number",
    "decision_date",
    "decision_authority",
    "admission_date",
    "term_months",
    "weight_kg",
    "height_cm",
    "health_notes",
    "received_at",
    "delivered_by_unit",
    "delivered_by_name",
    "delivered_by_position",
    "received_documents",
)
# What ``open_stay`` takes (everything else follows).
OPEN_STAY_FIELDS = frozenset({"resident_id", "company_id", *INTAKE_EDITABLE_FIELDS})
BELONGING_FIELDS = frozenset({"name", "quantity", "uom", "description"})
DEPARTURE_FIELDS = frozenset(
    {
        "incident_id",
        "pursuit_decision_number",
        "pursuit_decision_date",
        "police_unit",
        "hospital",
        "document_reference",
    }
)
OPEN_STATES = ("intake", "in_rehab", "absent", "suspended")
# Away from their area but counted in the facility (roll count, bed board).
GATE_STATUSES = [("in_visit", "In visit"), ("on_leave", "On leave")]


class RehabStayWorkflow(models.AbstractModel):
    """The transitions of a stay, from intake to the last day before release.

    Each one is a public method: it checks the acting user's access and the
    facility's record rules first, then every rule of the law, then writes in
    superuser mode (the user stays the author of what is posted). Wizards and
    screens only collect the values and call one of them.
    """

    _name = "rehab.stay.workflow"
    _description = "Stay Transitions"

    visit_ids = fields.One2many("rehab.visit", "stay_id", string="Visits")
    gate_status = fields.Selection(
        GATE_STATUSES,
        compute="_compute_gate_status",
        store=True,
        help="At a family visit (checked in at the gate) or on funeral leave: "
        "away from the area, still counted in the facility (Decree 116/2021 "
        "Art. 69-70).",
    )

    @api.depends("absence_ids.kind", "absence_ids.date_end", "visit_ids.state")
    def _compute_gate_status(self):
        for stay in self:
            if stay.absence_ids.filtered(
                lambda a: a.kind == "funeral_leave" and not a.date_end
            ):
                stay.gate_status = "on_leave"
            elif stay.visit_ids.filtered(lambda v: v.state == "in_progress"):
                stay.gate_status = "in_visit"
            else:
                stay.gate_status = False

    # --------------------------------------------------------------- helpers
    def _check_open(self, action):
        for stay in self:
            if stay.state not in OPEN_STATES:
                raise UserError(
                    self.env._(
                        "%(name)s is released: %(action)s is no longer possible.",
                        name=stay.name,
                        action=action,
                    )
                )

    @api.model
    def _check_user_facility(self, company):
        if not self.env.su and company not in self.env.user.company_ids:
            raise AccessError(
                self.env._("You do not work for the facility of this record.")
            )

    def _check_decision_date(self, decision_date):
        self.ensure_one()
        if decision_date > self.company_id.rehab_today():
            raise ValidationError(
                self.env._("The decision date cannot be in the future.")
            )
        if decision_date < self.admission_date:
            raise ValidationError(
                self.env._("The court decision cannot be dated before the admission.")
            )

    # ---------------------------------------------------------------- intake
    @api.model
    def open_stay(self, values):
        """Open a stay at intake for a person received under a legal order.

        The legal basis (order, decision, term) can be corrected while the
        stay is at intake; the reference is taken once the checks passed.
        """
        self.browse().check_access("create")
        refused = set(values) - OPEN_STAY_FIELDS
        if refused:
            self._guard_refuse(refused, creating=True)
        company = self.env["res.company"].browse(
            values.get("company_id") or self.env.company.id
        )
        self._check_user_facility(company)
        resident = self.env["rehab.resident"].browse(values.get("resident_id"))
        if not resident:
            raise UserError(self.env._("Choose the person the stay is for."))
        resident.check_access("read")
        # A person in transit is received with their transfer, not anew.
        self.env["rehab.transfer"]._check_not_in_transit(resident, company)
        values = self._guard_check_values({**values, "company_id": company.id})
        if "term_months" not in values:
            values["term_months"] = self._default_term(resident, values)
        stay = self.sudo().create(values)
        return stay.sudo(self.env.su)

    @api.model
    def _default_term(self, resident, values):
        """The term the law sets for this order (repeat term on relapse)."""
        on_date = fields.Date.to_date(
            values.get("decision_date") or values.get("admission_date")
        )
        order_type = self.env["rehab.order.type"]._find_for_date(
            values.get("order_kind"), on_date
        )
        if not (order_type and order_type.fixed_term):
            return 0
        return order_type._term_bounds(resident._is_readmission(on_date))[2]

    def deposit_belongings(self, lines):
        """Record what the person deposits (itemised list, Decree 116 intake)."""
        self.ensure_one()
        stay = self._guard_check_access("write")
        self._check_open(self.env._("a deposit"))
        for line in lines:
            refused = set(line) - BELONGING_FIELDS
            if refused:
                self.env["rehab.belonging"]._guard_refuse(refused, creating=True)
        # Deposited on reception: the admission day, even when recorded later.
        day = self.admission_date
        return (
            self.env["rehab.belonging"]
            .sudo()
            .create(
                [{**line, "stay_id": stay.id, "deposit_date": day} for line in lines]
            )
        )

    def action_admit(self):
        """Intake done: the person is in rehab, in a bed."""
        stays = self._guard_check_access("write")
        for stay in self:
            if stay.state != "intake":
                raise UserError(self.env._("Only a stay at intake can be admitted."))
            if not stay.current_bed_id:
                raise UserError(
                    self.env._(
                        "Assign a bed to %s before admitting.", stay.resident_id.name
                    )
                )
        stays.state = "in_rehab"
        self.env["rehab.post.rehab"]._close_for_relapse(stays)
        return True

    # ------------------------------------------------------------------ beds
    def assign_bed(self, bed, reason=None, when=None, area_reason=None):
        """Move the stay to ``bed``, keeping the trail of previous beds.

        The bed's exclusion constraint keeps one occupant per bed even when
        two desks confirm at the same moment. A first placement in an
        isolation or discipline area needs ``area_reason`` (why there).
        """
        self.ensure_one()
        stay = self._guard_check_access("write")
        bed.check_access("read")
        self._check_open(self.env._("a bed assignment"))
        if bed == self.current_bed_id:
            raise UserError(
                self.env._("The resident is already in bed %s.", bed.display_name)
            )
        if self.current_bed_id and not (reason or "").strip():
            raise UserError(self.env._("Say why the resident changes bed."))
        if not self.current_bed_id:
            reason = self._first_placement_reason(bed, reason, area_reason)
        when = when or fields.Datetime.now()
        stay.assignment_ids.filtered(lambda a: not a.date_to)._end(when)
        return (
            self.env["rehab.bed.assignment"]
            .sudo()
            .create(
                {
                    "stay_id": self.id,
                    "bed_id": bed.id,
                    "date_from": when,
                    "reason": reason,
                }
            )
        )

    def _first_placement_reason(self, bed, reason, area_reason):
        """The reason recorded for a first bed; an isolation or discipline
        area (not the order's own) is chosen only with a reason."""
        area_reason = " ".join((area_reason or "").split())
        if (
            bed.area_kind in SHARED_AREA_KINDS
            and bed.area_kind != self.order_type_id.area_kind
        ):
            if not area_reason:
                raise UserError(
                    self.env._(
                        "Bed %s is in a discipline or infectious-disease area: a "
                        "person is placed there at intake only with a reason. "
                        "Say why, or choose a bed of the order's area.",
                        bed.display_name,
                    )
                )
            return f"{reason}: {area_reason}" if reason else area_reason
        return reason

    def free_bed(self, reason):
        """Free the bed of a resident who is away (escaped, in hospital)."""
        self.ensure_one()
        stay = self._guard_check_access("write")
        if self.state not in ("absent", "suspended"):
            raise UserError(
                self.env._(
                    "Only the bed of a resident who is away can be freed; move a "
                    "present resident to another bed instead."
                )
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the bed is freed."))
        stay.assignment_ids.filtered(lambda a: not a.date_to)._end()
        self.message_post(body=self.env._("Bed freed: %s", reason))
        return True

    # -------------------------------------------------------------- absences
    def record_departure(self, kind, date_start, values=None):
        """Record an escape (Decree 116 Art. 56) or a hospital suspension."""
        self.ensure_one()
        self.check_access("read")
        if kind not in ("escape", "suspension"):
            raise UserError(
                self.env._(
                    "Only an escape or a hospital suspension is recorded here; a "
                    "funeral leave departs through its approved request."
                )
            )
        absences = self.env["rehab.stay.absence"]
        # Whoever may follow up absences records them (no one creates directly).
        absences.browse().check_access("write")
        values = dict(values or {})
        refused = set(values) - DEPARTURE_FIELDS
        if refused:
            absences._guard_refuse(refused, creating=True)
        incident = self.env["rehab.incident"].browse(values.get("incident_id"))
        if incident:
            incident.check_access("read")
        values = absences._guard_check_values(
            {**values, "stay_id": self.id, "kind": kind, "date_start": date_start}
        )
        absence = absences.sudo().create(values)
        if kind == "escape":
            # One step: the escape incident is created (or linked) with it,
            # once the absence passed its checks.
            incident = incident._for_escape(self, absence.date_start)
            absence.incident_id = incident
        if incident:
            incident.message_post(body=absence._describe_departure())
        return absence.sudo(self.env.su)

    # ----------------------------------------------------------- legal basis
    def change_legal_basis(self, order_kind, decision, term_months=None, bed=None):
        """Record the court decision that makes a pending stay compulsory.

        Decree 116/2021 Art. 44.3: the days managed at the facility while the
        dossier was prepared are deducted from the compulsory term.
        ``decision``: {number, date, authority}.
        """
        self.ensure_one()
        stay = self._guard_check_access("write")
        self._check_open(self.env._("a change of legal basis"))
        if self.order_kind != "pending":
            raise UserError(
                self.env._(
                    "Only a stay managed while the compulsory dossier is prepared "
                    "can be converted by a court decision."
                )
            )
        number, date, authority = self._decision_parts(decision)
        self._check_decision_date(date)
        order_type = self.env["rehab.order.type"]._find_for_date(order_kind, date)
        if not order_type or order_kind not in ("compulsory_adult", "compulsory_minor"):
            raise UserError(
                self.env._("No compulsory order is in force on the decision date.")
            )
        if term_months is None:
            term_months = order_type._term_bounds(self.is_relapse)[2]
        if bed:
            bed.check_access("read")
        elif self.current_bed_id and self._bed_mismatch(
            self.current_bed_id, order_type
        ):
            raise UserError(
                self.env._(
                    "Bed %s is not in an area for the new order: choose a bed that "
                    "fits.",
                    self.current_bed_id.display_name,
                )
            )
        credit = max((date - self.admission_date).days, 0)
        previous = self.order_type_id
        stay.write(
            {
                "order_kind": order_kind,
                "decision_number": number,
                "decision_date": date,
                "decision_authority": authority,
                "term_months": term_months,
                "basis_change_ids": [
                    (
                        0,
                        0,
                        {
                            "date": date,
                            "from_order_type_id": previous.id,
                            "to_order_type_id": order_type.id,
                            "decision_number": number,
                            "decision_date": date,
                            "decision_authority": authority,
                            "credit_days": credit,
                        },
                    )
                ],
            }
        )
        if credit:
            stay._add_ledger_line("pending_credit", date, number, days=credit)
        if bed and bed != self.current_bed_id:
            self.assign_bed(bed, reason=self.env._("Legal basis changed"))
        self.message_post(
            body=self.env._(
                "Legal basis changed from “%(old)s” to “%(new)s” by decision "
                "%(number)s of %(date)s (%(authority)s); %(days)s days served "
                "credited to the term.",
                old=previous.name,
                new=order_type.name,
                number=number,
                date=date.strftime("%d/%m/%Y"),
                authority=authority,
                days=credit,
            )
        )
        return True

    def _decision_parts(self, decision):
        number = (decision.get("number") or "").strip()
        authority = (decision.get("authority") or "").strip()
        date = fields.Date.to_date(decision.get("date"))
        if not (number and date and authority):
            raise UserError(
                self.env._(
                    "Enter the decision's number, date and the deciding authority."
                )
            )
        return number, date, authority

    # ------------------------------------------------------------ term ledger
    def _add_ledger_line(self, kind, date, reference, **amount):
        """Write one ledger line (superuser; the caller checked everything).

        ``amount``: days, months, reason, direction (manual corrections only).
        No line may put the release before the start of the term.
        """
        self.ensure_one()
        line = (
            self.env["rehab.stay.adjustment"]
            .sudo()
            .create(
                {
                    "stay_id": self.id,
                    "date": date,
                    "kind": kind,
                    "reference": reference,
                    **amount,
                }
            )
        )
        if (
            self.expected_release_date
            and self.term_start_date
            and (self.expected_release_date < self.term_start_date)
        ):
            raise ValidationError(
                self.env._(
                    "This would put the release date (%(release)s) before the start "
                    "of the term (%(start)s).",
                    release=self.expected_release_date.strftime("%d/%m/%Y"),
                    start=self.term_start_date.strftime("%d/%m/%Y"),
                )
            )
        return line

    def record_court_decision(self, kind, decision, months=0):
        """A court reduces the term or exempts the remainder (Decree 116 Art. 58).

        ``kind``: "reduction" (``months``) or "exemption".
        """
        self.ensure_one()
        self._guard_check_access("write")
        self._check_open(self.env._("a court reduction"))
        if not self.expected_release_date:
            raise UserError(self.env._("This stay has no fixed term to reduce."))
        number, date, authority = self._decision_parts(decision)
        self._check_decision_date(date)
        remaining = (self.expected_release_date - date).days
        if kind == "reduction":
            if not 1 <= (months or 0) <= 36:
                raise UserError(
                    self.env._("Enter the number of months reduced (1-36).")
                )
            if remaining <= 0 or (
                fields.Date.subtract(self.expected_release_date, months=months) <= date
            ):
                raise UserError(
                    self.env._(
                        "A reduction of %(months)s months is more than the %(days)s "
                        "days that remain of the term: record an exemption of the "
                        "remainder instead.",
                        months=months,
                        days=max(remaining, 0),
                    )
                )
            return self._add_ledger_line(
                "court_reduction", date, number, months=months, reason=authority
            )
        if kind != "exemption":
            raise UserError(self.env._("Choose a reduction or an exemption."))
        if remaining <= 0:
            raise UserError(self.env._("Nothing remains of the term to exempt."))
        return self._add_ledger_line(
            "court_reduction", date, number, days=remaining, reason=authority
        )

    def add_term_correction(self, direction, reason, days=0, months=0, reference=None):
        """A dated, reasoned correction of the term by the intake desk."""
        self.ensure_one()
        self._guard_check_access("write")
        if self.state not in ("in_rehab", "absent", "suspended"):
            raise UserError(
                self.env._(
                    "The term of %s can be corrected only while the stay is open.",
                    self.name,
                )
            )
        if direction not in ("extend", "reduce"):
            raise UserError(
                self.env._("Choose whether it extends or shortens the term.")
            )
        if not (reason or "").strip():
            raise ValidationError(
                self.env._("A manual correction of the term needs a reason.")
            )
        self.env["rehab.stay.adjustment"]._guard_check_values(
            {"days": days, "months": months, "reason": reason, "reference": reference}
        )
        return self._add_ledger_line(
            "manual",
            self.company_id.rehab_today(),
            reference,
            days=days,
            months=months,
            reason=reason.strip(),
            direction=direction,
        )

    # ---------------------------------------------------------- wizards
    def action_open_discharge_wizard(self):
        return self._open_wizard(
            "rehab.discharge.wizard", self.env._("Discharge and Handover")
        )

    def action_open_convert_wizard(self):
        return self._open_wizard(
            "rehab.stay.convert.wizard", self.env._("Change Legal Basis")
        )

    def action_open_bed_move_wizard(self):
        return self._open_wizard(
            "rehab.bed.move.wizard", self.env._("Assign or Move Bed")
        )

    def _open_wizard(self, model, name, context=None):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_stay_id": self.id, **(context or {})},
        }

    def action_report_escape(self):
        return self._open_wizard(
            "rehab.stay.departure.wizard",
            self.env._("Report Escape"),
            {"default_kind": "escape"},
        )

    def action_suspend(self):
        return self._open_wizard(
            "rehab.stay.departure.wizard",
            self.env._("Suspend for Hospital Treatment"),
            {"default_kind": "suspension"},
        )

    def action_record_return(self):
        return self._open_wizard(
            "rehab.stay.return.wizard",
            self.env._("Record Return"),
            {"default_absence_id": self.open_absence_id.id},
        )

    def action_open_correction_wizard(self):
        return self._open_wizard(
            "rehab.stay.correction.wizard", self.env._("Correct the Term")
        )

    def action_court_reduction(self):
        return self._open_wizard(
            "rehab.stay.reduction.wizard", self.env._("Court Reduction or Exemption")
        )

    def action_print_reception_minutes(self):
        self.issue_document("reception")
        return self.env.ref(
            "rehab_facility.action_report_reception_minutes"
        ).report_action(self)
