"""Browser tour of the 35-trainee sheet on a 1280×800 tablet (issue #16):
two screens, live counters, one-tap reason, Everyone present with a trainee
in hospital, Confirm, Lock. On the demo data: the demo instructor's
vegetable class (35 trainees); the sheet of the day is made here, after the
demo sessions. Needs Chromium and ``--odoo-http`` (pytest-odoo)."""

from datetime import timedelta
from urllib.parse import urlencode

from odoo.tests import HttpCase, tagged

TABLET = {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False}


@tagged("post_install", "-at_install")
class TestTabletSheetTour(HttpCase):
    browser_size = "1280x800"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.instructor = cls.env.ref("rehab_facility.user_instructor")
        cls.klass = cls.env.ref("rehab_vocational.class_vegetables", False)
        cls.today = cls.company.rehab_today()

    def authenticate(self, user, password, browser=None):
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

    def _sheet(self):
        """Today's evening session of the class, after the demo's."""
        klass = self.klass
        if klass.date_end < self.today:
            klass.sudo().date_end = self.today + timedelta(days=1)
        return self.env["rehab.training.session"].create(
            {
                "class_id": klass.id,
                "date": self.today,
                "time_start": 18.0,
                "time_end": 19.5,
                "topic": "Bài kiểm tra: máy tính bảng",
            }
        )

    def test_tablet_sheet(self):
        if not self.klass:
            self.skipTest("the demo data is not installed")
        sheet = self._sheet()
        lines = sheet.line_ids.sorted("resident_name")
        self.assertGreaterEqual(len(lines), 30, "a full class on the sheet")
        names = lines.mapped("resident_name")
        self.assertEqual(len(set(names)), len(names), "rows found by name")
        away, reason_for = lines[3], lines[6]
        reason = self.env.ref("rehab_vocational.absence_reason_sick")
        self.assertTrue(reason.counts_as_excused)
        intake = self.env.ref("rehab_facility.user_intake")
        away.enrollment_id.stay_id.with_user(intake).record_departure(
            "suspension", f"{self.today - timedelta(days=1)} 02:00:00"
        )
        self.assertTrue(away._away())
        lang = self.env["res.lang"]._get_data(code=self.instructor.lang)
        auto_lock = sheet.confirmed_date or self.today
        auto_lock += timedelta(days=sheet._lock_days())
        params = {
            "line_count": len(lines),
            "away": away.resident_name,
            "reason_for": reason_for.resident_name,
            "reason_id": reason.id,
            "auto_lock_date": auto_lock.strftime(lang.date_format),
        }
        self.start_tour(
            f"/odoo/my-sessions/{sheet.id}?{urlencode(params)}",
            "rehab_tablet_sheet_tour",
            login=self.instructor.login,
            timeout=180,
        )

        self.env.invalidate_all()
        self.assertEqual(sheet.state, "confirmed")
        self.assertEqual(sheet.locked_by_id, self.instructor)
        self.assertTrue(sheet.locked)
        self.assertEqual(away.status, "absent", "left as marked by Everyone present")
        # Everyone present set the excused one back to present, reason cleared.
        self.assertEqual(reason_for.status, "present")
        self.assertFalse(reason_for.reason_id)
        others = lines - away
        self.assertEqual(set(others.mapped("status")), {"present"})
