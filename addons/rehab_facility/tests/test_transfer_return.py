"""A transfer refused by the receiving facility or cancelled by the sending
one, while the person is on the road; and what the receiving stay carries
over besides the term: the rehab stage reached.

As the real staff: the managers of either facility send the person back,
the sending facility's intake desk receives them back on the same release
date; nobody else may, and nothing is half-written when they may not.
"""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import TODAY
from .transfer_common import TransferCase


@tagged("post_install", "-at_install")
class TestTransferSentBack(TransferCase):
    def _send_back(self, transfer, user, reason="Không còn giường phù hợp"):
        return self._as(transfer, user).send_back(reason)

    def test_refused_by_the_receiving_facility(self):
        release = self.stay.expected_release_date
        ledger = self._ledger(self.stay)
        transfer = self._send()
        self._send_back(transfer, self.manager_b)
        self.assertEqual(transfer.state, "returning")
        self.assertEqual(transfer.destination_company_id, self.facility)
        self.assertEqual(transfer.return_reason, "Không còn giường phù hợp")
        self.assertEqual(transfer.returned_by_id, self.manager_b)
        self.assertEqual(self.resident.company_id, self.facility)
        # Still on the road: on neither roll, in transit back to the sender.
        self.assertEqual(self._on_roll(self.facility), 0)
        self.assertEqual(self._on_roll(self.facility_b), 0)
        self.assertEqual(self._transfers(self.facility)["in_transit_in"], 1)
        self.assertEqual(self._transfers(self.facility_b)["in_transit_in"], 0)
        # The receiving desk can no longer receive; the sending desk does.
        with self.assertRefused(AccessError, "receiving facility"):
            self._receive(transfer, user=self.intake_b)
        back = self._receive(transfer, user=self.intake_user, bed=self.bed_c2)
        self.assertEqual(transfer.state, "returned")
        self.assertEqual(transfer.new_stay_id, back)
        self.assertEqual(back.company_id, self.facility)
        self.assertEqual(back.transferred_from_stay_id, self.stay)
        self.assertEqual(back.expected_release_date, release)
        self.assertEqual(self._ledger(back), ledger)
        self.assertEqual(self._on_roll(self.facility), 1)
        self.assertEqual(self._transfers(self.facility)["transfers_in"], 1)
        self.assertEqual(self._transfers(self.facility_b)["transfers_in"], 0)
        with self.assertRefused(UserError, "already received"):
            self._receive(transfer, user=self.intake_user, bed=self.bed_c2)

    def test_cancelled_by_the_sending_manager(self):
        transfer = self._send()
        self._send_back(transfer, self.manager_user, reason="Quyết định bị thu hồi")
        self.assertEqual(transfer.state, "returning")
        # A person coming back is received back, never admitted anew.
        with self.assertRefused(UserError, "in transit to this facility"):
            self.env["rehab.transfer"].with_user(
                self.intake_user
            )._check_not_in_transit(self.resident, self.facility)
        with self.assertRefused(UserError, "no longer in transit"):
            self._send_back(transfer, self.manager_b)

    def test_who_may_send_back(self):
        transfer = self._send()
        for user, message in (
            (self.intake_b, "Only a manager of the sending or receiving"),
            (self.intake_user, "Only a manager of the sending or receiving"),
            (self.manager_c, "outside the facilities"),
        ):
            with self.subTest(user=user.login):
                with self.assertRefused(AccessError, message):
                    self._send_back(transfer, user)
                self.assertEqual(transfer.state, "in_transit")
        # A third facility's manager is not even told it exists.
        self.assertFalse(
            self._as(self.env["rehab.transfer"], self.manager_c).search([])
        )
        with self.assertRefused(UserError, "cannot be changed by hand"):
            self._as(transfer, self.manager_b).write({"state": "returning"})

    def test_reason_required(self):
        transfer = self._send()
        with self.assertRefused(ValidationError, "Say why"):
            self._send_back(transfer, self.manager_b, reason="   ")
        self.assertEqual(transfer.state, "in_transit")
        self.assertFalse(transfer.return_reason)
        self.assertEqual(transfer.destination_company_id, self.facility_b)

    def test_wizard_is_one_call(self):
        transfer = self._send()
        action = self._as(transfer, self.manager_b).action_open_return_wizard()
        wizard = self._as(self.env[action["res_model"]], self.manager_b).create(
            {"transfer_id": transfer.id, "reason": "Cơ sở quá tải"}
        )
        wizard.action_confirm()
        self.assertEqual(transfer.return_reason, "Cơ sở quá tải")


@tagged("post_install", "-at_install")
class TestTransferCarriesTheStage(TransferCase):
    def test_stage_reached_goes_on(self):
        stay = self.stay.with_user(self.manager_user)
        if not stay.stage_line_ids:
            stay.action_start_pathway()
        stay.advance_stage(TODAY, "Hoàn thành cắt cơn")
        reached = self.stay.current_stage_id
        started = self.stay.stage_line_ids.filtered(
            lambda line: line.stage_id == reached
        ).date_start
        self.assertTrue(reached)
        new = self._receive(self._send())
        self.assertEqual(new.current_stage_id, reached)
        self.assertEqual(
            [(line.stage_id, line.state) for line in new.stage_line_ids],
            [(line.stage_id, line.state) for line in self.stay.stage_line_ids],
        )
        line = new.stage_line_ids.filtered(lambda line: line.stage_id == reached)
        self.assertEqual(line.date_start, started)
        move = new.sudo().stage_move_ids[-1:]
        self.assertIn(self.stay.name, move.reason)
