"""Home and community rehab (Law 73/2021 Art. 30) as the communes report it:
the facility's manager types the reports, the plan counts them (Quảng Ninh
2022 planned 150 people at home or in the community), one report per
commune and period, counts only."""

from datetime import date

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .plan_common import PlanCase


@tagged("post_install", "-at_install")
class TestCommunityRehab(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.commune_b = cls.env["rehab.commune"].create(
            {"code": "99222", "name": "Xã Cộng Đồng", "province_id": cls.quang_ninh.id}
        )
        cls.plan = cls._plan(user=cls.manager_user, rehab_home=150, rehab_total=900)

    def _report(self, commune, month, home, community, user=None, **more):
        model = self.env["rehab.community.rehab"].with_user(user or self.manager_user)
        return model.create(
            {
                "commune_id": commune.id,
                "date_from": date(2022, month, 1),
                "date_to": date(2022, month, 1) + relativedelta(months=1, days=-1),
                "home_count": home,
                "community_count": community,
                **more,
            }
        )

    def _actual(self, code):
        target = self.plan.target_ids.filtered(
            lambda t: t.indicator_id.code == code
        ).with_user(self.manager_user)
        self.env.invalidate_all()
        return target.actual, target.has_actual

    def test_reports_count_against_the_plan(self):
        self.assertEqual(self._actual("rehab_home"), (0.0, False), "no report yet")
        self._report(self.commune, 1, 8, 4, document_ref="05/BC-UBND")
        self._report(self.commune, 2, 6, 2)
        self._report(self.commune_b, 1, 3, 0)
        self.assertEqual(self._actual("rehab_home"), (23.0, True))
        # The total adds the facility's people (none in this fixture) and home.
        self.assertEqual(self._actual("rehab_total"), (23.0, True))
        figures = self.indicators["rehab_home"]._values(
            self.facility.ids, date(2022, 1, 1), date(2022, 1, 31)
        )
        self.assertEqual(figures[self.indicators["rehab_home"].id], 15)
        # Another facility's reports are not this facility's.
        self.env["rehab.community.rehab"].create(
            {
                "company_id": self.other_facility.id,
                "commune_id": self.env["rehab.commune"]
                .create(
                    {"code": "99223", "name": "Xã Khác", "province_id": self.ha_noi.id}
                )
                .id,
                "date_from": date(2022, 3, 1),
                "date_to": date(2022, 3, 31),
                "home_count": 100,
            }
        )
        self.assertEqual(self._actual("rehab_home"), (23.0, True))

    def test_one_report_per_commune_and_period(self):
        self._report(self.commune, 3, 5, 5)
        with self.assertRefused(ValidationError, "already reported for"):
            self.env["rehab.community.rehab"].with_user(self.manager_user).create(
                {
                    "commune_id": self.commune.id,
                    "date_from": date(2022, 3, 15),
                    "date_to": date(2022, 4, 15),
                    "home_count": 1,
                }
            )
        # The database holds it too, whoever writes (e.g. two desks at once).
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ExclusionViolation),
        ):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    """
                    INSERT INTO rehab_community_rehab
                           (company_id, commune_id, date_from, date_to,
                            home_count, community_count, active)
                    VALUES (%s, %s, '2022-03-20', '2022-03-25', 1, 0, TRUE)
                    """,
                    (self.facility.id, self.commune.id),
                )

    def test_bad_input_refused(self):
        with self.assertRefused(ValidationError, "cannot be negative"):
            self._report(self.commune, 5, -1, 0)
        with self.assertRefused(ValidationError, "must end after it starts"):
            self.env["rehab.community.rehab"].with_user(self.manager_user).create(
                {
                    "commune_id": self.commune.id,
                    "date_from": date(2022, 6, 30),
                    "date_to": date(2022, 6, 1),
                }
            )
        report = self._report(self.commune, 6, 1, 1)
        with self.assertRefused(ValidationError, "must end after it starts"):
            report.with_user(self.manager_user).write({"date_to": date(2022, 5, 1)})
        self.assertEqual(self.env["rehab.community.rehab"].search([]), report)

    def test_who_may_write(self):
        report = self._report(self.commune, 7, 2, 2)
        for user in (self.intake_user, self.security_user, self.instructor_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._report(self.commune_b, 7, 1, 1, user=user)
        with self.assertRaises(AccessError):
            report.with_user(self.auditor_user).write({"home_count": 9})
        self.assertEqual(report.with_user(self.auditor_user).home_count, 2)
        # Archived with its history, never deleted.
        with self.assertRefused(AccessError, "not allowed to delete"):
            report.with_user(self.manager_user).unlink()
        report.with_user(self.manager_user).action_archive()
        self.assertEqual(self._actual("rehab_home"), (0.0, False))

    def test_query_count_flat(self):
        def count():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.env["rehab.community.rehab"]._people_began(
                self.facility.ids, date(2022, 1, 1), date(2022, 12, 31)
            )
            return self.env.cr.sql_log_count - before

        self._report(self.commune, 1, 1, 1)
        small = count()
        for month in range(2, 12):
            self._report(self.commune, month, 1, 1)
            self._report(self.commune_b, month, 1, 1)
        self.assertEqual(count(), small)
