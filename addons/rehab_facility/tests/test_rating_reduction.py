"""Monthly rating sheets and the conditions of a court reduction
(Decree 116/2021 Art. 58), as the counsellor, the director and the intake desk."""

from datetime import date, datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .pathway_common import PathwayCase

ADMISSION = date(2026, 1, 30)  # 12 months: half the term served on 31/07/2026
DECISION = {
    "number": "88/2026/QĐ-TA",
    "date": date(2026, 8, 15),
    "authority": "Tòa án nhân dân khu vực 1",
}


@tagged("post_install", "-at_install")
class TestRatingReduction(PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.bed_c4,) = cls._beds(cls.area_compulsory_m, 1)
        names = ("Đỗ Văn An", "Bùi Văn Bình", "Lý Văn Cường", "Vũ Văn Dũng")
        beds = (cls.bed_c1, cls.bed_c2, cls.bed_c3, cls.bed_c4)
        cls.good, cls.escaped, cls.average, cls.merit = (
            cls._admitted(cls._resident(name, serial=f"0001{i}0"), ADMISSION, bed)
            for i, (name, bed) in enumerate(zip(names, beds, strict=True))
        )
        # One day away in March: the half-term day moves to 01/08/2026.
        absence = cls._send_away(cls.escaped, start="2026-03-10 03:00:00")
        absence.with_user(cls.security_user).action_return(
            datetime(2026, 3, 11, 3, 0), "brought_back"
        )
        cls.env["rehab.reward"].with_user(cls.security_user).create(
            {
                "resident_id": cls.merit.resident_id.id,
                "kind": "merit",
                "date": date(2026, 6, 10),
                "decision_number": "5/QĐ-KT",
                "reason": "Cứu người trong vụ cháy",
            }
        )

    def _rate_months(self, months, overrides=None):
        for month in months:
            sheet = self._sheet(self.area_compulsory_m, month)
            levels = {
                s: "kha" for s in (self.good, self.escaped, self.average, self.merit)
            }
            levels.update((overrides or {}).get(month, {}))
            self._rate_all(sheet, levels)

    # -------------------------------------------------------------- the sheet
    def test_sheet_lists_the_area_and_locks_on_approval(self):
        sheet = self._sheet(self.area_compulsory_m, date(2026, 5, 17))
        self.assertEqual(sheet.month, date(2026, 5, 1))
        self.assertEqual(
            set(sheet.rating_ids.mapped("stay_id").ids),
            {self.good.id, self.escaped.id, self.average.id, self.merit.id},
        )
        with self.assertRefused(
            Exception, "rating_sheet_area_month_unique|one rating sheet"
        ):
            self._sheet(self.area_compulsory_m, date(2026, 5, 1))
        with self.assertRefused(ValidationError, "has not begun"):
            self._sheet(self.area_compulsory_f, date(2026, 12, 1))
        with self.assertRefused(ValidationError, "Rate every resident"):
            sheet.propose()
        line = sheet.rating_ids.filtered(lambda r: r.stay_id == self.average)
        sheet.rating_ids.write({"level_id": self.level["tot"].id})
        line.write({"level_id": self.level["kem"].id})
        with self.assertRefused(ValidationError, "Say why these residents"):
            sheet.propose()
        line.comment = "Đánh nhau"
        with self.assertRefused(UserError, "cannot be changed by hand"):
            sheet.write({"state": "approved"})
        sheet.propose()
        self.assertEqual(sheet.proposed_by_id, self.counsellor_user)
        with self.assertRefused(UserError, "cannot be changed by hand"):
            line.write({"level_id": self.level["tot"].id})
        with self.assertRefused(AccessError, "Only the director"):
            sheet.approve()
        sheet.with_user(self.manager_user).approve()
        self.assertEqual(sheet.state, "approved")
        self.assertEqual(self.average.rating_ids.level_id, self.level["kem"])
        for user in (self.security_user, self.instructor_user):
            with self.assertRefused(AccessError, "not allowed"):
                self._sheet(self.area_compulsory_f, date(2026, 5, 1), user=user)

    def test_away_the_whole_month_is_marked_not_rated(self):
        self._send_away(self.good, kind="suspension", start="2026-09-25 03:00:00")
        sheet = self._sheet(self.area_compulsory_m, date(2026, 10, 1))
        line = sheet.rating_ids.filtered(lambda r: r.stay_id == self.good)
        self.assertTrue(line.away)
        self.assertFalse(
            sheet.rating_ids.filtered(lambda r: r.stay_id != self.good).mapped("away")[
                0
            ]
        )
        with self.assertRefused(ValidationError, "away the whole month"):
            line.write({"level_id": self.level["kha"].id})
        self._rate_all(
            sheet, {s: "kha" for s in (self.escaped, self.average, self.merit)}
        )
        self.assertEqual(sheet.state, "approved")

    def test_missing_sheet_raises_an_activity(self):
        self.env["rehab.rating.sheet"]._cron_rating_sheets()
        sheet = self.env["rehab.rating.sheet"].search(
            [
                ("area_id", "=", self.area_compulsory_m.id),
                ("month", "=", date(2026, 10, 1)),
            ]
        )
        self.assertEqual(len(sheet.rating_ids), 4)
        self.assertEqual(
            sheet.activity_ids.activity_type_id,
            self.env.ref("rehab_facility.mail_activity_rating_sheet"),
        )
        self.assertEqual(
            sheet.activity_ids.user_id, self.facility._rehab_managers()[:1]
        )
        # Areas without residents get no sheet.
        self.assertFalse(
            self.env["rehab.rating.sheet"].search(
                [("area_id", "=", self.area_compulsory_f.id)]
            )
        )

    # ------------------------------------------------------- Art. 58 facts
    def test_eligibility_on_the_exact_boundaries(self):
        self._rate_months(
            [date(2026, 5, 1), date(2026, 6, 1), date(2026, 7, 1)],
            {date(2026, 6, 1): {self.average: "trung_binh"}},
        )
        stays = self.good | self.escaped | self.average | self.merit
        self.assertEqual(self.good._half_term_date(), date(2026, 7, 31))
        self.assertEqual(self.escaped._half_term_date(), date(2026, 8, 1))
        july = stays._reduction_facts(date(2026, 7, 31))
        self.assertTrue(july[self.good.id]["eligible"])
        self.assertEqual(july[self.good.id]["bounds"], [(1, 3)])
        self.assertFalse(july[self.escaped.id]["half_served"])  # one day short
        self.assertFalse(july[self.average.id]["eligible"])
        self.assertEqual(july[self.merit.id]["bounds"], [(1, 3), (3, 6)])
        june = stays._reduction_facts(date(2026, 6, 30))
        self.assertFalse(any(f["eligible"] for f in june.values()))  # half not served

    def test_proposal_to_the_court(self):
        self.env["res.lang"]._activate_lang("vi_VN")
        self.manager_user.lang = "en_US"
        self._rate_months(
            [date(2026, 5, 1), date(2026, 6, 1), date(2026, 7, 1)],
            {date(2026, 6, 1): {self.average: "trung_binh"}},
        )
        with self.assertRefused(AccessError, "Only the director"):
            self.env["rehab.reduction.proposal"].with_user(self.counsellor_user).create(
                {"month": date(2026, 7, 1)}
            )
        proposal = (
            self.env["rehab.reduction.proposal"]
            .with_user(self.manager_user)
            .create(
                {
                    "month": date(2026, 7, 9),
                    "court_name": "Tòa án nhân dân khu vực 1 - Quảng Ninh",
                }
            )
        )
        self.assertEqual(proposal.date, date(2026, 7, 31))
        self.assertEqual(proposal.line_ids.stay_id, self.good | self.merit)
        merit_line = proposal.line_ids.filtered(lambda rec: rec.stay_id == self.merit)
        self.assertEqual((merit_line.months_min, merit_line.months_max), (1, 6))
        good_line = proposal.line_ids - merit_line
        with self.assertRefused(ValidationError, "may be proposed 1 to 3 months"):
            good_line.with_user(self.manager_user).write({"months_proposed": 5})
        with self.assertRefused(ValidationError, "between 0 and 6"):
            merit_line.with_user(self.manager_user).write({"months_proposed": 7})
        html = (
            self.env["ir.actions.report"]
            .with_user(self.manager_user)
            ._render_qweb_html(
                "rehab_facility.report_reduction_proposal", proposal.ids
            )[0]
            .decode()
        )
        for text in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "VĂN BẢN ĐỀ NGHỊ",
            "Đỗ Văn An",
            "Vũ Văn Dũng",
            "31/07/2026",
            "Điều 58 Nghị định số 116/2021/NĐ-CP",
        ):
            self.assertIn(text, html)
        self.assertNotIn("Bùi Văn Bình", html)
        self.assertIn("Số: ......../........", html)
        self.assertVietnameseDocument(html, proposal, *proposal.line_ids.stay_id)
        with self.assertRefused(UserError, "cannot be changed by hand"):
            proposal.with_user(self.manager_user).write(
                {"document_number": "12/ĐN-CSCN"}
            )
        self.env.company.sudo().rehab_director_name = "Nguyễn Văn Giám"
        proposal.with_user(self.manager_user).confirm()
        with self.assertRefused(UserError, "cannot be changed by hand"):
            merit_line.with_user(self.manager_user).write({"months_proposed": 2})
        # Numbered from the facility's register when sent, in the Decree 30 form.
        self.assertRegex(proposal.document_number, r"^\d{4}/ĐN-CSCN$")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.manager_user)
            ._render_qweb_html(
                "rehab_facility.report_reduction_proposal", proposal.ids
            )[0]
            .decode()
        )
        self.assertIn(f"Số: {proposal.document_number}", html)
        self.assertIn("Nguyễn Văn Giám", html)

    def test_court_answer_checks_art_58(self):
        self._rate_months([date(2026, 5, 1), date(2026, 6, 1), date(2026, 7, 1)])
        as_intake = self.good.with_user(self.intake_user)
        with self.assertRefused(UserError, "outside what Art. 58 allows here"):
            as_intake.record_court_decision("reduction", DECISION, months=4)
        as_intake.record_court_decision("reduction", DECISION, months=3)
        self.assertEqual(self.good.expected_release_date, date(2026, 10, 30))
        self.assertFalse(self.good.reduction_override_reason)
        # The escaped resident: one day short at the end of July.
        as_intake = self.escaped.with_user(self.intake_user)
        with self.assertRefused(
            UserError, "half the term is served only on 01/08/2026"
        ):
            as_intake.record_court_decision("reduction", DECISION, months=1)
        self.assertFalse(
            self.escaped.adjustment_ids.filtered(
                lambda rec: rec.kind == "court_reduction"
            )
        )
        as_intake.record_court_decision(
            "reduction",
            DECISION,
            months=1,
            override_reason="Tòa án quyết định theo hồ sơ bổ sung",
        )
        self.assertEqual(
            self.escaped.reduction_override_reason,
            "Tòa án quyết định theo hồ sơ bổ sung",
        )
        self.assertIn(
            "Tòa án quyết định theo hồ sơ bổ sung", self.escaped.message_ids[0].body
        )
        # Once August is rated and approved, the escaped resident qualifies.
        self._rate_months([date(2026, 8, 1)])
        facts = self.escaped._reduction_facts(date(2026, 8, 31))[self.escaped.id]
        self.assertTrue(facts["eligible"])

    def test_same_query_count_for_35_and_350_residents(self):
        counts = []
        for size, (area, serial) in ((35, ("A", 2)), (350, ("B", 3))):
            area = self._area(f"Đội {area}", "compulsory", "male")
            beds = self._beds(area, size)
            stays = self.env["rehab.stay"]
            for i, bed in enumerate(beds):
                stays |= self._admitted(
                    self._resident(f"Học viên {serial}-{i}", serial=f"{serial}{i:05d}"),
                    date(2026, 9, 1),
                    bed,
                    term=24,
                )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            sheet = self._sheet(area, date(2026, 10, 1))
            sheet.rating_ids.search_read(
                [("sheet_id", "=", sheet.id)],
                ["resident_name", "level_id", "comment", "away"],
            )
            sheet.rating_ids.write({"level_id": self.level["kha"].id})
            sheet.propose()
            sheet.with_user(self.manager_user).approve()
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(len(sheet.rating_ids), size)
        self.assertLessEqual(counts[1], counts[0] + 5, counts)
