from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import VocationalCase


@tagged("post_install", "-at_install")
class TestAccess(VocationalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.class_a = cls._class("Sửa chữa điều hòa K1")
        cls.class_b = cls._class(
            "May công nghiệp K1",
            trade_id=cls.trade_sewing.id,
            instructor_ids=[(6, 0, cls.instructor_b.ids)],
        )
        cls.resident = cls._admitted("Phạm Văn Riêng")
        cls.resident.write(
            {"hiv_status": "positive", "medical_notes": "ARV", "image_1920": False}
        )
        cls.resident_b = cls._admitted("Hoàng Văn Khác")
        cls.enrollment_a = cls._enroll(cls.class_a, cls.resident)
        cls.enrollment_b = cls._enroll(cls.class_b, cls.resident_b)
        cls.session_a = cls._session(cls.class_a)
        cls.session_b = cls._session(cls.class_b, start=13.5, end=17.5)
        # Another facility's class, with instructor A teaching there too.
        other = cls.other_facility
        cls.instructor_user.company_ids |= other
        cls.other_class = cls._class("Lớp nơi khác", company_id=other.id)

    def _visible(self, user, model):
        return self.env[model].with_user(user).search([])

    def test_instructor_sees_only_own_classes_sessions_sheets(self):
        user = self.instructor_user
        self.assertEqual(self._visible(user, "rehab.training.class"), self.class_a)
        self.assertEqual(self._visible(user, "rehab.training.session"), self.session_a)
        self.assertEqual(
            self._visible(user, "rehab.training.enrollment"), self.enrollment_a
        )
        self.assertEqual(
            self._visible(user, "rehab.attendance.line"), self.session_a.line_ids
        )
        with self.assertRaises(AccessError):
            self.class_b.with_user(user).read(["name"])
        with self.assertRaises(AccessError):
            self.session_b.with_user(user).action_mark(
                {self.session_b.line_ids.id: "absent"}
            )
        self.assertEqual(
            self._visible(self.instructor_b, "rehab.training.class"), self.class_b
        )

    def test_instructor_marks_and_confirms_own_sheet(self):
        session = self.session_a.with_user(self.instructor_user)
        session.action_mark({session.line_ids.id: "late"})
        session.action_confirm()
        self.assertEqual(self.session_a.state, "confirmed")
        self.assertEqual(self.enrollment_a.attended_hours, 4)
        # Adding a session by hand to their class works too.
        added = self.Session.with_user(self.instructor_user).create(
            {
                "class_id": self.class_a.id,
                "date": self.session_a.date,
                "time_start": 13.5,
                "time_end": 15.5,
            }
        )
        self.assertEqual(added.line_ids.resident_id, self.resident)

    def test_instructor_cannot_plan_classes_or_enroll(self):
        with self.assertRaises(AccessError):
            self.Class.with_user(self.instructor_user).create(
                {
                    "name": "Lớp tự mở",
                    "trade_id": self.trade_ac.id,
                    "date_start": "2026-12-01",
                    "date_end": "2027-03-31",
                }
            )
        with self.assertRefused(UserError, "not created by hand"):
            self.Enrollment.with_user(self.instructor_user).create(
                {"class_id": self.class_a.id, "resident_id": self.resident_b.id}
            )
        with self.assertRefused(AccessError, "Only a facility manager plans"):
            self.class_a.with_user(self.instructor_user).enroll(self.resident_b)
        self.assertEqual(self.class_a.enrollment_ids, self.enrollment_a)

    def test_instructor_sees_only_their_trainees(self):
        """Not the whole facility: names, photos and IDs of their own classes."""
        residents = self.env["rehab.resident"]
        self.assertEqual(
            residents.with_user(self.instructor_user).search([]), self.resident
        )
        self.assertEqual(
            residents.with_user(self.instructor_b).search([]), self.resident_b
        )
        with self.assertRaises(AccessError):
            self.resident_b.with_user(self.instructor_user).read(["name"])
        with self.assertRaises(AccessError):
            self.resident.with_user(self.instructor_user).read(["address"])
        # Every other role still sees the whole facility.
        for user in (self.intake_user, self.security_user, self.manager_user):
            self.assertIn(
                self.resident_b, residents.with_user(user).search([]), user.login
            )

    def test_instructor_sees_identity_but_no_legal_medical_data(self):
        user = self.instructor_user
        resident = self.resident.with_user(user)
        values = resident.read(["name", "citizen_id", "image_128"])[0]
        self.assertEqual(values["citizen_id"], self.resident.citizen_id)
        with self.assertRaises(AccessError):
            resident.read(["hiv_status"])
        with self.assertRaises(AccessError):
            resident.stay_ids.read(["name"])
        with self.assertRaises(AccessError):
            self.env["rehab.stay"].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.enrollment_a.with_user(user).read(["stay_id"])
        self.assertNotIn(
            "stay_id", self.Enrollment.with_user(user).fields_get(["stay_id"])
        )
        if "rehab.incident" in self.env:
            with self.assertRaises(AccessError):
                self.env["rehab.incident"].with_user(user).search([])
        # The sheet shows name, photo and ID.
        line = self.session_a.line_ids.with_user(user)
        self.assertEqual(
            line.read(["resident_id"])[0]["resident_id"][0], self.resident.id
        )
        self.assertEqual(line.citizen_id, self.resident.citizen_id)

    def test_manager_sees_all_classes_of_the_facility(self):
        manager = self.manager_user
        self.assertEqual(
            self._visible(manager, "rehab.training.class"), self.class_a | self.class_b
        )
        self.assertEqual(len(self._visible(manager, "rehab.attendance.line")), 2)
        self.enrollment_b.with_user(manager).read(["stay_id"])
        # Not the other facility's, even with a rule that says "all".
        self.assertNotIn(
            self.other_class, self._visible(manager, "rehab.training.class")
        )

    def test_forms_open_for_every_role(self):
        """Each role opens the screens it has a menu for without access errors."""
        screens = {
            self.instructor_user: [
                self.session_a,
                self.class_a,
                self.enrollment_a,
                self.resident,
            ],
            self.manager_user: [
                self.session_b,
                self.class_b,
                self.enrollment_b,
                self.resident,
            ],
            self.intake_user: [self.resident],
            self.security_user: [self.resident],
            self.auditor_user: [self.resident],
            self.medical_user: [self.resident],
        }
        for user, records in screens.items():
            for record in records:
                with self.subTest(user=user.login, model=record._name):
                    model = self.env[record._name].with_user(user)
                    arch = model.get_views([(False, "form")])["views"]["form"]["arch"]
                    # What the web client reads: the fields left in the arch
                    # once the nodes of other groups are taken out.
                    names = {
                        node.get("name")
                        for node in etree.fromstring(arch).iter("field")
                    } & set(model._fields)
                    record.with_user(user).read(list(names))

    def test_resident_form_shows_classes_to_vocational_staff_only(self):
        for user, visible in (
            (self.instructor_user, True),
            (self.manager_user, True),
            (self.intake_user, False),
            (self.medical_user, False),
        ):
            with self.subTest(user=user.login):
                arch = (
                    self.env["rehab.resident"]
                    .with_user(user)
                    .get_views([(False, "form")])["views"]["form"]["arch"]
                )
                self.assertEqual('name="vocational"' in arch, visible)
        enrollments = self.resident.with_user(
            self.instructor_user
        ).training_enrollment_ids
        self.assertEqual(enrollments, self.enrollment_a)

    def test_menus(self):
        root = self.env.ref("rehab_vocational.menu_vocational_root")
        for user, visible in (
            (self.instructor_user, True),
            (self.manager_user, True),
            (self.intake_user, False),
        ):
            with self.subTest(user=user.login):
                menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
                self.assertEqual(root.id in menus, visible)

    def test_instructor_cannot_bypass_the_buttons(self):
        """What only the actions may set is refused through a plain write."""
        user = self.instructor_user
        session = self.session_a.with_user(user)
        session.action_confirm()
        for values in (
            {"confirmed_date": "2026-11-30"},
            {"state": "draft"},
            {"confirmed_by_id": self.instructor_b.id},
        ):
            with self.subTest(values=values):
                with self.assertRefused(AccessError, "changes only with its buttons"):
                    session.write(values)
        enrollment = self.enrollment_a.with_user(user)
        for values in (
            {"certificate_number": "CC/2026/99999"},
            {"result": "pass"},
            {"state": "completed"},
            {"date_enrolled": "2026-11-20"},
        ):
            with self.subTest(values=values):
                with self.assertRefused(UserError, "cannot be changed by hand"):
                    enrollment.write(values)
        klass = self.class_a.with_user(user)
        klass.description = "<p>Module 1: an toàn điện</p>"
        for values in (
            {"capacity": 30},
            {"instructor_ids": [(4, self.instructor_b.id)]},
            {"state": "done"},
        ):
            with self.subTest(values=values):
                with self.assertRefused(AccessError, "Ask a facility manager"):
                    klass.write(values)
        with self.assertRefused(AccessError, "Only a facility manager plans"):
            klass.action_done()
        line = self.session_a.line_ids.with_user(user)
        with self.assertRefused(UserError, "cannot be changed by hand"):
            line.write({"discipline_proposed": True})
        self.assertFalse(line.discipline_proposed)
