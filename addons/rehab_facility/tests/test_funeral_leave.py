"""Funeral leave (Decree 116/2021 Art. 70), from the request to the return.

At most 5 days plus travel (settings), approved by the director on the death
document; the days count toward the term (no ledger line). Not back when
due: an escape from the due time (Art. 56), and only the days after the due
time move the release date.
"""

import base64
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .gate_common import GateCase

DOCUMENT = base64.b64encode(b"%PDF-1.4 giay chung tu")


@tagged("post_install", "-at_install")
class TestFuneralLeave(GateCase):
    def _request(self, user=None, **values):
        return (
            self.env["rehab.funeral.leave"]
            .with_user(user or self.intake_user)
            .create(
                {
                    "stay_id": self.stay.id,
                    "deceased_name": "Nguyễn Văn Cha",
                    "deceased_relationship": "father",
                    "date_of_death": date(2026, 11, 24),
                    "death_document": DOCUMENT,
                    "death_document_name": "giay_chung_tu.pdf",
                    "destination": "Xã Hoành Bồ, Quảng Ninh",
                    "leave_days": 5,
                    "travel_days": 2,
                    **values,
                }
            )
            .with_env(self.env)
        )

    def _away(self, **values):
        leave = self._request(**values)
        leave.with_user(self.manager_user).action_approve()
        leave.with_user(self.security_user).action_depart(
            escort_ids=self.security_user.ids
        )
        return leave

    def test_request_rules(self):
        with self.assertRefused(ValidationError, "Attach the death document"):
            self._request(death_document=False)
        with self.assertRefused(ValidationError, r"at most 5 days.*6 were asked"):
            self._request(leave_days=6)
        with self.assertRefused(
            ValidationError, r"At most 2 travel days.*3 were asked"
        ):
            self._request(travel_days=3)
        with self.assertRefused(ValidationError, "choose one of the proposed values"):
            self._request(deceased_relationship="sibling")
        with self.assertRefused(UserError, "cannot be set by hand"):
            self._request(state="approved")
        with self.assertRefused(ValidationError, "cannot be in the future"):
            self._request(date_of_death=date(2026, 11, 26))
        self._send_away(self.stay2)
        with self.assertRefused(ValidationError, "only a resident in rehab"):
            self._request(stay_id=self.stay2.id)
        for user in (self.instructor_user, self.medical_user, self.auditor_user):
            with self.assertRaises(AccessError):
                self._request(user=user)
        self.assertFalse(self.env["rehab.funeral.leave"].search([]))
        # The settings give the numbers (Decree 116/2021 Art. 70 by default).
        self.facility.rehab_funeral_travel_days = 3
        leave = self._request(travel_days=3)
        self.assertEqual(leave.state, "requested")
        self.assertRegex(leave.name, r"^NP/2026/\d+")

    def test_approval_departure_and_on_the_roll(self):
        leave = self._request()
        with self.assertRefused(AccessError, "Only the facility director"):
            leave.with_user(self.security_user).action_approve()
        leave.with_user(self.manager_user).action_approve()
        self.assertEqual(
            (leave.state, leave.approved_by_id), ("approved", self.manager_user)
        )
        with self.assertRefused(AccessError, "recorded by security"):
            leave.with_user(self.intake_user).action_depart(escort_note="Cán bộ A")
        gate = leave.with_user(self.security_user)
        with self.assertRefused(UserError, "Name the staff who escort"):
            gate.action_depart()
        gate.action_depart(escort_ids=self.security_user.ids)
        now = fields.Datetime.now()
        self.assertEqual(leave.state, "away")
        self.assertEqual(leave.due_back_at, now + timedelta(days=7))
        self.assertEqual(leave.escort_ids, self.security_user)
        # Away but counted: still in rehab, on leave on the roll and the board.
        self.assertEqual(self.stay.state, "in_rehab")
        self.assertEqual(self.stay.gate_status, "on_leave")
        self.assertEqual(leave.absence_id.kind, "funeral_leave")
        self.assertTrue(self.stay._away_on(date(2026, 11, 26)))
        area = self.area_compulsory_m.with_user(self.intake_user)
        self.assertEqual(
            (area.present_count, area.on_leave_count, area.absent_count), (1, 1, 0)
        )
        self.assertEqual(
            self.bed_c1.with_user(self.intake_user).current_stay_gate_status,
            "on_leave",
        )
        # Nothing else records or ends it.
        with self.assertRefused(UserError, "Only an escape or a hospital suspension"):
            self.stay.with_user(self.security_user).record_departure(
                "funeral_leave", now
            )
        with self.assertRefused(UserError, "recorded on the leave itself"):
            leave.absence_id.with_user(self.security_user).action_return(now)
        with self.assertRefused(UserError, "already recorded as away"):
            self._send_away(self.stay)
        with self.assertRefused(UserError, "is on funeral leave and cannot be visited"):
            self._book(self.mother, self._slot(date(2026, 11, 26)))

    def test_back_by_the_due_time_counts_toward_the_term(self):
        release = self.stay.expected_release_date
        leave = self._away()
        due = leave.due_back_at
        with freeze_time(due):
            leave.with_user(self.security_user).action_return(due)
        self.assertEqual(leave.state, "returned")
        self.assertEqual(leave.date_return, due)
        self.assertFalse(leave.absence_id.adjustment_id)
        self.assertFalse(self.stay.adjustment_ids)
        self.assertEqual(self.stay.expected_release_date, release)
        self.assertFalse(self.stay.gate_status)
        self.assertEqual(self.stay.state, "in_rehab")

    def test_not_back_becomes_an_escape_from_the_due_time(self):
        release = self.stay.expected_release_date
        leave = self._away()
        due = leave.due_back_at
        with freeze_time(due):
            self.env["rehab.funeral.leave"]._cron_mark_overdue()
        self.assertEqual(leave.state, "away", "not late at the due time itself")
        with freeze_time(due + timedelta(minutes=1)):
            self.env["rehab.funeral.leave"]._cron_mark_overdue()
        self.assertEqual(leave.state, "escaped")
        escape = leave.escape_absence_id
        self.assertEqual((escape.kind, escape.date_start), ("escape", due))
        self.assertEqual(leave.absence_id.date_end, due)
        self.assertEqual(self.stay.state, "absent")
        self.assertFalse(self.stay.gate_status)
        self.assertTrue(
            leave.activity_ids.filtered(lambda a: a.user_id == self.manager_user)
        )
        area = self.area_compulsory_m.with_user(self.intake_user)
        self.assertEqual((area.on_leave_count, area.absent_count), (0, 1))
        # Back three days after the due time: the term moves by three days.
        with freeze_time(due + timedelta(days=3)):
            leave.with_user(self.security_user).action_return()
        self.assertEqual(escape.days_away, 3)
        self.assertEqual(self.stay.adjustment_ids.signed_days, 3)
        self.assertEqual(self.stay.expected_release_date, release + timedelta(days=3))
        self.assertEqual(self.stay.state, "in_rehab")
        self.assertEqual(leave.date_return, due + timedelta(days=3))

    def test_late_return_before_the_scheduled_check(self):
        release = self.stay.expected_release_date
        leave = self._away(leave_days=2, travel_days=0)
        due = leave.due_back_at
        self.assertEqual(due, fields.Datetime.now() + timedelta(days=2))
        with freeze_time(due + timedelta(days=2, hours=1)):
            leave.with_user(self.security_user).action_return()
        self.assertEqual(leave.state, "escaped")
        self.assertEqual(leave.escape_absence_id.date_start, due)
        self.assertEqual(leave.escape_absence_id.return_kind, "came_back")
        self.assertEqual(self.stay.expected_release_date, release + timedelta(days=2))

    def test_refuse_and_cancel_need_a_reason(self):
        leave = self._request()
        with self.assertRefused(AccessError, "Only the facility director"):
            leave.with_user(self.intake_user).action_refuse("Không đủ giấy tờ")
        with self.assertRefused(UserError, "Give the reason"):
            leave.with_user(self.manager_user).action_refuse(" ")
        wizard = (
            self.env["rehab.gate.reason.wizard"]
            .with_user(self.manager_user)
            .create(
                {
                    "res_model": "rehab.funeral.leave",
                    "res_id": leave.id,
                    "method": "action_refuse",
                    "reason": "Không đủ giấy tờ",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(
            (leave.state, leave.refusal_reason), ("refused", "Không đủ giấy tờ")
        )
        sneaky = wizard.copy({"method": "action_approve"})
        with self.assertRefused(UserError, "does not take a reason"):
            sneaky.action_confirm()
        with self.assertRefused(UserError, "cannot be changed by hand"):
            leave.with_user(self.intake_user).write({"leave_days": 3})

    def test_no_discharge_while_away_and_unused_leave_ends_with_the_stay(self):
        leave = self._away()
        with self.assertRefused(ValidationError, "away on funeral leave"):
            self._discharge(self.stay, reason="hospital")
        self.assertEqual((self.stay.state, leave.state), ("in_rehab", "away"))
        # A leave asked for but not taken does not outlive the stay.
        pending = self._request(stay_id=self.stay2.id)
        self._discharge(self.stay2, reason="hospital")
        self.assertEqual(self.stay2.state, "released")
        self.assertEqual(pending.state, "cancelled")
        self.assertIn("stay was released", pending.refusal_reason)
