"""Every user-facing string of our addons has a Vietnamese translation.

The terms are read from the installed modules exactly as Odoo's export
(`--i18n-export`) reads them, so a string added to a model, a view, a
wizard or a report without its translation in ``i18n/vi.po`` fails here.
"""

import re
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

ADDONS = Path(__file__).resolve().parent.parent / "addons"
MODULES = ("rehab_facility", "rehab_vocational")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


@tagged("post_install", "-at_install")
class TestVietnameseTranslation(TransactionCase):
    def _catalog(self, module):
        path = ADDONS / module / "i18n" / "vi.po"
        self.assertTrue(path.exists(), f"{path} is missing")
        return polib.pofile(str(path))

    def _sources(self, module):
        reader = TranslationModuleReader(self.env.cr, [module])
        return {source for __, __, __, __, source, __, __ in reader if source}

    def test_every_string_is_translated(self):
        for module in MODULES:
            with self.subTest(module=module):
                catalog = self._catalog(module)
                translated = {
                    entry.msgid
                    for entry in catalog
                    if entry.msgstr
                    and not entry.obsolete
                    and "fuzzy" not in entry.flags
                }
                missing = sorted(self._sources(module) - translated)
                self.assertFalse(
                    missing,
                    f"{len(missing)} strings of {module} have no Vietnamese "
                    f"translation in i18n/vi.po, e.g. {missing[:10]}",
                )

    def test_placeholders_survive_translation(self):
        for module in MODULES:
            catalog = self._catalog(module)
            for entry in catalog:
                if not entry.msgstr:
                    continue
                with self.subTest(module=module, msgid=entry.msgid[:60]):
                    self.assertEqual(
                        sorted(PLACEHOLDER.findall(entry.msgid)),
                        sorted(PLACEHOLDER.findall(entry.msgstr)),
                    )

    def test_catalog_declares_vietnamese(self):
        for module in MODULES:
            self.assertEqual(self._catalog(module).metadata.get("Language"), "vi")
