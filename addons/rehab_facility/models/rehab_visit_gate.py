from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from .rehab_resident_identity import CITIZEN_ID_RE
from .rehab_visit_limits import _hours

BOOK_FIELDS = frozenset(
    {
        "stay_id",
        "kind",
        "slot_id",
        "room_id",
        "date_start",
        "date_end",
        "visitor_ids",
        "note",
        "walk_in",
    }
)
ITEM_FIELDS = frozenset({"name", "quantity", "outcome", "contraband", "visitor_id"})
GATE_GROUP = "rehab_facility.group_rehab_security"
# Visitors who come early may be let in this long before the booked start;
# the visit still ends at its booked end (gate practice, not a legal limit).
CHECK_IN_EARLY = timedelta(minutes=30)
DIRECTOR_GROUP = "rehab_facility.group_rehab_manager"


class RehabVisitGate(models.AbstractModel):
    """The transitions of a visit: book, check in, inspect, check out.

    Each is a public method: it checks the acting user's access and record
    rules, then every rule (``rehab.visit.limits``), then writes in
    superuser mode. Booking is for the intake desk and the gate (security);
    the gate's steps (check-in, items, check-out) for security officers; the
    longer visit for the facility director (the facility manager group).
    """

    _name = "rehab.visit.gate"
    _description = "Visit Transitions"

    # ------------------------------------------------------------ helpers
    def _check_group(self, group, message):
        if not self.env.su and not self.env.user.has_group(group):
            raise AccessError(message)

    def _check_gate_officer(self):
        self._check_group(
            GATE_GROUP,
            self.env._("The gate's steps are recorded by the security officers."),
        )

    def _check_state(self, states, action):
        for visit in self:
            if visit.state not in states:
                labels = dict(visit._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Visit %(name)s is “%(state)s”: %(action)s is not possible.",
                        name=visit.name,
                        state=labels[visit.state],
                        action=action,
                    )
                )

    # ------------------------------------------------------------- booking
    @api.model
    def book(self, values):
        """Book a visit in a visiting session, a private visit in a room, or
        record a walk-in (Decree 116/2021 Art. 69).

        ``values``: stay_id, kind ("regular" | "private"), visitor_ids,
        slot_id (booked family visit), room_id, date_start and date_end
        (private visit; a family visit's end defaults to its allowed hours),
        walk_in (starts now), note.
        """
        self.browse().check_access("create")
        refused = set(values) - BOOK_FIELDS
        if refused:
            self._guard_refuse(refused, creating=True)
        stay = self.env["rehab.stay"].browse(values.get("stay_id"))
        if not stay:
            raise UserError(self.env._("Choose the resident to visit."))
        stay.check_access("read")
        if not self.env.su and stay.company_id not in self.env.user.company_ids:
            raise AccessError(
                self.env._("You do not work for the facility of this record.")
            )
        visitors = self.env["rehab.visitor"].browse(values.get("visitor_ids") or [])
        visitors.check_access("read")
        vals = self._booking_values(stay, dict(values))
        self._lock_stay(stay)
        if vals.get("slot_id"):
            slot = self.env["rehab.visit.slot"].browse(vals["slot_id"])
            slot._lock_for_booking()
            slot._check_place_free()
        if vals.get("room_id"):
            self._check_room_free(
                self.env["rehab.visit.room"].browse(vals["room_id"]),
                vals["date_start"],
                vals["date_end"],
            )
        visit = self.sudo().create(vals)
        visit._check_visit_rules(visitors)
        visit.write(
            {
                "name": self.env["ir.sequence"].sudo().next_by_code("rehab.visit"),
                "visitor_line_ids": [
                    Command.create({"visitor_id": visitor.id}) for visitor in visitors
                ],
            }
        )
        visit.message_post(body=visit._describe_booking())
        return visit.sudo(self.env.su)

    @api.model
    def _booking_values(self, stay, values):
        """The visit's values from what the desk gave, times included."""
        kind = values.get("kind") or "regular"
        walk_in = bool(values.get("walk_in"))
        company = stay.company_id
        now = fields.Datetime.now().replace(microsecond=0)
        slot = self.env["rehab.visit.slot"].browse(values.get("slot_id"))
        room = self.env["rehab.visit.room"].browse(values.get("room_id"))
        slot.check_access("read")
        room.check_access("read")
        start = fields.Datetime.to_datetime(values.get("date_start"))
        end = fields.Datetime.to_datetime(values.get("date_end"))
        if kind == "private":
            if not room:
                raise UserError(self.env._("Choose the private visit room."))
            slot = slot.browse()
            start = now if walk_in else start
            if not (start and end):
                raise UserError(
                    self.env._("Enter when the private visit starts and ends.")
                )
        elif walk_in:
            start = now
            slot = slot.search(
                [
                    ("company_id", "=", company.id),
                    ("date_start", "<=", now),
                    ("date_end", ">", now),
                ],
                limit=1,
            )
        else:
            if not slot:
                raise UserError(self.env._("Choose the visiting session."))
            start = start or slot.date_start
            if not slot.date_start <= start < slot.date_end:
                raise UserError(
                    self.env._(
                        "The visit must start within its session (%s).",
                        slot.display_name,
                    )
                )
        if kind == "regular" and not end:
            end = start + timedelta(hours=company.rehab_visit_max_hours)
            if slot and not walk_in:
                end = min(end, slot.date_end)
        if not walk_in and end <= now:
            raise UserError(
                self.env._("This time is over: book a later one, or record a walk-in.")
            )
        if slot and slot.company_id != company or room and room.company_id != company:
            raise UserError(
                self.env._("The session or room belongs to another facility.")
            )
        if end <= start:
            raise UserError(self.env._("A visit ends after it starts."))
        return self._guard_check_values(
            {
                "company_id": company.id,
                "stay_id": stay.id,
                "kind": kind,
                "booking": "walk_in" if walk_in else "booked",
                "slot_id": slot.id or False,
                "room_id": room.id or False,
                "date_start": start,
                "date_end": end,
                "note": values.get("note") or False,
            }
        )

    def _describe_booking(self):
        self.ensure_one()
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        return self.env._(
            "%(kind)s booked from %(start)s to %(end)s with %(visitors)s.",
            kind=kinds[self.kind],
            start=self._local_time(self.date_start),
            end=self._local_time(self.date_end),
            visitors=", ".join(self.visitor_line_ids.visitor_id.mapped("name")),
        )

    # ---------------------------------------------------------- extension
    def approve_extension(self, hours, reason):
        """The director allows a family visit up to 4 hours (Art. 69)."""
        self.ensure_one()
        visit = self._guard_check_access("write")
        self._check_group(
            DIRECTOR_GROUP,
            self.env._("Only the facility director approves a longer visit."),
        )
        self._check_state(("booked", "in_progress"), self.env._("a longer visit"))
        if self.kind != "regular":
            raise UserError(self.env._("Only a family visit can be made longer."))
        company = self.company_id
        reason = " ".join((reason or "").split())
        if not reason:
            raise UserError(self.env._("Say why the visit is longer."))
        hours = float(hours or 0)
        if (
            not company.rehab_visit_max_hours
            < hours
            <= (company.rehab_visit_extended_hours)
        ):
            raise UserError(
                self.env._(
                    "The director may allow from %(min)s to %(max)s hours "
                    "(Decree 116/2021 Art. 69).",
                    min=_hours(company.rehab_visit_max_hours),
                    max=_hours(company.rehab_visit_extended_hours),
                )
            )
        self._guard_check_values({"extension_reason": reason})
        self._lock_stay(self.stay_id)
        visit.write(
            {
                "extension_hours": hours,
                "extension_reason": reason,
                "extension_approved_by_id": self.env.user.id,
                "extension_approved_at": fields.Datetime.now(),
                "date_end": self.date_start + timedelta(hours=hours),
            }
        )
        self.message_post(
            body=self.env._(
                "Longer visit approved: %(hours)s hours, until %(end)s (%(reason)s).",
                hours=_hours(hours),
                end=self._local_time(self.date_end),
                reason=reason,
            )
        )
        return True

    # --------------------------------------------------------------- gate
    def check_in(self, citizen_ids, when=None):
        """Let the visitors in, each on their citizen ID shown at the gate.

        The rules are checked again with the visitors actually there: a
        registered visitor of the resident not on the booking is added, one
        who did not come is marked absent.
        """
        self.ensure_one()
        visit = self._guard_check_access("write")
        self._check_gate_officer()
        self._check_state(("booked",), self.env._("the check-in"))
        when = fields.Datetime.to_datetime(when) if when else fields.Datetime.now()
        if when < self.date_start - CHECK_IN_EARLY or when >= self.date_end:
            raise UserError(
                self.env._(
                    "Visit %(name)s is booked from %(start)s to %(end)s: the gate "
                    "opens for it 30 minutes before, at the earliest.",
                    name=self.name,
                    start=self._local_time(self.date_start),
                    end=self._local_time(self.date_end),
                )
            )
        visitors = self._presented_visitors(citizen_ids)
        self._lock_stay(self.stay_id)
        self._check_visit_rules(visitors, moment=when)
        lines = [
            Command.update(line.id, {"present": line.visitor_id in visitors})
            for line in self.visitor_line_ids
        ]
        lines += [
            Command.create({"visitor_id": visitor.id, "present": True})
            for visitor in visitors - self.visitor_line_ids.visitor_id
        ]
        visit.write(
            {
                "state": "in_progress",
                "checked_in_at": when,
                "checked_in_by_id": self.env.user.id,
                "visitor_line_ids": lines,
            }
        )
        self.message_post(
            body=self.env._(
                "Checked in at %(when)s: %(visitors)s.",
                when=self._local_time(when),
                visitors=", ".join(visitors.mapped("display_name")),
            )
        )
        return True

    def _presented_visitors(self, citizen_ids):
        """The resident's registered visitors whose IDs were shown."""
        if isinstance(citizen_ids, str):
            citizen_ids = citizen_ids.replace(",", " ").split()
        presented = []
        for citizen_id in citizen_ids or []:
            citizen_id = (citizen_id or "").strip()
            if not CITIZEN_ID_RE.match(citizen_id):
                raise UserError(
                    self.env._(
                        "The citizen ID “%s” is not valid: a CCCD has exactly 12 "
                        "digits.",
                        citizen_id,
                    )
                )
            if citizen_id not in presented:
                presented.append(citizen_id)
        if not presented:
            raise UserError(self.env._("Enter the citizen ID of each visitor."))
        visitors = (
            self.env["rehab.visitor"]
            .sudo()
            .search(
                [
                    ("resident_id", "=", self.stay_id.resident_id.id),
                    ("citizen_id", "in", presented),
                ]
            )
        )
        unknown = set(presented) - set(visitors.mapped("citizen_id"))
        if unknown:
            raise UserError(
                self.env._(
                    "Citizen ID %(cid)s is not a registered visitor of %(name)s: "
                    "register the person as a visitor first.",
                    cid=sorted(unknown)[0],
                    name=self.stay_id.resident_id.name,
                )
            )
        return visitors

    def check_out(self, when=None):
        """The visitors leave; time over the allowed end is recorded."""
        self.ensure_one()
        visit = self._guard_check_access("write")
        self._check_gate_officer()
        self._check_state(("in_progress",), self.env._("the check-out"))
        when = fields.Datetime.to_datetime(when) if when else fields.Datetime.now()
        if when < self.checked_in_at:
            raise UserError(self.env._("The check-out cannot be before the check-in."))
        over = max(int((when - self._allowed_end()).total_seconds() // 60), 0)
        visit.write(
            {
                "state": "done",
                "checked_out_at": when,
                "checked_out_by_id": self.env.user.id,
                "overrun_minutes": over,
            }
        )
        if over:
            body = self.env._(
                "Checked out at %(when)s, %(minutes)s minutes after the allowed end.",
                when=self._local_time(when),
                minutes=over,
            )
        else:
            body = self.env._("Checked out at %s.", self._local_time(when))
        self.message_post(body=body)
        return True

    def cancel(self, reason):
        """Cancel a booked visit, with the reason (the place is freed)."""
        self.ensure_one()
        visit = self._guard_check_access("write")
        self._check_state(("booked",), self.env._("a cancellation"))
        reason = " ".join((reason or "").split())
        if not reason:
            raise UserError(self.env._("Say why the visit is cancelled."))
        self._guard_check_values({"cancel_reason": reason})
        visit.write({"state": "cancelled", "cancel_reason": reason})
        self.message_post(body=self.env._("Cancelled: %s", reason))
        return True

    def mark_no_show(self):
        """Nobody came by the end of the booked time."""
        visits = self._guard_check_access("write")
        self._check_gate_officer()
        self._check_state(("booked",), self.env._("marking it as not come"))
        if self.filtered(lambda v: v.date_end > fields.Datetime.now()):
            raise UserError(
                self.env._("A visit is marked as not come only after its time.")
            )
        visits.write({"state": "no_show"})
        return True

    # -------------------------------------------------------------- items
    def inspect_items(self, lines):
        """Record what the visitors bring, item by item (Art. 69).

        ``lines``: [{name, quantity, outcome, contraband, visitor_id}];
        outcome: accepted (given to the resident), handed_back (returned to
        the visitor), confiscated. Prohibited items (drugs, weapons...) are
        confiscated, and open a contraband incident linked to the visit.
        """
        self.ensure_one()
        self._guard_check_access("write")
        self._check_gate_officer()
        self._check_state(("booked", "in_progress"), self.env._("an inspection"))
        Item = self.env["rehab.visit.item"]
        if not lines:
            raise UserError(self.env._("List the items inspected."))
        vals_list = []
        for line in lines:
            refused = set(line) - ITEM_FIELDS
            if refused:
                Item._guard_refuse(refused, creating=True)
            visitor = self.env["rehab.visitor"].browse(line.get("visitor_id"))
            if visitor and visitor not in self.visitor_line_ids.visitor_id:
                raise UserError(
                    self.env._("%s is not a visitor of this visit.", visitor.name)
                )
            if line.get("contraband") and line.get("outcome") != "confiscated":
                raise UserError(
                    self.env._(
                        "“%s” is prohibited: it is confiscated, never accepted or "
                        "handed back.",
                        line.get("name"),
                    )
                )
            vals_list.append(
                Item._guard_check_values(
                    {
                        "quantity": 1,
                        **line,
                        "visit_id": self.id,
                        "inspected_by_id": self.env.user.id,
                        "inspected_at": fields.Datetime.now(),
                    }
                )
            )
        items = Item.sudo().create(vals_list)
        items = items.sudo(self.env.su)
        contraband = items.filtered("contraband")
        if contraband:
            incident = contraband._open_contraband_incident(self)
            self.message_post(
                body=self.env._("Contraband incident %s opened.", incident.name)
            )
        return items

    # ------------------------------------------------------------ wizards
    def _open_gate_wizard(self, model, name, context=None):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_visit_id": self.id, **(context or {})},
        }

    def action_open_check_in(self):
        return self._open_gate_wizard(
            "rehab.visit.check.in.wizard", self.env._("Check In at the Gate")
        )

    def action_open_inspection(self):
        return self._open_gate_wizard(
            "rehab.visit.inspect.wizard", self.env._("Inspect the Items")
        )

    def action_open_extension(self):
        return self._open_gate_wizard(
            "rehab.visit.extension.wizard", self.env._("Approve a Longer Visit")
        )

    def action_open_cancel(self):
        return self._open_gate_wizard(
            "rehab.gate.reason.wizard",
            self.env._("Cancel the Visit"),
            {"default_res_model": "rehab.visit", "default_res_id": self.id},
        )

    def action_check_out(self):
        return self.check_out()

    def action_mark_no_show(self):
        return self.mark_no_show()
