from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import RehabCase, cccd


@tagged("post_install", "-at_install")
class TestIntakeWizard(RehabCase):
    """The intake desk's daily job, as the intake officer does it."""

    def _wizard(self, user=None):
        model = self.env["rehab.intake.wizard"].with_user(user or self.intake_user)
        return Form(model.with_company(self.facility))

    def _search(self, form, **identity):
        for field, value in identity.items():
            setattr(form, field, value)
        wizard = form.save()
        wizard.action_search()
        return wizard

    def _fill_order(self, wizard, bed=None, save=True, **values):
        form = Form(wizard)
        form.order_kind = values.pop("order_kind", "compulsory_adult")
        if form.order_kind.startswith("compulsory"):
            form.decision_number = "15/2026/QĐ-TA"
            form.decision_date = date(2026, 11, 20)
            form.decision_authority = "Tòa án nhân dân khu vực 1 - Quảng Ninh"
        form.admission_date = date(2026, 11, 24)
        for field, value in values.items():
            setattr(form, field, value)
        with form.belonging_ids.new() as line:
            line.name = "Điện thoại di động"
            line.description = "Màn hình nứt"
        with form.belonging_ids.new() as line:
            line.name = "Tiền mặt"
            line.quantity = 250000
            line.uom = "VND"
        if bed:
            form.bed_id = bed
        return form.save() if save else form

    def test_new_person_full_intake(self):
        birth = date(1990, 4, 2)
        wizard = self._search(
            self._wizard(),
            citizen_id=cccd("male", birth, "445566"),
            name="Hoàng Văn Mới",
            birthdate=birth,
            sex="male",
        )
        self.assertEqual(wizard.step, "details")
        self.assertFalse(wizard.candidate_ids)
        wizard = self._fill_order(wizard, bed=self.bed_c2)
        self.assertEqual(wizard.term_months, 24)
        action = wizard.with_user(self.intake_user).action_confirm()
        stay = self.env["rehab.stay"].browse(action["res_id"])
        self.assertEqual(stay.resident_id.name, "Hoàng Văn Mới")
        self.assertEqual(stay.resident_id.citizen_id, cccd("male", birth, "445566"))
        self.assertEqual(stay.state, "in_rehab")
        self.assertEqual(stay.current_bed_id, self.bed_c2)
        self.assertEqual(self.bed_c2.status, "occupied")
        self.assertEqual(stay.expected_release_date, date(2028, 11, 24))
        self.assertEqual(len(stay.belonging_ids), 2)
        self.assertEqual(
            stay.belonging_ids.mapped("deposit_date"), [date(2026, 11, 24)] * 2
        )

    def test_exact_citizen_id_reuses_the_person(self):
        known = self._resident("Đỗ Văn Cũ", serial="112233")
        old = self._stay(
            known,
            admission=date(2024, 2, 1),
            decision_date=date(2024, 2, 1),
            term=24,
            bed=self.bed_c1,
        )
        old._release()
        wizard = self._search(self._wizard(), citizen_id=known.citizen_id)
        self.assertEqual(wizard.step, "details")
        self.assertEqual(wizard.resident_id, known)
        self.assertEqual(wizard.name, "Đỗ Văn Cũ")
        wizard = self._fill_order(wizard, bed=self.bed_c2)
        self.assertTrue(wizard.is_relapse)
        self.assertEqual(wizard.term_months, 36)
        action = wizard.with_user(self.intake_user).action_confirm()
        stay = self.env["rehab.stay"].browse(action["res_id"])
        self.assertEqual(stay.resident_id, known)
        self.assertTrue(stay.is_relapse)
        self.assertEqual(stay.expected_release_date, date(2029, 11, 24))
        self.assertEqual(
            self.env["rehab.resident"].search_count(
                [("citizen_id", "=", known.citizen_id)]
            ),
            1,
        )

    def test_archived_earlier_stay_still_makes_a_relapse(self):
        known = self._resident("Đỗ Văn Lưu", serial="626262")
        old = self._stay(
            known,
            admission=date(2024, 2, 1),
            decision_date=date(2024, 2, 1),
            term=24,
            bed=self.bed_c1,
        )
        old._release()
        old.action_archive()
        wizard = self._search(self._wizard(), citizen_id=known.citizen_id)
        wizard = self._fill_order(wizard, bed=self.bed_c2)
        self.assertTrue(wizard.is_relapse)
        self.assertEqual(wizard.term_months, 36)
        action = wizard.with_user(self.intake_user).action_confirm()
        self.assertTrue(self.env["rehab.stay"].browse(action["res_id"]).is_relapse)

    def test_person_known_at_another_facility(self):
        elsewhere = self.env["rehab.resident"].create(
            {
                "name": "Trần Văn Xa",
                "sex": "male",
                "birthdate": date(1991, 1, 1),
                "citizen_id": cccd("male", date(1991, 1, 1), "818181"),
                "company_id": self.other_facility.id,
            }
        )
        form = self._wizard()
        form.citizen_id = elsewhere.citizen_id
        wizard = form.save()
        with self.assertRefused(UserError, "already recorded at Other Facility"):
            wizard.action_search()

    def test_fuzzy_name_match_ignores_accents(self):
        known = self._resident(
            "Nguyễn Văn Bình", birthdate=date(1988, 8, 8), serial="121212"
        )
        wizard = self._search(
            self._wizard(),
            name="Nguyen Van Binh",
            birthdate=date(1988, 8, 8),
            sex="male",
        )
        self.assertEqual(wizard.step, "candidates")
        self.assertIn(known, wizard.candidate_ids)
        self.assertEqual(wizard.candidate_ids[0], known)
        old = self._stay(
            known,
            admission=date(2024, 2, 1),
            decision_date=date(2024, 2, 1),
            term=24,
            bed=self.bed_c1,
        )
        old._release(date(2026, 2, 1))
        self.assertIn(
            f"{old.name} Compulsory rehab, adult (Law 73/2021), 01/02/2024 → "
            "01/02/2026 (Released)",
            wizard.candidate_ids[0].stay_summary,
        )

    def test_unrelated_name_is_not_a_candidate(self):
        self._resident("Nguyễn Văn Bình", birthdate=date(1988, 8, 8), serial="121212")
        wizard = self._search(
            self._wizard(),
            name="Trịnh Thị Quỳnh",
            birthdate=date(1992, 1, 1),
            sex="female",
        )
        self.assertEqual(wizard.step, "details")
        self.assertFalse(wizard.candidate_ids)

    def test_new_person_despite_candidate_needs_reason(self):
        known = self._resident(
            "Nguyễn Văn Bình", birthdate=date(1988, 8, 8), serial="121212"
        )
        birth = date(1988, 8, 8)
        wizard = self._search(
            self._wizard(),
            name="Nguyễn Văn Bình",
            birthdate=birth,
            sex="male",
            citizen_id=cccd("male", birth, "999000"),
        )
        self.assertEqual(wizard.candidate_ids, known)
        with self.assertRefused(UserError, "say why this is someone new"):
            wizard.action_continue()
        wizard.new_person_reason = "Different parents and home commune"
        wizard.action_continue()
        wizard = self._fill_order(wizard, bed=self.bed_c2)
        action = wizard.with_user(self.intake_user).action_confirm()
        stay = self.env["rehab.stay"].browse(action["res_id"])
        self.assertNotEqual(stay.resident_id, known)
        self.assertIn("Different parents", stay.resident_id.message_ids[0].body)

    def test_choosing_a_candidate_reuses_them(self):
        known = self._resident(
            "Nguyễn Văn Bình", birthdate=date(1988, 8, 8), serial="121212"
        )
        wizard = self._search(self._wizard(), name="Nguyen Van Binh")
        form = Form(wizard)
        form.resident_id = known
        self.assertEqual(form.birthdate, date(1988, 8, 8))
        wizard = form.save()
        wizard.action_continue()
        wizard = self._fill_order(wizard, bed=self.bed_c2)
        stay = self.env["rehab.stay"].browse(
            wizard.with_user(self.intake_user).action_confirm()["res_id"]
        )
        self.assertEqual(stay.resident_id, known)

    def test_invalid_citizen_id_stops_the_search(self):
        form = self._wizard()
        form.citizen_id = "02209012345"
        wizard = form.save()
        with self.assertRefused(ValidationError, "exactly 12 digits"):
            wizard.action_search()
        form = self._wizard()
        form.citizen_id = cccd("female", date(1990, 1, 1), "123456")
        form.sex = "male"
        form.birthdate = date(1990, 1, 1)
        wizard = form.save()
        with self.assertRefused(ValidationError, "recorded as male"):
            wizard.action_search()

    def test_only_fitting_free_beds_are_offered(self):
        self._stay(self._resident("Occupant", serial="555555"), bed=self.bed_c1)
        wizard = self._search(
            self._wizard(),
            name="Lâm Văn Giường",
            birthdate=date(1985, 1, 1),
            sex="male",
        )
        form = self._fill_order(wizard, save=False)
        beds = form.fitting_bed_ids
        self.assertIn(self.bed_c2, beds)
        self.assertNotIn(self.bed_c1, beds)  # occupied
        self.assertNotIn(self.bed_f1, beds)  # women's area
        self.assertNotIn(self.bed_v1, beds)  # voluntary area
        self.assertNotIn(self.bed_minor1, beds)  # minors' area

    def test_minor_is_offered_minor_beds_only(self):
        wizard = self._search(
            self._wizard(), name="Vũ Văn Thiếu", birthdate=date(2010, 6, 1), sex="male"
        )
        form = self._fill_order(
            wizard, order_kind="compulsory_minor", term_months=24, save=False
        )
        self.assertEqual(form.fitting_bed_ids[:], self.bed_minor1)

    def test_refused_intake_writes_nothing(self):
        """A compulsory order without its decision: nothing is half-written."""
        wizard = self._search(
            self._wizard(),
            name="Phùng Văn Thiếu",
            birthdate=date(1987, 1, 1),
            sex="male",
        )
        wizard = self._fill_order(wizard, order_kind="voluntary", bed=self.bed_v1)
        wizard.order_kind = "compulsory_adult"
        wizard.bed_id = self.bed_c2
        residents = self.env["rehab.resident"].search_count([])
        with self.assertRefused(ValidationError, "needs the court decision"):
            wizard.with_user(self.intake_user).action_confirm()
        self.assertEqual(self.env["rehab.resident"].search_count([]), residents)
        self.assertEqual(self.bed_c2.status, "free")

    def test_person_already_in_care_refused(self):
        known = self._resident("Đỗ Văn Đang", serial="313131")
        self._stay(known, bed=self.bed_c1)
        wizard = self._search(self._wizard(), citizen_id=known.citizen_id)
        wizard = self._fill_order(wizard, bed=self.bed_c2)
        with self.assertRefused(ValidationError, "already has an open stay"):
            wizard.with_user(self.intake_user).action_confirm()
        self.assertEqual(self.bed_c2.status, "free")

    def test_bed_required(self):
        wizard = self._search(
            self._wizard(), name="Không Giường", birthdate=date(1980, 1, 1), sex="male"
        )
        form = self._fill_order(wizard, save=False)
        with self.assertRaisesRegex(AssertionError, "bed_id is a required field"):
            form.save()
        wizard.write({"order_kind": "voluntary", "bed_id": False})
        with self.assertRefused(UserError, "Please fill in: Bed"):
            wizard.with_user(self.intake_user).action_confirm()

    def test_intake_officer_does_not_see_medical_screening(self):
        wizard = self._search(
            self._wizard(), name="Kín Đáo", birthdate=date(1980, 1, 1), sex="male"
        )
        form = Form(wizard.with_user(self.intake_user))
        self.assertNotIn("hiv_status", form._view["fields"])

    def test_medical_officer_screening_saved_to_resident(self):
        self.medical_user.groups_id += self.env.ref("rehab_facility.group_rehab_intake")
        birth = date(1983, 3, 3)
        wizard = self._search(
            self._wizard(self.medical_user),
            name="Hà Văn Khám",
            birthdate=birth,
            sex="male",
        )
        form = Form(wizard.with_user(self.medical_user))
        form.order_kind = "voluntary"
        form.admission_date = date(2026, 11, 24)
        form.hiv_status = "negative"
        form.intake_drug_test = "positive"
        form.intake_drug_test_detail = "Methamphetamine"
        form.bed_id = self.bed_v1
        wizard = form.save()
        action = wizard.with_user(self.medical_user).action_confirm()
        stay = self.env["rehab.stay"].browse(action["res_id"])
        self.assertEqual(stay.resident_id.hiv_status, "negative")
        self.assertEqual(stay.resident_id.intake_drug_test, "positive")

    def test_reception_minutes_render_in_vietnamese(self):
        stay = self._stay(
            self._resident("Lý Văn Biên", serial="717171"), bed=self.bed_c1
        )
        self.env["rehab.belonging"].create(
            {"stay_id": stay.id, "name": "Đồng hồ đeo tay", "quantity": 1}
        )
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "rehab_facility.action_report_reception_minutes", stay.ids
        )
        html = html.decode()
        self.assertIn("BIÊN BẢN TIẾP NHẬN", html)
        self.assertIn("Lý Văn Biên", html)
        self.assertIn("Đồng hồ đeo tay", html)
        self.assertIn("01/10/2028", html)  # expected release date
