"""A person moved between two facilities by decision, as their real staff do it.

The sending manager records the decision; the person is in transit (on
neither roll); the receiving intake desk receives them into a stay that
carries the same order, term start, ledger and release date. Each facility
keeps reading its own history; a third facility learns nothing.
"""

import io
from datetime import date

import openpyxl
import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import TODAY
from .transfer_common import COURT, TransferCase


@tagged("post_install", "-at_install")
class TestTransfer(TransferCase):
    # ----------------------------------------------------------- the flow
    def test_transfer_keeps_term_and_history(self):
        release, start = self.stay.expected_release_date, self.stay.term_start_date
        ledger = self._ledger(self.stay)
        self.assertEqual(len(ledger), 2)
        transfer = self._send()
        # The stay left: reason transfer, bed freed, belongings handed over.
        self.assertEqual(self.stay.state, "released")
        self.assertEqual(self.stay.release_reason, "transfer")
        self.assertFalse(self.stay.current_bed_id)
        self.assertEqual(self.stay.belonging_ids.returned_quantity, 1)
        self.assertIn("Điện thoại", transfer.handover_belongings)
        self.assertEqual(transfer.state, "in_transit")
        self.assertEqual(transfer.expected_release_date, release)
        self.assertEqual(self.resident.company_id, self.facility_b)
        # In transit: on neither roll, in both facilities' movement figures.
        self.assertEqual(self._on_roll(self.facility), 0)
        self.assertEqual(self._on_roll(self.facility_b), 0)
        self.assertEqual(self._movements(self.facility)[("release", "transfer")], 1)
        self.assertEqual(self._transfers(self.facility)["in_transit_out"], 1)
        self.assertEqual(self._transfers(self.facility_b)["in_transit_in"], 1)
        # The receiving desk sees who is coming.
        incoming = self._as(self.env["rehab.transfer"], self.intake_b).search([])
        self.assertEqual(incoming, transfer)
        self.assertEqual(incoming.resident_id.name, "Phạm Văn Chuyển")

        new = self._receive(transfer)
        self.assertEqual(transfer.state, "received")
        self.assertEqual(transfer.new_stay_id, new)
        self.assertEqual(new.company_id, self.facility_b)
        self.assertEqual(new.transferred_from_stay_id, self.stay)
        self.assertEqual(new.state, "in_rehab")
        self.assertEqual(new.current_bed_id, self.bed_b1)
        self.assertFalse(new.is_relapse)
        for name in ("order_kind", "decision_number", "decision_date", "term_months"):
            self.assertEqual(new[name], self.stay[name], name)
        self.assertEqual(new.term_start_date, start)
        self.assertEqual(new.expected_release_date, release)
        self.assertEqual(self._ledger(new), ledger)
        self.assertEqual(new.belonging_ids.mapped("name"), ["Điện thoại"])
        self.assertEqual(self._on_roll(self.facility), 0)
        self.assertEqual(self._on_roll(self.facility_b), 1)
        self.assertEqual(self._movements(self.facility_b)[("admission", None)], 1)
        self.assertEqual(
            self._transfers(self.facility_b),
            {
                "transfers_out": 0,
                "transfers_in": 1,
                "in_transit_out": 0,
                "in_transit_in": 0,
            },
        )
        # Each side reads its history; the receiving side not the other's stay.
        old = self._as(self.stay, self.manager_user)
        self.assertEqual(old.resident_id.name, "Phạm Văn Chuyển")
        self.assertEqual(old.release_reason, "transfer")
        self.assertEqual(
            self._as(self.env["rehab.resident"], self.auditor_user).search(
                [("citizen_id", "=", self.resident.citizen_id)]
            ),
            self.resident,
        )
        self.assertEqual(self._as(transfer, self.manager_user).state, "received")
        self.assertEqual(self._as(new, self.intake_b).expected_release_date, release)
        self.assertFalse(self._as(self.stay, self.intake_b).has_access("read"))
        # The sending facility no longer changes the person's record.
        with self.assertRefused(AccessError, "."):
            self._as(self.resident, self.intake_user).write({"occupation": "X"})
        # A second receipt is refused, and the database refuses a second link.
        with self.assertRefused(UserError, "already received"):
            self._receive(transfer, bed=self.bed_b2)
        with (
            self.assertRaises(psycopg2.IntegrityError),
            mute_logger("odoo.sql_db"),
        ):
            self.stay.sudo()._open_transferred_stay(transfer.sudo(), {})
            self.env.flush_all()

    def test_transfer_both_ways(self):
        release = self.stay.expected_release_date
        ledger = self._ledger(self.stay)
        there = self._receive(self._send())
        back = self._send(
            stay=there, user=self.manager_b, receiving_company_id=(self.facility.id)
        )
        self.assertEqual(self.resident.company_id, self.facility)
        self.assertEqual(self._transfers(self.facility_b)["transfers_out"], 1)
        self.assertEqual(self._transfers(self.facility_b)["transfers_in"], 1)
        home = self._receive(back, user=self.intake_user, bed=self.bed_c2)
        self.assertEqual(home.company_id, self.facility)
        self.assertEqual(home.transferred_from_stay_id, there)
        self.assertEqual(home.expected_release_date, release)
        self.assertEqual(self._ledger(home), ledger)
        self.assertFalse(home.is_relapse)
        self.assertEqual(self._on_roll(self.facility), 1)
        self.assertEqual(self._on_roll(self.facility_b), 0)
        # B keeps reading its stay and the person it held.
        self.assertEqual(
            self._as(there, self.manager_b).resident_id.name, "Phạm Văn Chuyển"
        )
        self.assertFalse(self._as(there, self.manager_user).has_access("read"))

    def test_third_facility_learns_nothing(self):
        transfer = self._send()
        as_c = self._as(self.env["rehab.transfer"], self.manager_c)
        self.assertFalse(as_c.search([]))
        names = "Test Facility|Cơ sở Bên Nhận|Phạm Văn Chuyển"
        with self.assertRefused(AccessError, ".") as caught:
            self._receive(transfer, user=self.manager_c)
        self.assertNotRegex(str(caught.exception), names)
        self.assertEqual(transfer.state, "in_transit")
        wizard = Form(self._as(self.env["rehab.intake.wizard"], self.manager_c))
        wizard.citizen_id = self.resident.citizen_id
        with self.assertRefused(UserError, "another facility") as caught:
            wizard.save().action_search()
        self.assertNotRegex(str(caught.exception), names)

    # ------------------------------------------------------------ refusals
    def _nothing_written(self):
        self.assertEqual(self.stay.state, "in_rehab")
        self.assertEqual(self.stay.current_bed_id, self.bed_c1)
        self.assertFalse(self.stay.belonging_ids.return_date)
        self.assertFalse(self.env["rehab.transfer"].search([]))
        self.assertEqual(self.resident.company_id, self.facility)

    def test_bad_decisions_refused(self):
        for more, error, pattern in (
            ({"receiving_company_id": self.facility.id}, ValidationError, "another"),
            ({"receiving_company_id": False}, UserError, "receiving facility"),
            ({"decision_number": " "}, UserError, "number, date"),
            ({"decision_date": False}, UserError, "number, date"),
            ({"decision_authority": ""}, UserError, "number, date"),
            ({"decision_date": date(2026, 12, 1)}, ValidationError, "future"),
            ({"escort_name": ""}, ValidationError, "escorts"),
            ({"transfer_date": date(2026, 11, 1)}, ValidationError, "before"),
            ({"state": "received"}, UserError, "cannot be set by hand"),
        ):
            with self.subTest(more=more), self.assertRefused(error, pattern):
                self._send(**more)
            self._nothing_written()
        with self.assertRefused(AccessError, "Only a facility manager"):
            self._send(user=self.intake_user)
        with self.assertRefused(AccessError, "."):
            self._send(user=self.manager_b)
        self._nothing_written()

    def test_absent_resident_not_transferred(self):
        self._send_away(self.stay)
        with self.assertRefused(UserError, "present in the facility"):
            self._send()
        self.assertFalse(self.env["rehab.transfer"].search([]))

    def test_bad_receipts_refused(self):
        transfer = self._send()
        for user in (self.intake_user, self.manager_c):
            with self.subTest(user=user.login), self.assertRefused(AccessError, "."):
                self._receive(transfer, user=user)
        with self.assertRefused(UserError, "Choose the bed"):
            self._as(transfer, self.intake_b).receive({})
        with self.assertRefused(UserError, "cannot be changed by hand"):
            self._as(transfer, self.intake_b).receive(
                {"bed_id": self.bed_b1.id, "term_months": 1}
            )
        with self.assertRefused(AccessError, "."):
            self._receive(transfer, bed=self.bed_c2)
        self.assertEqual(transfer.state, "in_transit")
        self.assertFalse(
            self.env["rehab.stay"].search([("company_id", "=", self.facility_b.id)])
        )

    # ----------------------------------------------------------- the intake
    def test_intake_points_to_the_transfer(self):
        transfer = self._send()
        form = Form(self._as(self.env["rehab.intake.wizard"], self.intake_b))
        form.citizen_id = self.resident.citizen_id
        with self.assertRefused(
            UserError, f"in transit to this facility.*{transfer.name}"
        ):
            form.save().action_search()
        form = Form(self._as(self.env["rehab.intake.wizard"], self.intake_user))
        form.citizen_id = self.resident.citizen_id
        with self.assertRefused(UserError, "in transit between facilities"):
            form.save().action_search()
        # Nor is a stay opened for them anywhere, by any path.
        with self.assertRefused(UserError, "in transit between facilities"):
            self._stay(self.resident, admission=TODAY, bed=self.bed_c2)

    def test_relapse_across_facilities(self):
        """Released at A, readmitted at B by a manager of both: no crash."""
        self._discharge(self.stay, reason="hospital")
        self.assertTrue(self.resident._is_readmission(TODAY))
        form = Form(self._as(self.env["rehab.intake.wizard"], self.intake_b))
        form.citizen_id = self.resident.citizen_id
        with self.assertRefused(UserError, "another facility") as caught:
            form.save().action_search()
        self.assertNotRegex(str(caught.exception), "Test Facility")
        both = self._staff("manager_ab", "manager", self.facility_b)
        both.company_ids = [(4, self.facility.id)]
        model = self.env["rehab.intake.wizard"].with_user(both)
        allowed = [self.facility_b.id, self.facility.id]
        form = Form(model.with_context(allowed_company_ids=allowed))
        form.citizen_id = self.resident.citizen_id
        wizard = form.save()
        wizard.action_search()
        self.assertEqual(wizard.resident_id, self.resident)
        self.assertTrue(wizard.is_relapse)
        form = Form(wizard)
        form.order_kind = "compulsory_adult"
        form.decision_number = "50/2026/QĐ-TA"
        form.decision_date = TODAY
        form.decision_authority = COURT
        form.admission_date = TODAY
        form.bed_id = self.bed_b1
        action = form.save().action_confirm()
        new = self.env["rehab.stay"].browse(action["res_id"])
        self.assertEqual(new.company_id, self.facility_b)
        self.assertTrue(new.is_relapse)
        self.assertEqual(self.resident.company_id, self.facility_b)
        self.assertEqual(
            self._as(self.stay, self.manager_user).resident_id.name,
            "Phạm Văn Chuyển",
        )

    # ------------------------------------------------------------ screens
    def test_wizards_as_the_staff_use_them(self):
        action = self._as(self.stay, self.manager_user).action_open_transfer_wizard()
        model = self._as(self.env[action["res_model"]], self.manager_user)
        form = Form(model.with_context(**action["context"]))
        self.assertIn(
            (str(self.facility_b.id), "Cơ sở Bên Nhận"),
            form._view["fields"]["receiving_facility"]["selection"],
        )
        form.receiving_facility = str(self.facility_b.id)
        form.decision_number = "46/QĐ-SLĐTBXH"
        form.decision_authority = "Sở Lao động - Thương binh và Xã hội"
        form.escort_name = "Lê Văn Áp"
        form.escort_id_number = "022090000888"
        self.assertIn("12/2026/QĐ-TA", form.handover_documents)
        action = form.save().action_confirm()
        transfer = self.env["rehab.transfer"].browse(action["res_id"])
        self.assertEqual(transfer.receiving_company_id, self.facility_b)
        self.intake_b.lang = "en_US"
        html = (
            self.env["ir.actions.report"]
            .with_user(self.intake_b)
            .with_context(allowed_company_ids=self.facility_b.ids)
            ._render_qweb_html("rehab_facility.report_transfer_handover", transfer.ids)[
                0
            ]
            .decode()
        )
        for text in (
            "46/QĐ-SLĐTBXH",
            "Phạm Văn Chuyển",
            "Điện thoại",
            "Lê Văn Áp",
            "Nơi nhận:",
            f"{self.facility_b.name} (01 bản, kèm hồ sơ)",
        ):
            self.assertIn(text, html)
        self.assertIn(self.stay.handover_number, html)
        self.assertVietnameseDocument(html, transfer, self.stay)
        action = self._as(transfer, self.intake_b).action_open_receive_wizard()
        model = self._as(self.env[action["res_model"]], self.intake_b)
        form = Form(model.with_context(**action["context"]))
        self.assertEqual(form.delivered_by_name, "Lê Văn Áp")
        self.assertIn(self.bed_b1, form.fitting_bed_ids[:])
        form.bed_id = self.bed_b1
        action = form.save().action_confirm()
        new = self.env["rehab.stay"].browse(action["res_id"])
        self.assertEqual(new.transferred_from_stay_id, self.stay)
        self.assertEqual(new.delivered_by_name, "Lê Văn Áp")
        self.assertIn("12/2026/QĐ-TA", new.received_documents)

    def test_workbook_counts_the_transfer_on_both_sides(self):
        """Sheet 11: out at the sender, in transit, then in at the receiver."""
        transfer = self._send()
        params = {
            "period_type": "month",
            "date_from": TODAY.replace(day=1),
            "date_to": TODAY,
            "source": "live",
            "recipient": "PC04",
            "include_annex": False,
        }

        def sheet_rows(user, company):
            log = (
                self.env["rehab.occupancy.report"]
                .with_user(user)
                .with_context(allowed_company_ids=company.ids)
                .export(company, params)
            )
            book = openpyxl.load_workbook(io.BytesIO(log.attachment_id.raw))
            sheet = book["11. Chuyển cơ sở"]
            return {
                row[1]: list(row[2:6])
                for row in sheet.iter_rows(values_only=True)
                if row[1] in (company.name, "Tổng số")
            }

        self.assertEqual(
            sheet_rows(self.manager_user, self.facility)["Tổng số"], [1, 0, 1, 0]
        )
        self.assertEqual(
            sheet_rows(self.manager_b, self.facility_b)["Tổng số"], [0, 0, 0, 1]
        )
        self._receive(transfer)
        self.assertEqual(
            sheet_rows(self.manager_b, self.facility_b)[self.facility_b.name],
            [0, 1, 0, 0],
        )
