"""What an instructor reaches of the facility: their trainees, nothing else.

Through rehab.bed.search_read an instructor read every occupant of the
facility (name, citizen ID, stay, escaped or not, infectious or disciplinary
area); through back-dated sheets' clash column, discipline and escape
history; through the wizards' class field, other facilities' records.
"""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import VocationalCase

FACILITY_MODELS = ("rehab.stay", "rehab.bed.assignment", "rehab.stay.absence")


@tagged("post_install", "-at_install")
class TestInstructorScope(VocationalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.klass = cls._class()
        cls.trainee = cls._admitted("Phạm Văn Học")
        cls.stranger = cls._admitted("Lê Văn Lạ")
        cls._enroll(cls.klass, cls.trainee)
        for resident in cls.trainee | cls.stranger:
            cls._send_away(resident.stay_ids, start="2026-11-20 01:00:00")

    def test_instructor_reads_no_bed(self):
        Bed = self.env["rehab.bed"]
        self.assertTrue(Bed.search([("current_resident_id", "=", self.trainee.id)]))
        instructor_beds = Bed.with_user(self.instructor_user)
        self.assertEqual(
            instructor_beds.search_read([], ["current_resident_id", "name"]), []
        )
        self.assertEqual(
            instructor_beds._roll_count([], groupby="company_id"), {}, "no roll count"
        )
        bed = Bed.search([("current_resident_id", "=", self.trainee.id)])
        with self.assertRaises(AccessError):
            bed.with_user(self.instructor_user).read(["current_resident_id"])
        # Every other role still sees the facility's beds.
        for user in (self.intake_user, self.security_user, self.manager_user):
            with self.subTest(user=user.login):
                self.assertIn(bed, Bed.with_user(user).search([]))

    def test_instructor_reaches_no_stay_history_or_absence(self):
        for model in FACILITY_MODELS:
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.instructor_user).search_read(
                    [], ["resident_id"]
                )

    def test_rules_keep_instructors_to_their_trainees(self):
        """Should a role ever give instructors these models, the record rules
        still show only their trainees' records."""
        group = self.env.ref("rehab_facility.group_rehab_instructor")
        for model in FACILITY_MODELS:
            self.env["ir.model.access"].create(
                {
                    "name": f"test {model}",
                    "model_id": self.env["ir.model"]._get_id(model),
                    "group_id": group.id,
                    "perm_read": True,
                }
            )
        for model in FACILITY_MODELS:
            with self.subTest(model=model):
                everyone = self.env[model].search(
                    [("resident_id", "in", (self.trainee | self.stranger).ids)]
                )
                self.assertIn(self.stranger, everyone.resident_id)
                rows = (
                    self.env[model]
                    .with_user(self.instructor_user)
                    .search_read([], ["resident_id"])
                )
                self.assertTrue(rows)
                self.assertEqual(
                    {row["resident_id"][0] for row in rows}, {self.trainee.id}
                )
                self.assertFalse(
                    self.env[model].with_user(self.instructor_b).search([])
                )


@tagged("post_install", "-at_install")
class TestClashReasons(VocationalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.klass = cls._class()
        cls.resident = cls._admitted("Vũ Văn Phòng")
        cls._enroll(cls.klass, cls.resident)
        cls.session = cls._session(cls.klass, date(2026, 11, 24))
        cls.env["rehab.discipline"].create(
            {
                "resident_id": cls.resident.id,
                "company_id": cls.facility.id,
                "kind": "room",
                "date": date(2026, 11, 23),
                "date_start": date(2026, 11, 23),
                "date_end": date(2026, 11, 25),
                "reason": "Đánh nhau",
            }
        )

    def _clash(self, user):
        line = self.session.line_ids.with_user(user)
        line.invalidate_recordset(["clash"])
        return line.read(["clash"])[0]["clash"]

    def test_instructor_sees_unavailable_without_reason(self):
        self.assertEqual(self._clash(self.instructor_user), "Unavailable")
        self.assertEqual(self._clash(self.manager_user), "Disciplinary room")


@tagged("post_install", "-at_install")
class TestWizardsStayInTheFacility(VocationalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.klass = cls._class()
        other = cls.other_facility
        cls.foreign_class = cls._class(
            "Nguyễn Văn Bí Mật K1", company_id=other.id, instructor_ids=[(6, 0, [])]
        )
        cls.foreign_resident = cls._resident(
            "Đỗ Văn Nơi Khác", serial="799001", company_id=other.id
        )

    def test_schedule_wizard_refuses_a_class_the_user_cannot_read(self):
        Wizard = self.env["rehab.session.schedule.wizard"]
        for user in (self.instructor_user, self.instructor_b, self.manager_user):
            with self.subTest(user=user.login):
                klass = self.foreign_class if user != self.instructor_b else self.klass
                with self.assertRefused(AccessError, "not of your facility") as caught:
                    Wizard.with_user(user).create({"class_id": klass.id})
                self.assertNotIn(klass.name, str(caught.exception))
                with self.assertRefused(AccessError, "not of your facility"):
                    Wizard.with_user(user).with_context(
                        default_class_id=klass.id
                    ).default_get(["class_id", "date_from"])
                with self.assertRefused(AccessError, "not of your facility"):
                    Wizard.with_user(user).onchange(
                        {"class_id": klass.id}, ["class_id"], {"date_from": {}}
                    )
        # Their own class works.
        wizard = Form(
            Wizard.with_user(self.instructor_user).with_context(
                default_class_id=self.klass.id
            )
        )
        self.assertEqual(wizard.date_to, self.klass.date_end)

    def test_enrollment_refuses_other_facilities_without_naming_them(self):
        manager = self.manager_user
        with self.assertRefused(AccessError, "not of your facility") as caught:
            self.klass.with_user(manager).enroll(self.foreign_resident)
        self.assertNotIn(self.foreign_resident.name, str(caught.exception))
        with self.assertRefused(AccessError, "not of your facility") as caught:
            self.foreign_class.with_user(manager).enroll(self._admitted())
        self.assertNotIn(self.foreign_class.name, str(caught.exception))
        with self.assertRefused(AccessError, "not of your facility"):
            self.env["rehab.enrollment.wizard"].with_user(manager).create(
                {"class_id": self.foreign_class.id}
            )
