"""Every document prints in Vietnamese and in the official layout (issue 15).

Found by printing as an English-speaking user: the reception minutes showed
"Compulsory rehab, adult (Law 120/2025)", the handover minutes the unit
"item", quantities "350000.0" and "1.0", the stay reference as the number and
"sắp chấp hành xong" after the date had passed.
"""

import io
import re
from datetime import date, datetime

from PyPDF2 import PdfReader

from odoo.tests import tagged

from .common import RehabCase

REPORTS = {
    "reception": "rehab_facility.report_reception_minutes",
    "notice": "rehab_facility.report_release_notice",
    "certificate": "rehab_facility.report_release_certificate",
    "handover": "rehab_facility.report_release_handover",
}
FLOAT_QUANTITY = re.compile(r"\d\.0(?!\d)")


def _words(text):
    return " ".join(text.split())


@tagged("post_install", "-at_install")
class TestOfficialDocuments(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.facility.write(
            {
                "rehab_superior_authority": "CÔNG AN TỈNH QUẢNG NINH",
                "rehab_place_name": "Quảng Ninh",
                "rehab_director_name": "Phạm Văn Giám",
            }
        )
        cls.users = cls.intake_user | cls.manager_user
        cls.users.write({"lang": "en_US"})
        commune = cls.env["rehab.commune"].create(
            {
                "code": "99015",
                "name": "Xã Văn Bản",
                "province_id": cls.env.ref("rehab_facility.province_22").id,
            }
        )
        cls.stay = cls._stay(
            cls._resident("Lê Văn Mẫu", serial="415001", commune_id=commune.id),
            bed=cls.bed_c1,
            received_at=datetime(2026, 10, 1, 2, 30),  # 09:30 in Vietnam
            delivered_by_unit="Công an phường Hồng Gai",
            delivered_by_name="Trần Văn Giao",
            delivered_by_position="Trung úy",
            received_documents="Quyết định số 12/2026/QĐ-TA và hồ sơ kèm theo",
        )
        cls.stay.with_user(cls.intake_user).deposit_belongings(
            [
                {"name": "Tiền mặt", "quantity": 350000, "uom": "VND"},
                {"name": "Điện thoại", "quantity": 1, "uom": "item"},
            ]
        )
        cls.done = cls._stay(
            cls._resident("Trần Văn Xong", serial="415002", commune_id=commune.id),
            admission=date(2024, 10, 1),
            decision_date=date(2024, 10, 1),
            term=24,
            bed=cls.bed_c2,
        )
        cls._discharge(
            cls.done,
            reason="completed",
            release_date=date(2026, 10, 1),
            destination_commune_id=commune.id,
            receiver_relationship="Mẹ",
        )

    def _html(self, document, stay, user):
        stay = stay.with_user(user)
        stay.issue_document(document)
        html, __ = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(REPORTS[document], stay.ids)
        )
        return html.decode()

    def _english_labels(self, stay):
        """What an English label of this stay would print."""
        en = stay.with_context(lang="en_US")
        sexes = dict(en.resident_id._fields["sex"]._description_selection(en.env))
        return [en.order_type_id.name, f">{sexes[en.resident_id.sex]}<", ">item<"]

    def test_every_document_in_vietnamese_for_an_english_user(self):
        cases = (
            ("reception", self.stay, self.intake_user),
            ("notice", self.stay, self.intake_user),
            ("certificate", self.done, self.manager_user),
            ("handover", self.done, self.manager_user),
        )
        vi_order = self.stay.with_context(lang="vi_VN").order_type_id.name
        self.assertNotEqual(
            vi_order,
            self.stay.with_context(lang="en_US").order_type_id.name,
            "the order types have their Vietnamese names",
        )
        for document, stay, user in cases:
            with self.subTest(document=document):
                self.assertEqual(user.lang, "en_US")
                html = self._html(document, stay, user)
                self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", html)
                self.assertIn("Độc lập - Tự do - Hạnh phúc", html)
                self.assertIn("CÔNG AN TỈNH QUẢNG NINH", html)
                self.assertIn("Quảng Ninh, ngày", html)
                number = stay[f"{document}_number"]
                self.assertTrue(number)
                self.assertIn(f"Số: {number}", html)
                self.assertNotIn(f"Số: {stay.name}", html)
                # Decree 30/2020 Annex I: number/kind-issuer, and the
                # recipients bottom-left on every document, minutes included.
                self.assertRegex(number, r"^\d{4}/[A-Z]+-CSCN$")
                self.assertIn("Nơi nhận:", html)
                self.assertIn("Lưu: VT, hồ sơ học viên", html)
                self.assertIn(stay.with_context(lang="vi_VN").order_type_id.name, html)
                for label in self._english_labels(stay):
                    self.assertNotIn(label, html)
                self.assertIsNone(FLOAT_QUANTITY.search(html), document)

    def test_reception_minutes_say_who_delivered_what_and_when(self):
        html = _words(self._html("reception", self.stay, self.intake_user))
        self.assertIn("Vào hồi 09 giờ 30 phút, ngày 01/10/2026", html)
        self.assertIn("Quảng Ninh, ngày 01 tháng 10 năm 2026", html)
        self.assertIn("Công an phường Hồng Gai", html)
        self.assertIn("Trần Văn Giao", html)
        self.assertIn("Trung úy", html)
        self.assertIn("Quyết định số 12/2026/QĐ-TA và hồ sơ kèm theo", html)
        self.assertIn(">350.000<", html)
        self.assertIn(">đồng<", html)
        self.assertIn(">1<", html)
        self.assertIn(">cái<", html)
        self.assertRegex(self.stay.reception_number, r"BBTN")

    def test_notice_words_itself_by_the_date(self):
        """Ahead of the release date: 'sắp'; issued after it: 'đã'."""
        html = _words(self._html("notice", self.stay, self.intake_user))
        self.assertIn("sắp chấp hành xong", html)
        self.assertNotIn("đã chấp hành xong thời gian", html)
        late = self._stay(
            self._resident(
                "Đỗ Văn Muộn",
                serial="415003",
                commune_id=self.stay.resident_id.commune_id.id,
            ),
            admission=date(2024, 10, 1),
            decision_date=date(2024, 10, 1),
            term=24,
            bed=self.bed_c3,
        )
        self.assertLess(late.expected_release_date, self.facility.rehab_today())
        html = _words(self._html("notice", late, self.intake_user))
        self.assertIn("đã chấp hành xong thời gian cai nghiện", html)
        self.assertNotIn("sắp chấp hành xong", html)

    def test_pdf_text_is_vietnamese_in_one_font(self):
        stay = self.done.with_user(self.manager_user)
        stay.issue_document("handover")
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager_user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORTS["handover"], stay.ids)
        )
        self.assertEqual(kind, "pdf")
        reader = PdfReader(io.BytesIO(pdf))
        text = _words(" ".join(page.extract_text() for page in reader.pages))
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text)
        self.assertIn("BIÊN BẢN BÀN GIAO", text)
        self.assertIn(f"Số: {stay.handover_number}", text)
        self.assertIn("Trần Văn Xong", text)
        fonts = set()
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                fonts.add(
                    str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1]
                )
        self.assertEqual(fonts, {"Tinos", "Tinos-Bold"}, "one serif, no fallback")

    def test_formats(self):
        fmt = self.env["rehab.document.format"]
        self.assertEqual(fmt.date_words(date(2026, 2, 5)), "ngày 05 tháng 02 năm 2026")
        self.assertEqual(
            fmt.date_words(date(2026, 12, 15)), "ngày 15 tháng 12 năm 2026"
        )
        self.assertEqual(fmt.date_words(date(2026, 3, 9)), "ngày 09 tháng 3 năm 2026")
        self.assertEqual(fmt.date(date(2026, 2, 12)), "12/02/2026")
        self.assertEqual(fmt.number(350000.0), "350.000")
        self.assertEqual(fmt.number(1.0), "1")
        self.assertEqual(fmt.number(1.5), "1,5")
        self.assertEqual(fmt.money(1234567), "1.234.567 đồng")
        self.assertEqual(fmt.unit("item"), "cái")
        self.assertEqual(fmt.unit("VND"), "đồng")
        self.assertEqual(
            fmt.time_words(self.facility, datetime(2026, 10, 1, 17, 5)),
            "00 giờ 05 phút, ngày 02/10/2026",
        )


# Where each document is printed by an English-speaking user and checked
# (assertVietnameseDocument or the tests above); a new document must be added.
DOCUMENT_TESTS = {
    "rehab_facility.report_reception_minutes": "test_official_documents",
    "rehab_facility.report_release_notice": "test_official_documents",
    "rehab_facility.report_release_certificate": "test_official_documents",
    "rehab_facility.report_release_handover": "test_official_documents",
    "rehab_facility.report_visit_gate_list": "test_glossary",
    "rehab_facility.report_individual_plan": "test_individual_plan",
    "rehab_facility.report_reduction_proposal": "test_rating_reduction",
    "rehab_facility.report_transfer_handover": "test_transfer",
    "rehab_vocational.report_training_certificate": "test_certificate_document",
    "rehab_vocational.report_session_attendance": "test_sheet_lock",
}


@tagged("post_install", "-at_install")
class TestEveryDocumentIsChecked(RehabCase):
    def test_every_document_has_its_english_user_test(self):
        reports = self.env["ir.actions.report"].search(
            [("report_name", "=like", "rehab\\_%"), ("report_type", "like", "qweb")]
        )
        self.assertTrue(reports)
        missing = sorted(set(reports.mapped("report_name")) - set(DOCUMENT_TESTS))
        self.assertFalse(
            missing, "documents never printed by an English-speaking user in a test"
        )
