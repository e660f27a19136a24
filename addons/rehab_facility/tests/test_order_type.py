from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import RehabCase


@tagged("post_install", "-at_install")
class TestOrderType(RehabCase):
    def test_version_in_force_on_decision_date(self):
        """A stay takes the order type of the law in force on its decision date."""
        old = self.order_types._find_for_date("compulsory_adult", date(2026, 6, 30))
        new = self.order_types._find_for_date("compulsory_adult", date(2026, 7, 1))
        self.assertEqual(old.regime, "law_73_2021")
        self.assertEqual((old.term_min_months, old.term_max_months), (12, 24))
        self.assertEqual(new.regime, "law_120_2025")
        self.assertEqual(new._term_bounds(relapse=False), (24, 24, 24))
        self.assertEqual(new._term_bounds(relapse=True), (36, 36, 36))

    def test_both_regimes_ship_every_order_kind(self):
        for on_date in (date(2023, 1, 1), date(2027, 1, 1)):
            for kind in (
                "voluntary",
                "compulsory_adult",
                "compulsory_minor",
                "pending",
                "temporary",
            ):
                self.assertTrue(
                    self.order_types._find_for_date(kind, on_date), (kind, on_date)
                )

    def test_overlapping_versions_refused(self):
        with self.assertRaisesRegex(ValidationError, "overlaps"):
            self.order_types.create(
                {
                    "name": "Clash",
                    "kind": "voluntary",
                    "regime": "law_120_2025",
                    "date_from": date(2027, 1, 1),
                    "term_min_months": 6,
                    "term_max_months": 12,
                    "area_kind": "voluntary",
                }
            )

    def test_stay_under_old_law_keeps_old_terms(self):
        """Decided on 30/06/2026: Law 73/2021 applies, so 18 months is lawful."""
        resident = self._resident()
        stay = self._stay(
            resident,
            admission=date(2026, 6, 30),
            term=18,
            decision_date=date(2026, 6, 30),
        )
        self.assertEqual(stay.order_type_id.regime, "law_73_2021")
        self.assertEqual(stay.expected_release_date, date(2027, 12, 30))
