"""Browser tour of the instructor's day (static/tests/tours/), on the demo data.

The instructor marks a sheet on a 10-inch tablet: the browser is 1280×800
and in the facility's time zone, so "today" in the browser is the facility's
day (``company.rehab_today()``). The demo sessions have fixed dates, so the
session of the day is created here, in a class of the demo instructor with a
few demo residents, and the tour gets its names from the start URL's query
string (``/odoo?klass=…``). Wrong roles: an auditor and a security officer.

Needs Chromium and ``--odoo-http`` (pytest-odoo); see README, Tests.
"""

from datetime import timedelta
from urllib.parse import urlencode

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

TABLET = {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False}
SHEET_SIZE = 6


@tagged("post_install", "-at_install")
class TestInstructorTour(HttpCase):
    browser_size = "1280x800"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.instructor = cls.env.ref("rehab_facility.user_instructor")
        cls.auditor = cls.env.ref("rehab_facility.user_auditor")
        cls.security = cls.env.ref("rehab_facility.user_security")
        cls.today = cls.company.rehab_today()
        cls.klass = cls.env["rehab.training.class"].create(
            {
                "name": "Tin học văn phòng - Lớp kiểm thử",
                "trade_id": cls.env.ref("rehab_vocational.trade_safe_vegetables").id,
                "company_id": cls.company.id,
                "instructor_ids": [(6, 0, cls.instructor.ids)],
                "location": "Phòng học 2",
                "date_start": cls.today,
                "date_end": cls.today + timedelta(days=20),
                "certificate_level": "short",
                "required_hours": 60,
            }
        )
        cls.klass.action_start()
        cls.enrollments = cls._enroll_free_residents(SHEET_SIZE)
        cls.sheet = cls.env["rehab.training.session"].create(
            {
                "class_id": cls.klass.id,
                "date": cls.today,
                # After the demo instructor's own sessions of the day.
                "time_start": 17.0,
                "time_end": 20.0,
                "topic": "Bài 1: an toàn lao động",
            }
        )

    @classmethod
    def _enroll_free_residents(cls, count):
        """Enroll ``count`` demo residents the model accepts (in rehab, in no
        other class at the time, old enough, staying long enough)."""
        Enrollment = cls.env["rehab.training.enrollment"]
        enrollments = Enrollment
        stays = cls.env["rehab.stay"].search(
            [("company_id", "=", cls.company.id), ("state", "=", "in_rehab")],
            order="id",
        )
        names = set()
        for resident in stays.resident_id:
            if len(enrollments) == count:
                break
            if resident.name in names:  # the tour finds rows by name
                continue
            try:
                with cls.env.cr.savepoint():
                    enrollment = Enrollment.create(
                        {"class_id": cls.klass.id, "resident_id": resident.id}
                    )
            except ValidationError:
                continue
            enrollments |= enrollment
            names.add(resident.name)
        assert len(enrollments) == count, "too few free demo residents to enroll"
        return enrollments

    def authenticate(self, user, password, browser=None):
        """A 10-inch tablet in the facility: 1280×800, the facility's zone."""
        http_session = super().authenticate(user, password, browser=browser)
        if browser:
            browser._websocket_request(
                "Emulation.setDeviceMetricsOverride", params=TABLET
            )
            browser._websocket_request(
                "Emulation.setTimezoneOverride",
                params={"timezoneId": self.company.rehab_tz or "Asia/Ho_Chi_Minh"},
            )
        return http_session

    def _tour(self, tour, user, params=None):
        url = "/odoo" + (f"?{urlencode(params)}" if params else "")
        self.start_tour(url, tour, login=user.login, timeout=120)

    def _call(self, model, method, *args):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
        )

    def _assert_refused(self, model, method, *args):
        with self.assertRaises(JsonRpcException) as caught:
            self._call(model, method, *args)
        self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")

    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    # ------------------------------------------------------------ the journey
    def test_instructor_marks_todays_sheet(self):
        lines = self.sheet.line_ids.sorted(lambda line: line.resident_name)
        self.assertEqual(len(lines), SHEET_SIZE)
        self.assertEqual(set(lines.mapped("status")), {"present"})
        absent = lines[1] | lines[4]
        user = self.instructor
        self.assertEqual(
            user.action_id.id,
            self.env.ref("rehab_vocational.rehab_training_session_action_my").id,
            "the demo instructor lands on My Sessions Today",
        )

        self._tour(
            "rehab_instructor_tour",
            user,
            {
                "klass": self.klass.name,
                "absent1": absent[0].resident_name,
                "absent2": absent[1].resident_name,
                "line_count": len(lines),
            },
        )

        self.env.invalidate_all()
        sheet = self.sheet
        self.assertEqual(sheet.state, "confirmed")
        self.assertEqual(sheet.confirmed_by_id, user)
        self.assertEqual(sheet.confirmed_date, self.today)
        self.assertEqual(sheet.line_ids, lines, "nobody added or removed")
        self.assertEqual(lines.filtered(lambda line: line.status == "absent"), absent)
        self.assertEqual(
            set((lines - absent).mapped("status")), {"present"}, "the rest present"
        )
        self.assertEqual(absent.mapped("write_uid"), user)
        self.assertEqual((sheet.absent_count, sheet.present_count), (2, SHEET_SIZE - 2))
        # The confirmed sheet counts: absent hours for the two, none for the rest.
        for enrollment in self.enrollments:
            missed = enrollment.resident_id in absent.resident_id
            self.assertEqual(enrollment.held_hours, sheet.hours)
            self.assertEqual(enrollment.attended_hours, 0 if missed else sheet.hours)
            self.assertEqual(enrollment.absent_hours, sheet.hours if missed else 0)

    def test_instructor_sees_no_medical_or_security_data(self):
        user = self.instructor
        menus = self._visible_menus(user)
        for xmlid in (
            "rehab_facility.menu_rehab_root",
            "rehab_facility.menu_rehab_security",
            "rehab_facility.menu_rehab_incidents",
            "rehab_facility.menu_rehab_medical_log",
        ):
            self.assertNotIn(self.env.ref(xmlid).id, menus, xmlid)
        for xmlid in ("menu_vocational_root", "menu_my_sessions"):
            self.assertIn(self.env.ref(f"rehab_vocational.{xmlid}").id, menus)

        resident = self.enrollments[0].resident_id
        incident = self.env["rehab.incident"].search([], limit=1)
        self.assertTrue(incident, "the demo data has incidents")
        self.authenticate(user.login, user.login)
        # The sheet shows the residents' names: those the instructor may read.
        names = self._call("rehab.resident", "read", resident.ids, ["name"])
        self.assertEqual(names[0]["name"], resident.name)
        self._assert_refused("rehab.resident", "read", resident.ids, ["hiv_status"])
        self._assert_refused("rehab.incident", "read", incident.ids, ["name"])
        self._assert_refused("rehab.incident", "search_read", [], ["name"])

    def test_attendance_refused_to_auditor_and_security(self):
        self._tour("rehab_instructor_wrong_role_tour", self.auditor)

        line = self.sheet.line_ids[0]
        for user in (self.auditor, self.security):
            with self.subTest(user=user.login):
                menus = self._visible_menus(user)
                for xmlid in ("menu_vocational_root", "menu_my_sessions"):
                    self.assertNotIn(
                        self.env.ref(f"rehab_vocational.{xmlid}").id, menus
                    )
                self.authenticate(user.login, user.login)
                self._assert_refused(
                    "rehab.training.session",
                    "action_mark",
                    self.sheet.ids,
                    {str(line.id): "absent"},
                )
                self._assert_refused(
                    "rehab.attendance.line", "write", line.ids, {"status": "absent"}
                )
                self._assert_refused(
                    "rehab.training.session", "action_confirm", self.sheet.ids
                )
        self.env.invalidate_all()
        self.assertEqual(line.status, "present")
        self.assertEqual(self.sheet.state, "draft")
