"""One Vietnamese wording per legal term (issue 15, item 3).

docs/glossary.md is the reference: for each selection value its English label
and official Vietnamese wording. The interface (vi.po translations of the
selection labels), the report workbook (labels read from the same selections
in vi_VN) and the documents must print the same words. Found when the UI
called High "Nghiêm trọng" and the workbook "Cao".
"""

import os
from datetime import date

from odoo.tests import tagged

from .gate_common import GateCase

GLOSSARY = os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "docs", "glossary.md"
)


def _tables():
    """The glossary's table rows (cells), by section title."""
    sections, title = {}, None
    with open(GLOSSARY, encoding="utf-8") as glossary:
        for line in glossary:
            line = line.strip()
            if line.startswith("## "):
                title = line[3:]
                sections[title] = []
            elif line.startswith("|") and title and not line.startswith("|---"):
                sections[title].append([c.strip() for c in line.strip("|").split("|")])
    return {name: rows[1:] for name, rows in sections.items()}  # no header


@tagged("post_install", "-at_install")
class TestGlossary(GateCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not os.path.exists(GLOSSARY):
            return
        cls.tables = _tables()
        cls.selections = cls.tables["Selection values"]
        cls.documents = cls.tables["Documents"]
        cls.intake_user.lang = "en_US"
        cls.facility.write(
            {
                "rehab_superior_authority": "CÔNG AN TỈNH QUẢNG NINH",
                "rehab_place_name": "Quảng Ninh",
            }
        )

    def setUp(self):
        super().setUp()
        if not os.path.exists(GLOSSARY):
            self.skipTest("docs/glossary.md is not shipped with this checkout")

    def _labels(self, model, field, lang):
        env = self.env(context={"lang": lang})
        return dict(env[model]._fields[field]._description_selection(env))

    def test_glossary_lists_the_legal_selections(self):
        fields = {(row[0], row[1]) for row in self.selections}
        for model, field in (
            ("rehab.order.type", "kind"),
            ("rehab.stay", "release_reason"),
            ("rehab.incident", "severity"),
            ("rehab.resident", "sex"),
            ("rehab.resident", "legal_record"),
        ):
            values = self._labels(f"{model}", field, "en_US")
            missing = [v for v in values if (f"{model}.{field}", v) not in fields]
            self.assertFalse(missing, f"{model}.{field} values not in the glossary")

    def test_ui_and_vi_po_use_the_glossary_words(self):
        for name, value, english, vietnamese, __ in self.selections:
            model, field = name.rsplit(".", 1)
            with self.subTest(field=name, value=value):
                self.assertEqual(self._labels(model, field, "en_US")[value], english)
                self.assertEqual(self._labels(model, field, "vi_VN")[value], vietnamese)

    def test_workbook_uses_the_glossary_words(self):
        labels = self.env["report.rehab_facility.occupancy_xlsx"]._labels()
        words = {(row[0], row[1]): row[3] for row in self.selections}
        for key, name in (
            ("kinds", "rehab.order.type.kind"),
            ("sexes", "rehab.resident.sex"),
            ("severities", "rehab.incident.severity"),
        ):
            with self.subTest(labels=key):
                self.assertEqual(
                    dict(labels[key]),
                    {v: w for (n, v), w in words.items() if n == name},
                )
        decreases = dict(labels["decreases"])
        for (name, value), word in words.items():
            if name == "rehab.stay.release_reason":
                self.assertEqual(decreases[f"release_{value}"], word)
        self.assertIn("Nghiêm trọng", dict(labels["severities"]).values())
        self.assertNotIn("Cao", dict(labels["severities"]).values())

    def _render(self, report, records, user):
        html, __ = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(report, records.ids)
        )
        return html.decode()

    def test_documents_print_the_glossary_words_for_an_english_user(self):
        """Titles, and the selection words a document prints (sex)."""
        titles = {row[0]: row[2] for row in self.documents}
        words = {(row[0], row[1]): row[3] for row in self.selections}
        stay = self.stay.with_user(self.intake_user)
        stay.issue_document("reception")
        html = self._render(
            "rehab_facility.report_reception_minutes", stay, stay.env.user
        )
        self.assertIn(titles["rehab_facility.report_reception_minutes"], html)
        self.assertIn(f">{words['rehab.resident.sex', self.resident.sex]}<", html)
        self.assertNotIn(
            f">{self._labels('rehab.resident', 'sex', 'en_US')[self.resident.sex]}<",
            html,
        )

    def test_gate_list_in_the_official_layout_for_an_english_user(self):
        slot = self._slot(date(2026, 11, 25), hour=14, hours=2)
        self._book(self.mother, slot)
        visits = self.env["rehab.visit"].search(
            self.env["rehab.visit"]._gate_list_domain(company=self.facility)
        )
        self.security_user.lang = "en_US"
        html = self._render(
            "rehab_facility.report_visit_gate_list", visits, self.security_user
        )
        title = {row[0]: row[2] for row in self.documents}[
            "rehab_facility.report_visit_gate_list"
        ]
        for text in (
            title,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số: ......../DS-CSCN",
            "Ngày 25/11/2026",
            "14:00 - 16:00",  # the facility's time, not UTC (07:00)
            self._labels("rehab.visit", "kind", "vi_VN")["regular"],
        ):
            self.assertIn(text, html)
        self.assertIn(", ngày 25 tháng 11 năm 2026", html)
        self.assertNotIn(">Family visit<", html)
        self.assertNotIn("07:00 -", html)

    def test_workbook_recipient_names_the_province(self):
        """'Kính gửi: … Công an tỉnh Quảng Ninh', not a bare 'Công an tỉnh'."""
        self.facility.write(
            {
                "rehab_province_id": self.env.ref("rehab_facility.province_22").id,
                "rehab_report_recipient": False,
            }
        )
        wizard = (
            self.env["rehab.report.export.wizard"]
            .with_user(self.manager_user)
            .new({"company_id": self.facility.id})
        )
        self.assertTrue(wizard.recipient.endswith("Công an tỉnh Quảng Ninh"))
        self.facility.rehab_province_id = self.env.ref("rehab_facility.province_01")
        self.assertEqual(self.facility._rehab_police_name(), "Công an thành phố Hà Nội")
        self.facility.rehab_province_id = False
        self.assertEqual(self.facility._rehab_police_name(), "")
