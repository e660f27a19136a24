"""The vocational certificate is an official Vietnamese document (issue 15):
Vietnamese whatever the printing user's language, in the facility's official
layout, hours without decimals; its PDF carries the text in the shipped serif."""

import io
import re
from datetime import date

from PyPDF2 import PdfReader

from odoo.tests import tagged

from .common import VocationalCase

REPORT = "rehab_vocational.report_training_certificate"


@tagged("post_install", "-at_install")
class TestCertificateDocument(VocationalCase):
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
        cls.manager_user.lang = "en_US"
        cls.klass = cls._short_class(required_hours=4)
        cls.trainee = cls._admitted()
        cls.enrollment = cls._enroll(cls.klass, cls.trainee)
        cls._session(cls.klass, date(2026, 11, 23)).action_confirm()
        cls.enrollment.action_set_pass()
        cls.enrollment.with_user(cls.manager_user).action_issue_certificate()

    def test_certificate_in_vietnamese_for_an_english_user(self):
        html, __ = (
            self.env["ir.actions.report"]
            .with_user(self.manager_user)
            ._render_qweb_html(REPORT, self.enrollment.ids)
        )
        html = " ".join(html.decode().split())
        for text in (
            "CÔNG AN TỈNH QUẢNG NINH",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            f"Số: {self.enrollment.certificate_number}",
            "Quảng Ninh, ngày",
            "GIẤY CHỨNG NHẬN HOÀN THÀNH KHÓA ĐÀO TẠO",
            self.trade_veg.with_context(lang="vi_VN").name,
            "4 giờ",
            "Phạm Văn Giám",
            "Nơi nhận:",
            "Người được cấp",
        ):
            self.assertIn(text, html)
        english_trade = self.trade_veg.with_context(lang="en_US").name
        if english_trade != self.trade_veg.with_context(lang="vi_VN").name:
            self.assertNotIn(english_trade, html)
        self.assertIsNone(re.search(r"\d\.0(?!\d)", html), "no float quantity")
        self.assertRegex(self.enrollment.certificate_number, r"^\d{4}/CC-CSCN$")

    def test_certificate_pdf_text(self):
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager_user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, self.enrollment.ids)
        )
        self.assertEqual(kind, "pdf")
        reader = PdfReader(io.BytesIO(pdf))
        text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text)
        self.assertIn("GIẤY CHỨNG NHẬN HOÀN THÀNH KHÓA ĐÀO TẠO", text)
        self.assertIn(self.trainee.name.upper(), text)  # printed in capitals
