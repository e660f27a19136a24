"""The stay's transitions called directly, as each role, bypassing the wizards.

A wizard is only its fields plus one call: whoever calls the method directly
(a script, the JSON-RPC API) meets the same access checks and legal rules.
"""

from datetime import date, datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import RehabCase

DECISION = {"number": "9/QĐ-TA", "date": date(2026, 10, 1), "authority": "Tòa án"}


@tagged("post_install", "-at_install")
class TestTransitions(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resident = cls._resident()
        cls.stay = cls._stay(cls.resident, bed=cls.bed_c1)
        cls.pending = cls._stay(
            cls._resident("Lò Văn Chờ", serial="000456"),
            kind="pending",
            term=0,
            admission=date(2026, 9, 1),
            bed=cls.bed_t1,
        )

    def test_open_stay_only_for_own_facility_and_fields(self):
        values = {
            "resident_id": self._resident("Mã Văn Mới", serial="000555").id,
            "order_kind": "voluntary",
            "admission_date": date(2026, 11, 20),
            "term_months": 6,
        }
        for user in (self.security_user, self.medical_user, self.instructor_user):
            with self.assertRefused(AccessError, "not allowed to create"):
                self.env["rehab.stay"].with_user(user).open_stay(values)
        with self.assertRefused(AccessError, "do not work for the facility"):
            self.env["rehab.stay"].with_user(self.intake_user).open_stay(
                {**values, "company_id": self.other_facility.id}
            )
        stay = self.env["rehab.stay"].with_user(self.intake_user).open_stay(values)
        self.assertEqual(stay.state, "intake")
        self.assertRegex(stay.name, r"\d")

    def test_legal_basis_change_by_method(self):
        as_security = self.pending.with_user(self.security_user)
        with self.assertRefused(AccessError, "not allowed to modify"):
            as_security.change_legal_basis(
                "compulsory_adult", DECISION, bed=self.bed_c2
            )
        as_intake = self.pending.with_user(self.intake_user)
        for decision, pattern in (
            ({**DECISION, "date": date(1990, 1, 1)}, "before the admission"),
            ({**DECISION, "date": date(2026, 12, 24)}, "in the future"),
            ({**DECISION, "number": " "}, "number, date and the deciding"),
        ):
            with self.assertRefused(UserError, pattern):
                as_intake.change_legal_basis(
                    "compulsory_adult", decision, bed=self.bed_c2
                )
        with self.assertRefused(UserError, "No compulsory order"):
            as_intake.change_legal_basis("voluntary", DECISION, bed=self.bed_c2)
        self.assertEqual(self.pending.order_kind, "pending")
        self.assertFalse(self.pending.basis_change_ids or self.pending.adjustment_ids)
        as_intake.change_legal_basis("compulsory_adult", DECISION, bed=self.bed_c2)
        self.assertEqual(self.pending.term_start_date, date(2026, 10, 1))
        self.assertEqual(self.pending.basis_change_ids.user_id, self.intake_user)
        self.assertEqual(self.pending.adjustment_ids.signed_days, -30)

    def test_court_decision_by_method(self):
        with self.assertRefused(AccessError, "not allowed to modify"):
            self.stay.with_user(self.security_user).record_court_decision(
                "reduction", DECISION, months=2
            )
        as_intake = self.stay.with_user(self.intake_user)
        with self.assertRefused(UserError, "months reduced"):
            as_intake.record_court_decision("reduction", DECISION, months=0)
        with self.assertRefused(UserError, "record an exemption"):
            as_intake.record_court_decision("reduction", DECISION, months=25)
        with self.assertRefused(UserError, "Art. 58"):
            as_intake.record_court_decision("reduction", DECISION, months=2)
        as_intake.record_court_decision(
            "reduction", DECISION, months=2, override_reason="Court's own motion"
        )
        self.assertEqual(self.stay.expected_release_date, date(2028, 8, 1))

    def test_discharge_by_manager_only(self):
        for user in (self.intake_user, self.security_user, self.auditor_user):
            with self.assertRefused(AccessError, "manager|not allowed"):
                self._discharge(self.stay, user=user)
        self.assertEqual(self.stay.state, "in_rehab")
        with self.assertRefused(ValidationError, "term ends on 01/10/2028"):
            self._discharge(self.stay, reason="completed")
        with self.assertRefused(ValidationError, "who receives the person"):
            self._discharge(self.stay, receiver_name=" ")
        with self.assertRefused(UserError, "cannot be changed by hand"):
            self._discharge(self.stay, state="released")
        self.assertEqual(self.stay.state, "in_rehab")
        self.assertEqual(self.bed_c1.status, "occupied")
        self._discharge(self.stay)
        self.assertEqual(self.stay.state, "released")
        self.assertTrue(self.stay.handover_number)
        with self.assertRefused(UserError, "already released"):
            self._discharge(self.stay)

    def test_internal_release_is_not_an_entry_point(self):
        with self.assertRefused(AccessError, "Discharge"):
            self.stay.with_user(self.manager_user)._release()
        self.assertEqual(self.stay.state, "in_rehab")

    def test_departure_and_return_by_method(self):
        for user in (self.instructor_user, self.auditor_user):
            with self.assertRefused(AccessError, "not allowed"):
                self.stay.with_user(user).record_departure(
                    "escape", datetime(2026, 11, 24, 20)
                )
        with self.assertRefused(UserError, "cannot be set by hand"):
            self.stay.with_user(self.security_user).record_departure(
                "escape", datetime(2026, 11, 24, 20), {"date_end": datetime.now()}
            )
        absence = self._send_away(self.stay, start="2026-11-20 20:00:00")
        self.assertEqual(self.stay.state, "absent")
        as_security = absence.with_user(self.security_user)
        with self.assertRefused(UserError, "cannot be before the departure"):
            as_security.action_return(datetime(2026, 11, 20, 10))
        as_security.action_return(datetime(2026, 11, 25, 2))
        self.assertEqual(self.stay.state, "in_rehab")
        # 21/11 to 25/11 (facility days): four days away extend the term.
        self.assertEqual(self.stay.expected_release_date, date(2028, 10, 5))

    def test_free_bed_only_while_away(self):
        as_intake = self.stay.with_user(self.intake_user)
        with self.assertRefused(UserError, "who is away"):
            as_intake.free_bed("Long hospital stay")
        self._send_away(self.stay, kind="suspension")
        with self.assertRefused(UserError, "Say why"):
            as_intake.free_bed("")
        as_intake.free_bed("Long hospital stay")
        self.assertFalse(self.stay.current_bed_id)
        self.assertEqual(self.bed_c1.status, "free")

    def test_documents_numbered_only_when_eligible(self):
        as_intake = self.stay.with_user(self.intake_user)
        with self.assertRefused(UserError, "certificate is issued only"):
            as_intake.issue_document("certificate")
        with self.assertRefused(UserError, "handover minutes follow"):
            as_intake.issue_document("handover")
        self.assertFalse(self.stay.certificate_number or self.stay.handover_number)
