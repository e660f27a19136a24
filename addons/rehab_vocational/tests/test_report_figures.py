"""The vocational block of the facility report (sheet 4) and dashboard tile,
and the sessions' stored hour totals the rates sum.

Figures are read back from the workbook (openpyxl) and compared with counts
made independently from the records (lines, not the sessions' totals).
"""

import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TODAY, VocationalCase

ATTENDED = ("present", "late")
VOCATIONAL_SHEET = "4. Học nghề"


def expected_totals(session):
    """(attended, held) resident hours of a sheet, counted over its lines."""
    if session.state != "confirmed":
        return 0.0, 0.0
    lines = session.line_ids
    attended = len(lines.filtered(lambda line: line.status in ATTENDED))
    return session.hours * attended, session.hours * len(lines)


def line_rate(sessions):
    """Attended over held hours of confirmed sessions, from their lines."""
    lines = sessions.filtered(lambda s: s.state == "confirmed").line_ids
    held = sum(lines.mapped("hours"))
    return sum(lines.mapped("attended_hours")) / held if held else 0.0


class FiguresCase(VocationalCase):
    def assertTotals(self, session, msg=None):
        session.invalidate_recordset()
        self.assertEqual(
            (session.attended_hours_total, session.held_hours_total),
            expected_totals(session),
            msg,
        )

    def _export(self, date_from, date_to):
        params = {
            "period_type": "custom",
            "date_from": date_from,
            "date_to": date_to,
            "source": "live",
            "recipient": "Công an tỉnh Quảng Ninh (PC04)",
            "include_annex": False,
        }
        log = (
            self.env["rehab.occupancy.report"]
            .with_user(self.manager_user)
            .export(self.facility, params)
        )
        log = log.with_env(self.env)
        return openpyxl.load_workbook(io.BytesIO(log.attachment_id.raw)), log

    @staticmethod
    def _table(ws, header_label):
        """{row label: {column label: value}} of the table headed ``header_label``
        in column B."""
        head = next(
            row
            for row in range(1, ws.max_row + 1)
            if ws.cell(row, 2).value == header_label
        )
        labels = {
            col: ws.cell(head, col).value
            for col in range(1, ws.max_column + 1)
            if ws.cell(head, col).value
        }
        table = {}
        for row in range(head + 1, ws.max_row + 1):
            label = ws.cell(row, 2).value
            if label is None:
                break
            table[label] = {
                name: ws.cell(row, col).value for col, name in labels.items()
            }
        return table


@tagged("post_install", "-at_install")
class TestVocationalSheet(FiguresCase):
    def test_vocational_sheet_matches_classes(self):
        # The workbook names the trades in Vietnamese.
        vi = self.env["rehab.occupancy.figures"]._report_lang()
        veg, sewing = (self.trade_veg | self.trade_sewing).with_context(lang=vi)
        res_a, res_d, res_g, res_f = (
            self._admitted(name) for name in ("A Nguyễn", "D Lê", "G Phạm", "F Ngô")
        )
        veg_class = self._short_class("Rau K1", date_end=date(2026, 11, 10))
        sewing_class = self._short_class(
            "May K1", trade_id=sewing.id, date_start=date(2026, 11, 12)
        )
        self._short_class("May K2", trade_id=sewing.id, state="planned")  # not run
        self._enroll(veg_class, res_a | res_d | res_g, date(2026, 11, 2))
        self._enroll(sewing_class, res_a | res_f, date(2026, 11, 12))
        first, second, third = (
            self._session(veg_class, day)
            for day in (date(2026, 11, 3), date(2026, 11, 4), date(2026, 11, 5))
        )
        # A two-hour sewing session: rates weigh hours, not marks.
        sewing_session = self._session(sewing_class, date(2026, 11, 13), 13.0, 15.0)
        instructor = self.instructor_user
        first.with_user(instructor).action_mark_all_present()
        first.with_user(instructor).action_confirm()
        lines = {line.resident_id: line.id for line in second.line_ids}
        second.with_user(instructor).action_mark(
            {lines[res_a]: "present", lines[res_d]: "late", lines[res_g]: "absent"}
        )
        second.with_user(instructor).action_confirm()
        lines = {line.resident_id: line.id for line in sewing_session.line_ids}
        sewing_session.with_user(instructor).action_mark({lines[res_f]: "excused"})
        sewing_session.with_user(instructor).action_confirm()
        self.assertEqual(third.state, "draft")  # not held: not counted
        enrollment_a = veg_class.enrollment_ids.filtered(
            lambda e: e.resident_id == res_a
        )
        enrollment_a.with_user(self.manager_user).action_set_pass()
        enrollment_a.with_user(self.manager_user).action_issue_certificate()

        d1, d2 = date(2026, 11, 1), TODAY
        book, log = self._export(d1, d2)
        self.assertEqual(
            book.sheetnames[:5],
            ["1. Hiện có", "2. Biến động", "3. Giường", VOCATIONAL_SHEET, "5. Sự cố"],
        )
        ws = book[VOCATIONAL_SHEET]
        summary = self._table(ws, "Chỉ tiêu")
        trades = self._table(ws, "Nghề")
        # Independent counts from the records.
        running = self.Class.search(
            [
                ("company_id", "=", self.facility.id),
                ("state", "in", ("running", "done")),
                ("date_start", "<=", d2),
                ("date_end", ">=", d1),
            ]
        )
        held = self.Session.search(
            [
                ("company_id", "=", self.facility.id),
                ("state", "=", "confirmed"),
                ("date", ">=", d1),
                ("date", "<=", d2),
            ]
        )
        values = [row["Số lượng"] for row in summary.values()]
        self.assertEqual(values[0], len(running))
        self.assertEqual(values[0], 2)
        self.assertEqual(values[1], len(running.enrollment_ids.resident_id))
        self.assertEqual(values[1], 4)  # A, in both trades, counted once
        self.assertEqual(values[2], len(held))
        self.assertEqual(values[2], 3)
        self.assertAlmostEqual(values[3], line_rate(held))
        # 3 + 2 of 6 four-hour marks, 1 of 2 two-hour marks (excused missed)
        self.assertAlmostEqual(values[3], 22 / 28)
        self.assertEqual(values[4], 1)
        self.assertEqual(
            list(summary),
            [
                "Số lớp đang tổ chức trong kỳ",
                "Số học viên theo học",
                "Số buổi học đã tổ chức",
                "Tỷ lệ chuyên cần bình quân",
                "Số chứng chỉ, giấy chứng nhận đã cấp",
            ],
        )
        self.assertEqual(
            list(trades),
            (veg | sewing).sorted(lambda t: (t.sequence, t.name)).mapped("name"),
        )
        self.assertEqual(trades[veg.name]["Số lớp"], 1)
        self.assertEqual(trades[veg.name]["Học viên"], 3)
        self.assertEqual(trades[veg.name]["Buổi học"], 2)
        self.assertAlmostEqual(trades[veg.name]["Tỷ lệ chuyên cần"], 20 / 24)
        self.assertAlmostEqual(
            trades[veg.name]["Tỷ lệ chuyên cần"], line_rate(first | second)
        )
        self.assertEqual(trades[veg.name]["Chứng chỉ đã cấp"], 1)
        self.assertEqual(trades[sewing.name]["Số lớp"], 1)
        self.assertEqual(trades[sewing.name]["Học viên"], 2)
        self.assertEqual(trades[sewing.name]["Buổi học"], 1)
        self.assertAlmostEqual(trades[sewing.name]["Tỷ lệ chuyên cần"], 0.5)
        self.assertEqual(trades[sewing.name]["Chứng chỉ đã cấp"], 0)
        # The export log keeps the block as named figures.
        block = log.figures["vocational"]
        self.assertEqual(block["sessions"], 3)
        by_trade = {row["trade"]: row for row in block["trades"]}
        self.assertEqual(by_trade[sewing.name]["sessions"], 1)
        self.assertEqual(by_trade[veg.name]["certificates"], 1)

    def test_sheet_inserted_after_beds(self):
        sheets = [
            block
            for block, __, __ in self.env[
                "report.rehab_facility.occupancy_xlsx"
            ]._sheets()
        ]
        self.assertEqual(sheets.index("vocational"), sheets.index("beds") + 1)
        self.assertLess(sheets.index("vocational"), sheets.index("incidents"))

    def test_empty_period_has_the_sheet_with_zeros(self):
        book, log = self._export(date(2026, 11, 1), date(2026, 11, 20))
        summary = self._table(book[VOCATIONAL_SHEET], "Chỉ tiêu")
        self.assertEqual([row["Số lượng"] for row in summary.values()], [0] * 5)
        self.assertEqual(log.figures["vocational"]["trades"], [])


@tagged("post_install", "-at_install")
class TestDashboardTile(FiguresCase):
    def test_attendance_tile_this_week(self):
        klass = self._class()
        residents = self._admitted_many(4)
        self._enroll(klass, residents)
        # Monday and Tuesday of this week; the Friday before does not count.
        last_week = self._session(klass, date(2026, 11, 20))
        monday = self._session(klass, date(2026, 11, 23))
        tuesday = self._session(klass, date(2026, 11, 24), 13.0, 15.0)
        self._session(klass, TODAY)  # draft: not held yet
        instructor = self.instructor_user
        for session, absent in ((last_week, 4), (monday, 1), (tuesday, 2)):
            marks = {line.id: "absent" for line in session.line_ids[:absent]}
            session.with_user(instructor).action_mark(marks)
            session.with_user(instructor).action_confirm()
        dashboard = self.env["rehab.dashboard"].with_user(self.auditor_user).create({})
        self.assertEqual(dashboard.sessions_week_count, 2)
        # The tile shows one decimal.
        self.assertAlmostEqual(
            dashboard.attendance_week_rate,
            100.0 * line_rate(monday | tuesday),
            places=1,
        )
        self.assertEqual(dashboard.attendance_week_rate, 66.7)  # 16 of 24 hours
        # The auditor reads no attendance line: the tile says so instead of
        # opening a list that would fail; the manager opens it.
        with self.assertRaises(AccessError):
            dashboard.action_open_attendance_week()
        action = dashboard.with_user(self.manager_user).action_open_attendance_week()
        self.assertEqual(action["res_model"], "rehab.attendance.line")
        self.assertEqual(
            self.Line.search(action["domain"]), (monday | tuesday).line_ids
        )
        arch = dashboard.get_view(
            self.env.ref("rehab_facility.rehab_dashboard_view_form").id
        )["arch"]
        self.assertIn('name="action_open_attendance_week"', arch)
        self.assertIn('name="attendance_week_rate"', arch)
        self.assertNotIn("vocational_installed", arch)


@tagged("post_install", "-at_install")
class TestSessionTotals(FiguresCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.klass = cls._class()
        cls.residents = cls._admitted_many(5)
        cls._enroll(cls.klass, cls.residents)
        cls.session = cls._session(cls.klass, date(2026, 11, 20), 7.5, 10.5)

    def _mark(self, user, statuses):
        lines = self.session.line_ids.sorted("id")
        self.session.with_user(user).action_mark(
            {line.id: status for line, status in zip(lines, statuses, strict=False)}
        )

    def test_totals_follow_marking_confirmation_and_corrections(self):
        instructor = self.instructor_user
        self._mark(instructor, ["absent", "late", "excused"])
        self.assertTotals(self.session, "a draft sheet counts nothing")
        self.assertEqual(self.session.held_hours_total, 0)
        self.session.with_user(instructor).action_confirm()
        self.assertTotals(self.session)
        self.assertEqual(
            (self.session.attended_hours_total, self.session.held_hours_total),
            (9.0, 15.0),  # 3 of 5 residents attended 3 hours
        )
        self._mark(instructor, ["present", "absent"])  # correction, not locked
        self.assertTotals(self.session)
        self.assertEqual(self.session.attended_hours_total, 9.0)
        # The form saves the sheet with a command per line.
        line = self.session.line_ids.sorted("id")[4]
        self.session.with_user(instructor).write(
            {"line_ids": [Command.update(line.id, {"status": "absent"})]}
        )
        self.assertTotals(self.session)
        self.assertEqual(self.session.attended_hours_total, 6.0)
        line.with_user(instructor).status = "late"  # a line written directly
        self.assertTotals(self.session)
        self.assertEqual(self.session.attended_hours_total, 9.0)

    def test_locked_sheet_corrected_by_a_manager_updates_the_totals(self):
        self.session.with_user(self.instructor_user).action_confirm()
        self.assertEqual(self.session.attended_hours_total, 15.0)
        with freeze_time("2026-11-28 05:00:00"):  # locked three days later
            self.session.invalidate_recordset(["locked"])
            with self.assertRefused(UserError, "Ask a facility manager"):
                self._mark(self.instructor_user, ["absent"])
            self.assertTotals(self.session, "a refused correction changes nothing")
            self.assertEqual(self.session.attended_hours_total, 15.0)
            self._mark(self.manager_user, ["absent", "excused"])
        self.assertTotals(self.session)
        self.assertEqual(self.session.attended_hours_total, 9.0)

    def test_cancelled_session_counts_nothing(self):
        self.session.with_user(self.instructor_user).action_cancel()
        self.assertTotals(self.session)
        self.assertEqual(self.session.held_hours_total, 0)

    def test_totals_cannot_be_written_by_hand(self):
        self.session.with_user(self.instructor_user).action_confirm()
        for user in (self.instructor_user, self.manager_user):
            with self.assertRefused(UserError, "cannot be changed by hand"):
                self.session.with_user(user).write({"held_hours_total": 99})
        self.assertTotals(self.session)


@tagged("post_install", "-at_install")
class TestRateSumsSessions(FiguresCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        klass = cls._class()
        cls._enroll(klass, cls._admitted_many(4))
        # 3 sessions from 02/11 to 04/11, 30 from 05/11 to 19/11 (two a day).
        days = [date(2026, 11, day) for day in range(2, 5)]
        cls.few = cls._held(klass, [(day, 7.5) for day in days])
        days = [date(2026, 11, day) for day in range(5, 20)]
        cls.many = cls._held(
            klass, [(day, start) for day in days for start in (7.5, 13.0)]
        )

    @classmethod
    def _held(cls, klass, slots):
        sessions = cls.Session.create(
            [
                {
                    "class_id": klass.id,
                    "date": day,
                    "time_start": start,
                    "time_end": start + 3,
                }  # fmt: skip
                for day, start in slots
            ]
        )
        for index, session in enumerate(sessions):
            line = session.line_ids.sorted("id")[index % 4]
            session.action_mark({line.id: "absent" if index % 2 else "late"})
        sessions.action_confirm()
        return sessions

    def _count(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = func()
        return self.env.cr.sql_log_count - before, result

    def test_query_count_does_not_grow_with_sessions(self):
        figures = self.env["rehab.occupancy.figures"]
        ids = [self.facility.id]

        def period(d1, d2):
            # The vocational block alone: other modules' blocks have their own
            # query-count tests.
            return lambda: figures._vocational_figures(ids, d1, d2)

        self._count(period(date(2026, 11, 2), date(2026, 11, 4)))  # warm caches
        few_count, few = self._count(period(date(2026, 11, 2), date(2026, 11, 4)))
        many_count, many = self._count(period(date(2026, 11, 5), date(2026, 11, 19)))
        self.assertEqual((few["sessions"], many["sessions"]), (3, 30))
        self.assertEqual(few_count, many_count)
        self.assertLessEqual(many_count, 3)
        self.assertAlmostEqual(few["attendance_rate"], line_rate(self.few))
        self.assertAlmostEqual(many["attendance_rate"], line_rate(self.many))
        self.assertAlmostEqual(
            many["trades"][0]["attendance_rate"], line_rate(self.many)
        )

    def test_rate_reads_the_sessions_totals(self):
        """The rate sums the sessions' stored totals, not their lines."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE rehab_training_session SET attended_hours_total = 0"
            " WHERE id = ANY(%s)",
            [self.few.ids],
        )
        figures = self.env["rehab.occupancy.figures"]._extra_period_figures(
            [self.facility.id], date(2026, 11, 2), date(2026, 11, 4)
        )
        self.assertEqual(figures["vocational"]["attendance_rate"], 0.0)
