from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import RehabCase


@tagged("post_install", "-at_install")
class TestStayRules(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resident = cls._resident()

    def test_expected_release_is_admission_plus_term(self):
        stay = self._stay(self.resident, admission=date(2026, 10, 1), term=24)
        self.assertEqual(stay.order_type_id.regime, "law_120_2025")
        self.assertEqual(stay.expected_release_date, date(2028, 10, 1))
        self.assertFalse(stay.is_relapse)

    def test_second_active_stay_refused(self):
        self._stay(self.resident, bed=self.bed_c1)
        with self.assertRefused(ValidationError, "already has an open stay"):
            self._stay(self.resident, admission=date(2026, 11, 1))
        self.assertEqual(
            self.env["rehab.stay"].search_count(
                [("resident_id", "=", self.resident.id)]
            ),
            1,
        )

    def test_minor_refused_for_adult_order(self):
        minor = self._resident(
            "Trần Văn Nhỏ", birthdate=date(2010, 1, 1), serial="000777"
        )
        with self.assertRefused(ValidationError, "16 years old"):
            self._stay(minor, kind="compulsory_adult")

    def test_child_under_twelve_refused_for_minor_order(self):
        child = self._resident("Lê Văn Bé", birthdate=date(2015, 5, 5), serial="000778")
        with self.assertRefused(ValidationError, "from 12 to under 18"):
            self._stay(child, kind="compulsory_minor")

    def test_minor_compulsory_accepted_in_minor_area(self):
        minor = self._resident(
            "Trần Văn Nhỏ", birthdate=date(2010, 1, 1), serial="000777"
        )
        stay = self._stay(minor, kind="compulsory_minor", bed=self.bed_minor1)
        self.assertEqual(stay.state, "in_rehab")
        self.assertEqual(stay.current_bed_id, self.bed_minor1)

    def test_missing_court_decision_refused(self):
        with self.assertRefused(ValidationError, "needs the court decision"):
            self._stay(self.resident, decision_number=False)

    def test_voluntary_needs_no_decision(self):
        stay = self._stay(self.resident, kind="voluntary", term=6)
        self.assertFalse(stay.decision_number)
        self.assertEqual(stay.expected_release_date, date(2027, 4, 1))

    def test_term_outside_law_refused(self):
        """Law 120/2025: 24 months the first time; 18 is no longer lawful."""
        with self.assertRefused(ValidationError, "between 24 and 24 months"):
            self._stay(self.resident, term=18)

    def test_relapse_takes_repeat_term(self):
        """A readmission under Law 120/2025 carries the 36-month term."""
        first = self._stay(
            self.resident,
            admission=date(2024, 1, 10),
            term=24,
            decision_date=date(2024, 1, 10),
            bed=self.bed_c1,
        )
        first._release()
        with self.assertRefused(ValidationError, "on relapse"):
            self._stay(self.resident, admission=date(2026, 11, 20), term=24)
        second = self._stay(self.resident, admission=date(2026, 11, 20), term=36)
        self.assertTrue(second.is_relapse)
        self.assertEqual(second.expected_release_date, date(2029, 11, 20))

    def test_relapse_default_term_when_opened(self):
        """The intake desk need not type the term: the law's default applies."""
        first = self._stay(
            self.resident,
            admission=date(2024, 1, 10),
            term=24,
            decision_date=date(2024, 1, 10),
            bed=self.bed_c1,
        )
        first._release()
        stay = (
            self.env["rehab.stay"]
            .with_user(self.intake_user)
            .open_stay(
                {
                    "resident_id": self.resident.id,
                    "admission_date": date(2026, 11, 20),
                    "order_kind": "compulsory_adult",
                    "decision_number": "99/QĐ-TA",
                    "decision_date": date(2026, 11, 20),
                    "decision_authority": "Tòa án nhân dân khu vực 2",
                }
            )
        )
        self.assertTrue(stay.is_relapse)
        self.assertEqual(stay.term_months, 36)
        self.assertEqual(stay.expected_release_date, date(2029, 11, 20))

    def test_admission_in_future_refused(self):
        with self.assertRefused(ValidationError, "in the future"):
            self._stay(
                self.resident,
                admission=date(2026, 11, 26),
                decision_date=date(2026, 11, 20),
            )

    def test_admission_before_birth_refused(self):
        with self.assertRefused(ValidationError, "before the date of birth"):
            self._stay(
                self.resident, kind="voluntary", term=12, admission=date(1990, 1, 1)
            )

    def test_no_order_in_force(self):
        with self.assertRefused(ValidationError, "is in force on 01/01/2020"):
            self._stay(
                self.resident,
                admission=date(2020, 1, 1),
                decision_date=date(2020, 1, 1),
            )

    def test_decision_date_in_future_refused(self):
        with self.assertRefused(
            ValidationError, "Decision Date” cannot be in the future"
        ):
            self._stay(
                self.resident,
                admission=date(2026, 11, 1),
                decision_date=date(2026, 12, 1),
            )

    def test_facility_day_not_utc(self):
        """20:00 UTC on 25/11 is already 26/11 in Vietnam: that is the day."""
        with freeze_time("2026-11-25 20:00:00"):
            self.assertEqual(self.facility.rehab_today(), date(2026, 11, 26))
            stay = self._stay(
                self.resident, kind="voluntary", term=6, admission=date(2026, 11, 26)
            )
            self.assertEqual(stay.admission_date, date(2026, 11, 26))
            defaults = (
                self.env["rehab.stay"]
                .with_company(self.facility)
                .default_get(["admission_date"])
            )
            self.assertEqual(defaults["admission_date"], date(2026, 11, 26))

    def test_legal_basis_not_editable_after_admission(self):
        stay = self._stay(self.resident, bed=self.bed_c1)
        for field, value in (
            ("order_kind", "voluntary"),
            ("decision_number", "1/QĐ"),
            ("term_months", 12),
            ("admission_date", date(2026, 9, 1)),
        ):
            with self.assertRefused(UserError, "cannot be changed by hand"):
                stay.with_user(self.intake_user).write({field: value})
        with self.assertRefused(UserError, "cannot be changed by hand"):
            stay.with_user(self.intake_user).with_context(
                rehab_basis_change=True
            ).write({"term_months": 12})
        self.assertEqual(stay.term_months, 24)

    def test_term_change_at_intake_is_tracked(self):
        stay = self._stay(self.resident, kind="voluntary", term=6)
        self.env.cr.precommit.run()  # the creation is one transaction
        stay.term_months = 12
        self.env.cr.precommit.run()  # the correction another
        tracked = stay.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "term_months" and t.new_value_integer == 12
        )
        self.assertEqual(tracked.old_value_integer, 6)

    def test_admitted_stay_cannot_be_deleted(self):
        stay = self._stay(self.resident, bed=self.bed_c1)
        as_manager = stay.with_user(self.manager_user)
        with self.assertRefused(UserError, "cannot be deleted|not allowed to delete"):
            as_manager.unlink()
        with self.assertRefused(UserError, "discharge them first"):
            as_manager.action_archive_with_reason("Duplicate")
        self.assertTrue(stay.active)

    def test_intake_stay_is_archived_with_a_reason(self):
        stay = self._stay(self.resident, kind="voluntary", term=6)
        as_intake = stay.with_user(self.intake_user)
        with self.assertRefused(UserError, "cannot be deleted|not allowed to delete"):
            as_intake.unlink()
        action = as_intake.action_archive()
        self.assertEqual(action["res_model"], "rehab.archive.wizard")
        self.assertTrue(stay.active)
        with self.assertRefused(UserError, "Say why"):
            as_intake.action_archive_with_reason("  ")
        as_intake.action_archive_with_reason("Person not received: wrong dossier")
        self.assertFalse(stay.active)
        self.assertIn("wrong dossier", stay.message_ids[0].body)

    def test_admit_needs_a_bed(self):
        stay = self._stay(self.resident)
        with self.assertRefused(UserError, "Assign a bed"):
            stay.action_admit()
        self.assertEqual(stay.state, "intake")

    def test_release_frees_the_bed(self):
        stay = self._stay(self.resident, bed=self.bed_c1)
        self.assertEqual(self.bed_c1.status, "occupied")
        stay._release()
        self.assertEqual(stay.state, "released")
        self.assertEqual(stay.release_date, date(2026, 11, 25))
        self.assertEqual(self.bed_c1.status, "free")
        self.assertTrue(stay.assignment_ids.date_to)
        with self.assertRefused(UserError, "already released"):
            stay._release()

    def test_order_type_follows_decision_date_not_admission(self):
        """Decided under Law 73 (June 2026), admitted in July: Law 73 applies."""
        stay = self._stay(
            self.resident,
            admission=date(2026, 7, 3),
            term=12,
            decision_date=date(2026, 6, 25),
        )
        self.assertEqual(stay.order_type_id.regime, "law_73_2021")

    def test_status_is_not_edited_by_hand(self):
        """Released by editing the status would skip the discharge's checks."""
        stay = self._stay(self.resident, bed=self.bed_c1)
        for state in ("released", "absent"):
            with self.assertRefused(UserError, "cannot be changed by hand"):
                stay.with_user(self.intake_user).write({"state": state})
        self.assertEqual(stay.state, "in_rehab")
        self.assertEqual(self.bed_c1.status, "occupied")

    def test_release_facts_and_absences_not_edited_by_hand(self):
        stay = self._stay(self.resident, bed=self.bed_c1)
        with self.assertRefused(UserError, "cannot be changed by hand"):
            stay.with_user(self.intake_user).write(
                {"release_reason": "death", "certificate_number": "X"}
            )
        absence = self._send_away(stay)
        with self.assertRefused(UserError, "cannot be changed by hand"):
            absence.with_user(self.security_user).write(
                {"date_end": "2026-11-25 01:00:00"}
            )
        self.assertEqual(stay.state, "absent")
        self.assertFalse(stay.release_reason)
