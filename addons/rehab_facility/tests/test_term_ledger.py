from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import RehabCase


@tagged("post_install", "-at_install")
class TestTermLedger(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resident = cls._resident()
        cls.stay = cls._stay(cls.resident, admission=date(2026, 10, 1), bed=cls.bed_c1)

    def _line(self, kind, days=0, months=0, **values):
        return self.env["rehab.stay.adjustment"].create(
            {
                "stay_id": self.stay.id,
                "kind": kind,
                "days": days,
                "months": months,
                "date": date(2026, 11, 20),
                **values,
            }
        )

    def test_escape_days_move_release_later(self):
        """Decree 116/2021 Art. 56.4: time away does not count."""
        self._line("escape_absence", days=12, reference="05/QĐ-TT")
        self.assertEqual(self.stay.expected_release_date, date(2028, 10, 13))

    def test_several_lines_add_up(self):
        self._line("escape_absence", days=10)
        self._line("escape_absence", days=5)
        self._line("court_reduction", months=3, reference="45/QĐ-TA")
        self.assertEqual(self.stay.expected_release_date, date(2028, 7, 16))

    def test_breakdown_shows_each_step(self):
        self._line("escape_absence", days=12, reference="05/QĐ-TT")
        self._line("court_reduction", months=2, reference="45/QĐ-TA")
        html = str(self.stay.release_breakdown)
        self.assertIn("01/10/2026", html)
        self.assertIn("+ 24 months", html)
        self.assertIn("05/QĐ-TT", html)
        self.assertIn("45/QĐ-TA", html)
        self.assertIn("13/10/2028", html)  # after the escape line
        self.assertIn("13/08/2028", html)  # final date
        self.assertEqual(self.stay.expected_release_date, date(2028, 8, 13))

    def test_manual_correction_needs_reason(self):
        with self.assertRefused(ValidationError, "needs a reason"):
            self._line("manual", days=3)
        line = self._line(
            "manual",
            days=3,
            direction="reduce",
            reason="Admission recorded 3 days late",
        )
        self.assertEqual(line.signed_days, -3)
        self.assertEqual(self.stay.expected_release_date, date(2028, 9, 28))

    def test_only_manual_chooses_direction(self):
        with self.assertRefused(ValidationError, "Only a manual correction"):
            self._line("escape_absence", days=5, direction="reduce")

    def test_zero_or_negative_amount_refused(self):
        with self.assertRefused(ValidationError, "positive number"):
            self._line("escape_absence")
        with self.assertRefused(ValidationError, "between 0 and"):
            self._line("escape_absence", days=-4)

    def test_lines_are_history(self):
        line = self._line("escape_absence", days=5)
        with self.assertRefused(UserError, "cannot be changed"):
            line.with_user(self.manager_user).days = 50
        with self.assertRefused(UserError, "cannot be deleted"):
            line.unlink()
        self.assertEqual(self.stay.expected_release_date, date(2028, 10, 6))

    def test_line_records_who_entered_it(self):
        line = self.stay.with_user(self.intake_user).add_term_correction(
            "reduce", "Admission recorded two days late", days=2
        )
        self.assertEqual(line.user_id, self.intake_user)
        self.assertEqual(line.date, date(2026, 11, 25))
        self.assertEqual(line.signed_days, -2)
        self.assertEqual(self.stay.expected_release_date, date(2028, 9, 29))

    def test_only_corrections_are_typed_by_hand(self):
        """A court reduction without its decision would move the release date."""
        for user in (self.intake_user, self.security_user, self.manager_user):
            ledger = self.env["rehab.stay.adjustment"].with_user(user)
            with self.assertRefused(UserError, "not created by hand"):
                ledger.create(
                    {"stay_id": self.stay.id, "kind": "court_reduction", "months": 6}
                )
            with self.assertRefused(UserError, "not created by hand"):
                ledger.with_context(default_kind="manual").create(
                    {"stay_id": self.stay.id, "days": 3, "reason": "Typo"}
                )
        with self.assertRefused(AccessError, "not allowed to modify"):
            self.stay.with_user(self.security_user).add_term_correction(
                "reduce", "Typo", days=3
            )
        with self.assertRefused(ValidationError, "needs a reason"):
            self.stay.with_user(self.intake_user).add_term_correction(
                "reduce", " ", days=3
            )
        with self.assertRefused(ValidationError, "before the start of the term"):
            self.stay.with_user(self.intake_user).add_term_correction(
                "reduce", "Wrong", months=30
            )
        self.assertFalse(self.stay.adjustment_ids)
        self.assertEqual(self.stay.expected_release_date, date(2028, 10, 1))

    def test_release_date_change_is_told_in_chatter(self):
        self._line("escape_absence", days=12, reference="05/QĐ-TT")
        body = self.stay.message_ids[0].body
        self.assertIn("05/QĐ-TT", body)
        self.assertIn("01/10/2028 → 13/10/2028", body)


@tagged("post_install", "-at_install")
class TestLegalBasisChange(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resident = cls._resident()
        cls.stay = cls._stay(
            cls.resident,
            kind="pending",
            term=0,
            admission=date(2026, 9, 1),
            bed=cls.bed_t1,
        )

    def _convert(self, decision_date=date(2026, 10, 1), user=None, bed=None):
        wizard_model = self.env["rehab.stay.convert.wizard"]
        if user:
            wizard_model = wizard_model.with_user(user)
        form = Form(wizard_model.with_context(default_stay_id=self.stay.id))
        form.decision_number = "88/2026/QĐ-TA"
        form.decision_date = decision_date
        form.decision_authority = "Tòa án nhân dân khu vực 1 - Quảng Ninh"
        self.assertFalse(form.bed_fits)  # a temporary-area bed
        form.bed_id = bed or self.bed_c1
        return form.save()

    def test_pending_stay_has_no_release_date(self):
        self.assertFalse(self.stay.expected_release_date)
        self.assertIn("No fixed term", str(self.stay.release_breakdown))

    def test_court_decision_carries_credit_over(self):
        """Decree 116/2021 Art. 44.3: the 30 days served are deducted."""
        wizard = self._convert(user=self.intake_user)
        self.assertEqual(wizard.credit_days, 30)
        self.assertEqual(wizard.term_months, 24)
        wizard.with_user(self.intake_user).action_confirm()
        stay = self.stay
        self.assertEqual(stay.order_kind, "compulsory_adult")
        self.assertEqual(stay.order_type_id.regime, "law_120_2025")
        self.assertEqual(stay.term_start_date, date(2026, 10, 1))
        self.assertEqual(stay.adjustment_ids.kind, "pending_credit")
        self.assertEqual(stay.adjustment_ids.signed_days, -30)
        # 01/10/2026 + 24 months - 30 days
        self.assertEqual(stay.expected_release_date, date(2028, 9, 1))
        change = stay.basis_change_ids
        self.assertEqual(change.from_order_type_id.kind, "pending")
        self.assertEqual(change.to_order_type_id.kind, "compulsory_adult")
        self.assertEqual(change.credit_days, 30)
        self.assertEqual(change.user_id, self.intake_user)
        # Moved to a compulsory-area bed; the temporary bed is in the history.
        self.assertEqual(stay.current_bed_id, self.bed_c1)
        self.assertEqual(self.bed_t1.status, "free")
        self.assertEqual(len(stay.assignment_ids), 2)
        self.assertIn("30 days served", stay.message_ids[0].body)

    def test_bed_that_no_longer_fits_must_change(self):
        wizard = self._convert()
        wizard.bed_id = False
        with self.assertRefused(UserError, "not in an area for the new order"):
            wizard.action_confirm()
        self.assertEqual(self.stay.order_kind, "pending")
        self.assertEqual(self.stay.current_bed_id, self.bed_t1)

    def test_decision_before_admission_refused(self):
        wizard = self._convert(decision_date=date(2026, 8, 1))
        with self.assertRefused(UserError, "before the admission"):
            wizard.action_confirm()
        self.assertEqual(self.stay.order_kind, "pending")
        self.assertFalse(self.stay.basis_change_ids)

    def test_only_pending_stay_converts(self):
        other = self._stay(
            self._resident("Phạm Văn Khác", serial="000999"), bed=self.bed_c1
        )
        wizard = self.env["rehab.stay.convert.wizard"].create(
            {
                "stay_id": other.id,
                "decision_number": "1",
                "decision_date": date(2026, 11, 1),
                "decision_authority": "Tòa án",
            }
        )
        with self.assertRefused(UserError, "Only a stay managed"):
            wizard.action_confirm()
