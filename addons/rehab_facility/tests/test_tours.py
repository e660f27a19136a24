"""Browser tours of the daily jobs (static/tests/tours/), on the demo data.

Each journey runs as the role that does it and as a role that must not.
The tours read what to type and what to expect from the start URL's query
string (``/odoo?cccd=…``): the values are computed here, in the facility's
local day and the user's date format, so the tour itself holds no dates.

Needs Chromium and ``--odoo-http`` (pytest-odoo); see README, Tests.
"""

import io
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from ..models import rehab_report_period as period
from ..report.rehab_occupancy_xlsx import SHEET_NAMES

LAW_120 = "law_120_2025"


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.intake_user = cls.env.ref("rehab_facility.user_intake")
        cls.security_user = cls.env.ref("rehab_facility.user_security")
        cls.instructor_user = cls.env.ref("rehab_facility.user_instructor")

    def setUp(self):
        super().setUp()
        # What the browser downloads (reception minutes, workbooks) lands
        # here, where the test can read it, not in the user's Downloads.
        self.download_dir = Path(self.enterContext(tempfile.TemporaryDirectory()))

    def authenticate(self, user, password, browser=None):
        http_session = super().authenticate(user, password, browser=browser)
        if browser:
            browser._websocket_request(
                "Browser.setDownloadBehavior",
                params={"behavior": "allow", "downloadPath": str(self.download_dir)},
            )
        return http_session

    def _downloaded(self, name, timeout=10):
        """The bytes of the file ``name`` the browser downloaded."""
        path = self.download_dir / name
        deadline = time.monotonic() + timeout
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertTrue(
            path.exists(),
            f"the browser downloaded no {name}: {sorted(self.download_dir.iterdir())}",
        )
        return path.read_bytes()

    # ----------------------------------------------------------------- helpers
    def _lang(self, user):
        return self.env["res.lang"]._get_data(code=user.lang or "en_US")

    def _fmt_date(self, user, value):
        """A date as the web client shows it to ``user``."""
        return value.strftime(self._lang(user).date_format)

    def _fmt_browser_datetime(self, user, value):
        """A naive local datetime typed in a datetime field.

        The web client reads datetimes in the browser's time zone, which is
        this process's (Odoo sets TZ=UTC and Chromium inherits it).
        """
        lang = self._lang(user)
        return value.strftime(f"{lang.date_format} {lang.time_format}")

    def _tour(self, tour, user, params=None):
        url = "/odoo" + (f"?{urlencode(params)}" if params else "")
        self.start_tour(url, tour, login=user.login, timeout=120)

    def _free_fitting_bed(self, sex, is_minor, order_type):
        beds = self.env["rehab.bed"]
        bed = beds.search(
            beds._fitting_domain(self.company, sex, is_minor, order_type), limit=1
        )
        self.assertTrue(bed, "the demo facility has no free bed that fits")
        return bed

    # ------------------------------------------------------------------ intake
    def test_intake_officer_receives_a_person(self):
        today = self.company.rehab_today()
        birthdate = date(1990, 4, 2)
        # 022 Quảng Ninh, 0 = man born in the 1900s, 90 = 1990.
        cccd = next(
            f"022090{serial:06d}"
            for serial in range(777001, 778000)
            if not self.env["rehab.resident"]
            .with_context(active_test=False)
            .search_count([("citizen_id", "=", f"022090{serial:06d}")])
        )
        name = "Kiều Xuân Bách"
        wizard = self.env["rehab.intake.wizard"].create(
            {"name": name, "birthdate": birthdate, "sex": "male"}
        )
        self.assertFalse(
            wizard._find_candidates(), "the tour's person must be new to the demo data"
        )
        decision_date = today - timedelta(days=3)
        order_type = self.env["rehab.order.type"]._find_for_date(
            "compulsory_adult", decision_date
        )
        self.assertEqual(order_type.regime, LAW_120)
        bed = self._free_fitting_bed("male", False, order_type)
        release = today + relativedelta(months=24)
        user = self.intake_user

        self._tour(
            "rehab_intake_tour",
            user,
            {
                "cccd": cccd,
                "name": name,
                "birthdate": self._fmt_date(user, birthdate),
                "sex": "male",
                "decision_number": "301/2026/QĐ-TA",
                "decision_date": self._fmt_date(user, decision_date),
                "court": "Tòa án nhân dân khu vực 1 - Quảng Ninh",
                "bed_search": bed.name,
                "bed": bed.display_name,
                "release": self._fmt_date(user, release),
                "release_dmy": release.strftime("%d/%m/%Y"),
            },
        )

        stay = self.env["rehab.stay"].search([("resident_id.citizen_id", "=", cccd)])
        self.assertEqual(len(stay), 1)
        self.assertEqual(stay.resident_id.name, name)
        self.assertEqual(stay.resident_id.birthdate, birthdate)
        self.assertEqual(stay.state, "in_rehab")
        self.assertEqual(stay.current_bed_id, bed)
        self.assertEqual(bed.status, "occupied")
        self.assertEqual(stay.order_type_id, order_type)
        self.assertEqual(stay.decision_date, decision_date)
        self.assertEqual(stay.admission_date, today)
        self.assertEqual(stay.term_months, 24)
        self.assertEqual(stay.expected_release_date, release)
        self.assertEqual(stay.create_uid, user)

        # The reception minutes: content (HTML) and a real PDF (wkhtmltopdf).
        reports = self.env["ir.actions.report"]
        minutes = "rehab_facility.action_report_reception_minutes"
        html = str(reports._render_qweb_html(minutes, stay.ids)[0], "utf-8")
        for text in (name, cccd, "301/2026/QĐ-TA", release.strftime("%d/%m/%Y")):
            self.assertIn(text, html)
        pdf, kind = reports.with_context(force_report_rendering=True)._render_qweb_pdf(
            minutes, stay.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_intake_refused_to_instructor(self):
        user = self.instructor_user
        self._tour("rehab_intake_wrong_role_tour", user)

        menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        for xmlid in ("menu_rehab_root", "menu_rehab_intake_wizard"):
            self.assertNotIn(self.env.ref(f"rehab_facility.{xmlid}").id, menus)

        self.authenticate(user.login, user.login)
        with self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/rehab.intake.wizard/create",
                {
                    "model": "rehab.intake.wizard",
                    "method": "create",
                    "args": [{"citizen_id": "022090777999", "name": "Test"}],
                    "kwargs": {},
                },
            )
        self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")

    # ---------------------------------------------------------------- security
    def _escape_candidate(self, days_away):
        """A demo stay in rehab, never away, admitted before the escape."""
        stays = self.env["rehab.stay"].search(
            [
                ("company_id", "=", self.company.id),
                ("state", "=", "in_rehab"),
                ("order_type_id.fixed_term", "=", True),
                ("absence_ids", "=", False),
                (
                    "admission_date",
                    "<",
                    self.company.rehab_today() - timedelta(days=days_away + 1),
                ),
            ],
            order="id",
        )
        for stay in stays:
            # The tour finds it by the resident's name: it must be unambiguous.
            if (
                self.env["rehab.stay"].search_count(
                    [
                        ("resident_id", "ilike", stay.resident_id.name),
                        ("state", "in", ("intake", "in_rehab", "absent", "suspended")),
                    ]
                )
                == 1
            ):
                return stay
        self.fail("no demo stay fits the security tour")

    def test_security_officer_escape_and_return(self):
        days_away = 5
        stay = self._escape_candidate(days_away)
        before = stay.expected_release_date
        after = before + timedelta(days=days_away)
        user = self.security_user
        today = self.company.rehab_today()
        away_since = datetime.now().replace(microsecond=0) - timedelta(days=days_away)

        self._tour(
            "rehab_security_tour",
            user,
            {
                "resident": stay.resident_id.name,
                "release_before": self._fmt_date(user, before),
                "away_since": self._fmt_browser_datetime(user, away_since),
                "pursuit_number": "77/QĐ-CSCN",
                "pursuit_date": self._fmt_date(user, today - timedelta(days=days_away)),
                "police_unit": "Công an phường Hạ Long",
                "days_away": days_away,
                "release_after": self._fmt_date(user, after),
                "release_after_dmy": after.strftime("%d/%m/%Y"),
            },
        )

        stay.invalidate_recordset()
        self.assertEqual(stay.state, "in_rehab")
        self.assertEqual(stay.expected_release_date, after)
        absence = stay.absence_ids
        self.assertEqual(len(absence), 1)
        self.assertEqual(absence.kind, "escape")
        self.assertEqual(absence.pursuit_decision_number, "77/QĐ-CSCN")
        self.assertEqual(absence.police_unit, "Công an phường Hạ Long")
        self.assertEqual(absence.return_kind, "brought_back")
        self.assertEqual(absence.days_away, days_away)
        self.assertEqual(absence.create_uid, user)
        self.assertEqual(absence.adjustment_id.days, days_away)
        self.assertEqual(absence.adjustment_id.stay_id, stay)

    def test_report_escape_hidden_from_intake(self):
        stay = self._escape_candidate(5)
        self._tour(
            "rehab_security_wrong_role_tour",
            self.intake_user,
            {"resident": stay.resident_id.name},
        )
        self.assertFalse(stay.absence_ids)

        def form_arch(user):
            views = self.env["rehab.stay"].with_user(user).get_views([(False, "form")])
            return views["views"]["form"]["arch"]

        self.assertIn('name="action_report_escape"', form_arch(self.security_user))
        self.assertNotIn('name="action_report_escape"', form_arch(self.intake_user))

    # ----------------------------------------------------------------- manager
    def _in_facility(self, day):
        """Residents in the facility at the end of ``day``, counted with the
        ORM (the report counts with grouped SQL): admitted by then, not at
        intake, not released by then; archived stays left out."""
        return self.env["rehab.stay"].search_count(
            [
                ("company_id", "=", self.company.id),
                ("state", "!=", "intake"),
                ("admission_date", "<=", day),
                "|",
                ("release_date", "=", False),
                ("release_date", ">", day),
            ]
        )

    @staticmethod
    def _cell_right_of(ws, label, column_header, start=1):
        """The value in the row labelled ``label`` (column B) and the column
        headed ``column_header``, in the first table after row ``start``."""
        label_row = next(
            row
            for row in range(start, ws.max_row + 1)
            if (ws.cell(row, 2).value or "").strip() == label
        )
        for row in range(label_row - 1, start - 1, -1):
            for col in range(3, ws.max_column + 1):
                if ws.cell(row, col).value == column_header:
                    return ws.cell(label_row, col).value
        raise AssertionError(f"no column {column_header!r} above {label!r}")

    def test_manager_exports_last_month(self):
        user = self.env.ref("rehab_facility.user_manager")
        today = self.company.rehab_today()
        last_day = today.replace(day=1) - timedelta(days=1)
        first_day = last_day.replace(day=1)
        Log = self.env["rehab.report.export.log"]
        before = Log.search([])
        # What the wizard proposes to this user (the facility's own
        # recipient, else the system default).
        recipient = (
            self.env["rehab.report.export.wizard"].with_user(user).new({}).recipient
        )
        self.assertTrue(recipient)
        period_label = period.period_label("month", first_day, last_day)
        filename = period.report_filename(
            self.company.name, "month", first_day, last_day
        )

        self._tour(
            "rehab_manager_tour",
            user,
            {
                "in_facility": self._in_facility(today),
                "year": last_day.year,
                "month": last_day.month,
                "date_from": self._fmt_date(user, first_day),
                "date_to": self._fmt_date(user, last_day),
                "recipient": recipient,
                "period_label": period_label,
                "filename": filename,
            },
        )

        log = Log.search([]) - before
        self.assertEqual(len(log), 1, "one export, logged")
        self.assertEqual(log.user_id, user)
        self.assertEqual(log.facility_ids, self.company)
        self.assertEqual((log.period_type, log.date_from), ("month", first_day))
        self.assertEqual(log.date_to, last_day)
        self.assertEqual(log.filename, filename)
        self.assertEqual(log.attachment_id.res_id, log.id)
        # The file the manager's browser received is the one kept in the log.
        content = self._downloaded(filename)
        self.assertEqual(content, log.attachment_id.raw)
        book = openpyxl.load_workbook(io.BytesIO(content))
        # Every block of figures the log keeps has its sheet, in order (other
        # modules add blocks and sheets); the differences with the current
        # figures only when made from the recorded ones.
        expected = [
            name
            for block, name, __ in self.env[
                "report.rehab_facility.occupancy_xlsx"
            ]._sheets()
            if log.figures.get(block) is not None
        ]
        self.assertEqual(book.sheetnames, expected)
        self.assertEqual(
            book.sheetnames[:3],
            [SHEET_NAMES["occupancy"], SHEET_NAMES["movements"], SHEET_NAMES["beds"]],
        )
        self.assertEqual(
            SHEET_NAMES["differences"] in expected, log.source == "snapshot"
        )

        # The population at the end of the month, counted from the records.
        closing = self._in_facility(last_day)
        self.assertTrue(closing, "the demo facility had residents last month")
        occupancy = book[SHEET_NAMES["occupancy"]]
        self.assertEqual(
            self._cell_right_of(occupancy, "TỔNG CỘNG", "Tổng số"), closing
        )
        movements = book[SHEET_NAMES["movements"]]
        self.assertEqual(
            self._cell_right_of(movements, "Số học viên cuối kỳ", "Tổng số"), closing
        )
        self.assertEqual(
            self._cell_right_of(movements, "Số học viên đầu kỳ", "Tổng số"),
            self._in_facility(first_day - timedelta(days=1)),
        )
        texts = {c.value for row in occupancy.iter_rows() for c in row if c.value}
        self.assertIn(f"Kính gửi: {recipient}", texts)
        self.assertIn(user.name, texts)

    def test_reports_refused_to_intake(self):
        user = self.intake_user
        self._tour("rehab_manager_wrong_role_tour", user)

        menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        for xmlid in ("menu_rehab_reports", "menu_rehab_report_export"):
            self.assertNotIn(self.env.ref(f"rehab_facility.{xmlid}").id, menus)

        self.authenticate(user.login, user.login)
        for model, method, args in (
            (
                "rehab.report.export.wizard",
                "create",
                [{"period_type": "month", "year": 2026, "month": "10"}],
            ),
            ("rehab.report.export.log", "search_read", [[], ["filename"]]),
        ):
            with self.assertRaises(JsonRpcException) as caught:
                self.make_jsonrpc_request(
                    f"/web/dataset/call_kw/{model}/{method}",
                    {"model": model, "method": method, "args": args, "kwargs": {}},
                )
            self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
