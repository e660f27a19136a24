"""A person is recorded by the intake desk, and each role writes only its part.

Forgery attempts as each demo role over RPC: a direct create, ``default_*``
keys, medical data written by the intake desk, identity rewritten by the
medical officer, a person moved to another facility, deletion.
"""

from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import RehabCase, cccd

BIRTH = date(1990, 6, 1)


@tagged("post_install", "-at_install")
class TestResidentWhitelist(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resident = cls._resident(serial="400001", hiv_status="unknown")
        cls.values = {
            "name": "Đỗ Văn Ghi",
            "sex": "male",
            "birthdate": BIRTH,
            "citizen_id": cccd("male", BIRTH, "400002"),
        }

    def _count(self, name):
        return (
            self.env["rehab.resident"]
            .with_context(active_test=False)
            .search_count([("name", "=", name)])
        )

    def test_nobody_creates_a_person_by_hand(self):
        for user in (self.intake_user, self.manager_user, self.medical_user):
            residents = self.env["rehab.resident"].with_user(user)
            with (
                self.subTest(user=user.login),
                self.assertRefused(UserError, "not created by hand|not allowed"),
            ):
                residents.create(dict(self.values))
        self.assertEqual(self._count("Đỗ Văn Ghi"), 0)

    def test_only_the_intake_desk_registers(self):
        for user in (self.security_user, self.medical_user, self.instructor_user):
            with (
                self.subTest(user=user.login),
                self.assertRefused(AccessError, "not allowed|rights"),
            ):
                self.env["rehab.resident"].with_user(user).register_person(
                    dict(self.values)
                )
        self.assertEqual(self._count("Đỗ Văn Ghi"), 0)

    def test_register_person_takes_no_facts_but_identity(self):
        residents = self.env["rehab.resident"].with_user(self.intake_user)
        for forged in (
            {"hiv_status": "positive"},
            {"active": False},
            {"stay_ids": [(0, 0, {"name": "X"})]},
        ):
            with (
                self.subTest(forged=forged),
                self.assertRefused(UserError, "cannot be set by hand"),
            ):
                residents.register_person({**self.values, **forged})
        with self.assertRefused(AccessError, "facility"):
            residents.register_person(
                {**self.values, "company_id": self.other_facility.id}
            )
        self.assertEqual(self._count("Đỗ Văn Ghi"), 0)

    def test_default_keys_slip_nothing_in(self):
        residents = (
            self.env["rehab.resident"]
            .with_user(self.intake_user)
            .with_context(
                default_hiv_status="positive",
                default_medical_notes="forged",
                default_company_id=self.other_facility.id,
                default_active=False,
            )
        )
        person = residents.register_person(dict(self.values)).sudo()
        self.assertFalse(person.hiv_status)
        self.assertFalse(person.medical_notes)
        self.assertEqual(person.company_id, self.facility)
        self.assertTrue(person.active)

    def test_input_normalised(self):
        residents = self.env["rehab.resident"].with_user(self.intake_user)
        person = residents.register_person(
            {**self.values, "name": "  Đỗ   Văn  Ghi ", "citizen_id": " 022090400002 "}
        )
        self.assertEqual(person.name, "Đỗ Văn Ghi")
        self.assertEqual(person.citizen_id, "022090400002")
        for wrong, message in (
            ({"citizen_id": "02209040000\n"}, "exactly 12 digits"),
            ({"citizen_id": "0220904000021"}, "exactly 12 digits"),
            ({"birthdate": date(1899, 12, 31)}, "cannot be before 01/01/1900"),
            ({"birthdate": date(2026, 12, 1)}, "cannot be in the future"),
            ({"drug_use_years": 500}, "must be between"),
            ({"name": "=HYPERLINK(1)"}, "cannot start with"),
        ):
            with (
                self.subTest(wrong=wrong),
                self.assertRefused(ValidationError, message),
            ):
                residents.register_person(
                    {
                        **self.values,
                        "citizen_id": cccd("male", BIRTH, "400003"),
                        **wrong,
                    }
                )
        self.assertEqual(self._count("Đỗ Văn Ghi"), 1)

    def test_each_role_writes_its_part(self):
        as_intake = self.resident.with_user(self.intake_user)
        as_intake.write({"occupation": "Thợ hồ", "address": "5 Bạch Đằng"})
        with self.assertRefused(AccessError, "not allowed|rights"):
            as_intake.write({"hiv_status": "positive"})
        with self.assertRefused(UserError, "cannot be changed by hand"):
            as_intake.write({"company_id": self.other_facility.id})
        as_medical = self.resident.with_user(self.medical_user)
        as_medical.write({"hiv_status": "negative", "medical_notes": "OK"})
        for forged in ({"name": "Tên Khác"}, {"citizen_id": False}, {"active": False}):
            with (
                self.subTest(forged=forged),
                self.assertRefused(UserError, "cannot be changed by hand"),
            ):
                as_medical.write(forged)
        for user in (self.security_user, self.instructor_user, self.auditor_user):
            with (
                self.subTest(user=user.login),
                self.assertRefused(UserError, "not allowed|cannot be changed|access"),
            ):
                self.resident.with_user(user).write({"occupation": "X"})
        self.assertEqual(self.resident.occupation, "Thợ hồ")
        self.assertEqual(self.resident.hiv_status, "negative")
        self.assertEqual(self.resident.company_id, self.facility)

    def test_form_matches_the_whitelist(self):
        for user, editable in ((self.intake_user, True), (self.medical_user, False)):
            resident = self.resident.with_user(user)
            self.assertEqual(resident.can_edit_identity, editable)

    def test_archive_with_reason_never_delete(self):
        self.resident.with_user(self.medical_user).read(["hiv_status"])
        as_intake = self.resident.with_user(self.intake_user)
        with self.assertRefused(UserError, "Say why"):
            as_intake.action_archive_with_reason("  ")
        as_intake.action_archive_with_reason("Recorded twice by mistake")
        self.assertFalse(self.resident.active)
        self.assertIn("Recorded twice by mistake", self.resident.message_ids[0].body)
        for user in (self.manager_user, self.env.user):
            with self.assertRefused(UserError, "cannot be deleted"):
                self.resident.with_user(user).unlink()
        self.assertTrue(self.resident.exists())
        self.assertTrue(
            self.env["rehab.medical.access.log"].search(
                [("resident_id", "=", self.resident.id)]
            )
        )

    def test_same_person_at_two_desks(self):
        """Without a citizen ID, the second desk is refused by name."""
        values = {"name": "Hà Văn Hai Bàn", "sex": "male", "birthdate": BIRTH}
        residents = self.env["rehab.resident"].with_user(self.intake_user)
        first = residents.register_person(dict(values))
        with self.assertRefused(UserError, "Hà Văn Hai Bàn .born 01/06/1990. is"):
            residents.register_person({**values, "name": "ha van hai ban"})
        self.assertEqual(self._count("Hà Văn Hai Bàn"), 1)
        self.assertTrue(first)
