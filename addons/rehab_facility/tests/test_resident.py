from contextlib import contextmanager
from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import RehabCase, cccd

BIRTH = date(1995, 3, 1)
VALID_ID = cccd("male", BIRTH, serial="456789")  # 022 0 95 456789


@tagged("post_install", "-at_install")
class TestResident(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Resident = cls.env["rehab.resident"].with_user(cls.intake_user)

    @contextmanager
    def assertRefused(self, exception, regex):
        """Expect ``exception`` and roll back what the refused call wrote.

        The savepoint stands in for the rollback of the user's request, so that
        what remains afterwards is what the user would find.
        """
        with self.assertRaisesRegex(exception, regex) as cm, self.env.cr.savepoint():
            yield cm

    def _new(self, citizen_id, sex="male", birthdate=BIRTH, name="Trần Văn Nhập"):
        return self.Resident.register_person(
            {
                "name": name,
                "sex": sex,
                "birthdate": birthdate,
                "citizen_id": citizen_id,
            }
        )

    def _count(self, **domain):
        return (
            self.env["rehab.resident"]
            .with_context(active_test=False)
            .search_count([(key, "=", value) for key, value in domain.items()])
        )

    # ---------------------------------------------------------------- CCCD
    def test_cccd_must_have_twelve_digits(self):
        """An ID one digit short or one digit too long is refused, not cut."""
        for wrong in (VALID_ID[:-1], VALID_ID + "7"):
            with self.subTest(citizen_id=wrong):
                with self.assertRefused(ValidationError, "exactly 12 digits"):
                    self._new(wrong)
        self.assertEqual(self._count(name="Trần Văn Nhập"), 0)

    def test_cccd_with_letters_refused(self):
        for wrong in ("02209545678O", "CCCD95456789", "022 95 45678"):
            with self.subTest(citizen_id=wrong):
                with self.assertRefused(ValidationError, "exactly 12 digits"):
                    self._new(wrong)
        self.assertEqual(self._count(name="Trần Văn Nhập"), 0)

    def test_cccd_bad_century_digit_refused(self):
        """The 4th digit gives century and sex: 6 to 9 mean nothing."""
        for digit in "6789":
            wrong = VALID_ID[:3] + digit + VALID_ID[4:]
            with self.subTest(citizen_id=wrong):
                with self.assertRefused(ValidationError, "4th digit"):
                    self._new(wrong)
        self.assertEqual(self._count(name="Trần Văn Nhập"), 0)

    def test_cccd_sex_mismatch_refused(self):
        """Digit 4 says female (1): a man cannot carry that ID."""
        female_id = cccd("female", BIRTH, serial="456789")
        with self.assertRefused(
            ValidationError, r"belongs to a female person.*recorded as male"
        ):
            self._new(female_id, sex="male")
        self.assertEqual(self._count(citizen_id=female_id), 0)

        # Correcting the sex alone on an existing resident is refused too.
        resident = self._new(VALID_ID)
        with self.assertRefused(ValidationError, "belongs to a male person"):
            resident.write({"sex": "female"})
        resident.invalidate_recordset()
        self.assertEqual(resident.sex, "male")

    def test_cccd_birth_year_mismatch_refused(self):
        # Digits 5-6 say 1995, the date of birth says 1996.
        with self.assertRefused(ValidationError, "gives birth year 1995.*in 1996"):
            self._new(VALID_ID, birthdate=date(1996, 3, 1))
        # Right two digits, wrong century: digit 4 = 2 means born in the 2000s.
        born_2000s = VALID_ID[:3] + "2" + VALID_ID[4:]
        with self.assertRefused(ValidationError, "gives birth year 2095"):
            self._new(born_2000s)
        self.assertEqual(self._count(name="Trần Văn Nhập"), 0)

    def test_valid_cccd_accepted(self):
        man = self._new(VALID_ID)
        girl_id = cccd("female", date(2007, 8, 15), serial="000777")
        self.assertEqual(girl_id[3], "3")  # 2000s, female
        girl = self._new(
            girl_id, sex="female", birthdate=date(2007, 8, 15), name="Lê Thị Hoa"
        )
        self.assertEqual(man.citizen_id, VALID_ID)
        self.assertEqual(girl.citizen_id, girl_id)
        self.assertEqual(self._count(citizen_id=VALID_ID), 1)

    def test_cccd_unique_says_open_that_person(self):
        first = self._new(VALID_ID, name="Phạm Văn Một")
        with self.assertRefused(UserError, "already recorded: search again"):
            self._new(VALID_ID, name="Phạm Văn Hai")
        with self.assertRefused(UserError, "already recorded: search again"):
            self._new(VALID_ID + "\n", name="Phạm Văn Ba")
        self.assertEqual(
            self.env["rehab.resident"].search([("citizen_id", "=", VALID_ID)]), first
        )
        self.assertEqual(self._count(name="Phạm Văn Hai"), 0)
        # The database constraint stays the last word (a direct superuser write).
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["rehab.resident"].create(
                {
                    "name": "X Y",
                    "sex": "male",
                    "birthdate": BIRTH,
                    "citizen_id": VALID_ID,
                }
            )

    def test_same_person_without_cccd_recorded_once(self):
        self._new(False, name="Lù Văn Không")
        with self.assertRefused(UserError, "already recorded"):
            self._new(False, name="  lu van   KHONG ")
        other = self.Resident.register_person(
            {"name": "Lù Văn Không", "sex": "male", "birthdate": BIRTH},
            new_person_reason="Another man: different parents, different commune",
        )
        self.assertIn("different parents", other.message_ids[0].body)
        self.assertEqual(self._count(name="Lù Văn Không"), 2)

    def test_resident_without_cccd_allowed(self):
        """People without an ID card are still received; several of them."""
        first = self._new(False, name="Không Giấy Một")
        second = self._new(False, name="Không Giấy Hai")
        self.assertFalse(first.citizen_id)
        self.assertFalse(second.citizen_id)
        self.assertEqual(first.display_name, "Không Giấy Một")

    # ---------------------------------------------------------------- identity
    def test_birthdate_in_future_refused(self):
        with self.assertRefused(
            ValidationError, "Date of Birth” cannot be in the future"
        ):
            self._new(False, birthdate=date(2026, 11, 26), name="Chưa Sinh")
        self.assertEqual(self._count(name="Chưa Sinh"), 0)
        # Born today (facility time, 25/11/2026) is not in the future.
        self.assertTrue(self._new(False, birthdate=date(2026, 11, 25)))

    def test_is_kinh_and_birth_year_stored(self):
        """Statistics group residents by these fields: they must be searchable."""
        resident = self._new(VALID_ID)
        tay = self._new(False, name="Hoàng Văn Tày", birthdate=date(1990, 1, 1))
        tay.ethnicity = "Tày"

        def search(domain):
            return self.env["rehab.resident"].search(
                [("company_id", "=", self.facility.id), *domain]
            )

        self.assertEqual(
            search([("is_kinh", "=", True), ("birth_year", "=", 1995)]), resident
        )
        self.assertEqual(search([("is_kinh", "=", False)]), tay)

        resident.write(
            {
                "ethnicity": " kinh ",
                "birthdate": date(1996, 3, 1),
                "citizen_id": cccd("male", date(1996, 3, 1), serial="456789"),
            }
        )
        tay.ethnicity = "Kinh"
        self.assertEqual(search([("birth_year", "=", 1996)]), resident)
        self.assertFalse(search([("birth_year", "=", 1995)]))
        self.assertFalse(search([("is_kinh", "=", False)]))

    def test_display_name_and_name_search_by_cccd(self):
        resident = self._new(VALID_ID, name="Đỗ Văn Tìm")
        self._new(False, name="Đỗ Văn Khác", birthdate=date(1990, 1, 1))
        self.assertEqual(resident.display_name, f"Đỗ Văn Tìm ({VALID_ID})")
        self.assertIn(VALID_ID, resident.with_user(self.auditor_user).display_name)

        found = self.Resident.name_search(VALID_ID)
        self.assertEqual([rid for rid, __ in found], [resident.id])
        self.assertIn(VALID_ID, found[0][1])
        # The last digits alone, as read off a photocopy, find the person too.
        self.assertEqual(
            [rid for rid, __ in self.Resident.name_search(VALID_ID[-6:])],
            [resident.id],
        )

    # ---------------------------------------------------------------- deletion
    def test_admitted_resident_cannot_be_deleted_but_archived(self):
        resident = self._resident()
        stay = self._stay(resident, bed=self.bed_c1)
        self.assertEqual(stay.state, "in_rehab")
        as_manager = resident.with_user(self.manager_user)
        with self.assertRefused(UserError, "Archive the resident"):
            as_manager.unlink()
        self.assertTrue(resident.exists())
        self.assertTrue(stay.exists())
        self.assertEqual(stay.resident_id, resident)

        self.assertEqual(
            as_manager.action_archive()["res_model"], "rehab.archive.wizard"
        )
        as_manager.action_archive_with_reason("Recorded twice by mistake")
        self.assertFalse(resident.active)
        self.assertFalse(self.Resident.search([("id", "=", resident.id)]))
        self.assertEqual(
            self.Resident.with_context(active_test=False).search(
                [("citizen_id", "=", resident.citizen_id)]
            ),
            resident,
        )

    def test_nobody_deletes_a_resident(self):
        resident = self._new(VALID_ID)
        for user in (self.intake_user, self.manager_user):
            with self.assertRefused(UserError, "cannot be deleted|not allowed"):
                resident.with_user(user).unlink()
        self.assertTrue(resident.exists())

    # ---------------------------------------------------------------- chatter
    def test_citizen_id_change_tracked(self):
        resident = self._new(VALID_ID)
        self.env.cr.flush()  # end of the creating request (precommit hooks)
        new_id = cccd("male", BIRTH, serial="111222")
        resident.write({"citizen_id": new_id})
        self.env.cr.flush()  # end of the writing request: tracking is written
        field = self.env["ir.model.fields"]._get("rehab.resident", "citizen_id")
        tracking = self.env["mail.tracking.value"].search(
            [
                ("field_id", "=", field.id),
                ("mail_message_id.model", "=", "rehab.resident"),
                ("mail_message_id.res_id", "=", resident.id),
            ]
        )
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.old_value_char, VALID_ID)
        self.assertEqual(tracking.new_value_char, new_id)
        self.assertEqual(
            tracking.mail_message_id.author_id, self.intake_user.partner_id
        )

    # ---------------------------------------------------------------- form
    def test_commune_onchange_clears_commune_of_other_province(self):
        quang_ninh = self.env.ref("rehab_facility.province_22")
        ha_noi = self.env.ref("rehab_facility.province_01")
        communes = self.env["rehab.commune"].create(
            [
                {"code": "99901", "name": "Xã Thử Một", "province_id": quang_ninh.id},
                {"code": "99902", "name": "Xã Thử Hai", "province_id": quang_ninh.id},
            ]
        )
        form = Form(self._new(VALID_ID, name="Vũ Văn Quê"))
        form.province_id = quang_ninh
        form.commune_id = communes[0]
        form.province_id = quang_ninh  # same province: the commune stays
        self.assertEqual(form.commune_id, communes[0])
        form.province_id = ha_noi
        self.assertFalse(form.commune_id)
        resident = form.save()
        self.assertEqual(resident.province_id, ha_noi)
        self.assertFalse(resident.commune_id)
