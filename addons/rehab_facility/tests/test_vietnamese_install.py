"""A fresh install is Vietnamese (issue 15, item 1): vi_VN active with every
module's terms, data records included; facilities and demo staff in vi_VN."""

import re
from datetime import date
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path, format_date
from odoo.tools.translate import TranslationModuleReader


@tagged("post_install", "-at_install")
class TestVietnameseInstall(TransactionCase):
    def test_vi_vn_active_and_data_translated(self):
        self.assertTrue(self.env["res.lang"]._lang_get("vi_VN").active)
        order = self.env.ref("rehab_facility.order_type_l120_compulsory_adult")
        self.assertNotEqual(
            order.with_context(lang="vi_VN").name,
            order.with_context(lang="en_US").name,
            "the order types (data records) have their Vietnamese names",
        )
        self.assertIn("bắt buộc", order.with_context(lang="vi_VN").name)

    def test_facilities_and_demo_staff_in_vietnamese(self):
        self.assertEqual(self.env.ref("base.main_company").partner_id.lang, "vi_VN")
        staff = self.env.ref("rehab_facility.user_intake", raise_if_not_found=False)
        if staff is None:
            self.skipTest("database without demo data")
        for xmlid in ("user_intake", "user_security", "user_manager"):
            self.assertEqual(self.env.ref(f"rehab_facility.{xmlid}").lang, "vi_VN")
        # English stays available per user.
        self.env.ref("rehab_facility.user_intake").lang = "en_US"
        self.assertEqual(self.env.ref("rehab_facility.user_intake").lang, "en_US")

    def test_demo_areas_in_vietnamese(self):
        area = self.env.ref("rehab_facility.area_cm", raise_if_not_found=False)
        if area is None:
            self.skipTest("database without demo data")
        english = re.compile(r"^(Room|Bed) |\barea\b|\b(men|women)$")
        for model in ("rehab.area", "rehab.room", "rehab.bed"):
            names = self.env[model].with_context(active_test=False).search([])
            self.assertFalse(
                [n for n in names.mapped("name") if english.search(n)],
                f"English demo names in {model}",
            )
        self.assertEqual(area.name, "Khu cai nghiện bắt buộc nam")
        bed = self.env.ref("rehab_facility.bed_cm3_3")
        self.assertEqual(
            bed.with_context(lang="vi_VN").display_name.split(" / ")[-1], "Giường 3"
        )

    def test_one_date_format_in_both_languages(self):
        """Messages and documents write dd/mm/yyyy: English screens too."""
        langs = self.env["res.lang"]
        vi, en = langs._lang_get("vi_VN"), langs._lang_get("en_US")
        self.assertEqual(vi.date_format, "%d/%m/%Y")
        self.assertEqual(en.date_format, vi.date_format)
        for lang in ("en_US", "vi_VN"):
            env = self.env(context={"lang": lang})
            self.assertEqual(format_date(env, date(2026, 2, 12)), "12/02/2026")

    def test_pot_templates_cover_every_term(self):
        """Odoo merges vi.po with i18n/<module>.pot when loading and drops every
        entry the template lacks: a stale .pot left 520 translations unloaded
        (the gate's visit kinds printed "Family visit"). Regenerate the .pot
        (odoo-bin --i18n-export) when adding terms."""
        modules = self.env["ir.module.module"].search(
            [("name", "=like", "rehab\\_%"), ("state", "=", "installed")]
        )
        for module in modules.mapped("name"):
            pot = Path(file_path(f"{module}/i18n/{module}.pot"))
            with self.subTest(module=module):
                template = {entry.msgid for entry in polib.pofile(str(pot))}
                reader = TranslationModuleReader(self.env.cr, [module])
                missing = sorted({row[4] for row in reader if row[4]} - template)
                self.assertFalse(
                    missing,
                    f"{len(missing)} terms of {module} are not in {pot.name}, "
                    f"e.g. {missing[:5]}",
                )

    def test_late_terms_are_loaded(self):
        """Selection labels added after the first .pot are Vietnamese too."""
        env = self.env(context={"lang": "vi_VN"})
        kinds = dict(env["rehab.visit"]._fields["kind"]._description_selection(env))
        self.assertEqual(kinds["regular"], "Thăm gặp")
