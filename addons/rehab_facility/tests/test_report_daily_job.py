"""The nightly job that records the daily figures: one set of grouped
queries per day for all the facilities, a day recorded once, a bounded
catch-up, and stored rows that do not grow with the number of residents."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .test_report_export import ScaleCase

NOV_20 = date(2026, 11, 20)


@tagged("post_install", "-at_install")
class TestDailyJob(ScaleCase):
    def _record_queries(self, companies, day):
        Snapshot = self.env["rehab.occupancy.snapshot"]
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        Snapshot._record_day(companies.ids, day)
        return self.env.cr.sql_log_count - start

    def test_queries_do_not_grow_with_facilities(self):
        one = self._facility_with(6, "J1")
        five = one | self.env["res.company"].browse(
            [self._facility_with(6, f"J{i}").id for i in range(2, 6)]
        )
        self._record_queries(one, NOV_20 - timedelta(days=1))  # warm up
        single = self._record_queries(one, NOV_20)
        several = self._record_queries(five - one, NOV_20)
        self.assertLessEqual(several, single + 5)
        self.assertLessEqual(single, 10)
        days = self.env["rehab.occupancy.day"].search(
            [("company_id", "in", five.ids), ("date", "=", NOV_20)]
        )
        self.assertEqual(days.company_id, five)

    def test_stored_rows_do_not_grow_with_residents(self):
        small = self._facility_with(10, "G1")
        large = self._facility_with(100, "G2")
        Snapshot = self.env["rehab.occupancy.snapshot"]
        Snapshot._record_day((small | large).ids, NOV_20)

        def population_rows(company):
            return Snapshot.search_count(
                [
                    ("company_id", "=", company.id),
                    ("line_type", "in", ("population", "residence")),
                ]
            )

        # 10 times the residents, not 10 times the rows: rows are the
        # combinations of the report's dimensions (here a few ages and sexes).
        self.assertLess(population_rows(large), 3 * population_rows(small))
        header = self.env["rehab.occupancy.day"].search(
            [("company_id", "=", large.id), ("date", "=", NOV_20)]
        )
        population = sum(
            Snapshot.search(
                [("day_id", "=", header.id), ("line_type", "=", "population")]
            ).mapped("resident_count")
        )
        self.assertEqual(header.resident_count, population)
        by_province = sum(
            Snapshot.search(
                [("day_id", "=", header.id), ("line_type", "=", "residence")]
            ).mapped("resident_count")
        )
        self.assertEqual(by_province, population)
        self.assertEqual(
            population,
            self.env["rehab.stay"].search_count(
                [
                    ("company_id", "=", large.id),
                    ("admission_date", "<=", NOV_20),
                    "|",
                    ("release_date", "=", False),
                    ("release_date", ">", NOV_20),
                ]
            ),
        )

    def test_a_day_is_recorded_once(self):
        company = self._facility_with(5, "O")
        Snapshot = self.env["rehab.occupancy.snapshot"]
        self.assertEqual(Snapshot._record_day(company.ids, NOV_20), company.ids)
        rows = Snapshot.search_count([("company_id", "=", company.id)])
        # A second run (or an overlapping one) inserts nothing: the unique
        # (facility, day) header is written first.
        self.assertEqual(Snapshot._record_day(company.ids, NOV_20), [])
        self.assertEqual(Snapshot.search_count([("company_id", "=", company.id)]), rows)

    def test_catch_up_is_bounded_per_run_and_resumes(self):
        company = self._facility_with(5, "C")
        Snapshot = self.env["rehab.occupancy.snapshot"]
        Day = self.env["rehab.occupancy.day"]
        with freeze_time("2026-11-10 05:00:00"):
            Snapshot._cron_snapshot()
        self.assertEqual(
            Day.search([("company_id", "=", company.id)]).mapped("date"),
            [date(2026, 11, 9)],
        )
        with freeze_time("2026-11-20 05:00:00"):
            Snapshot._cron_snapshot(days_per_run=4)
            recorded = Day.search([("company_id", "=", company.id)]).mapped("date")
            self.assertEqual(min(recorded), date(2026, 11, 9))
            self.assertEqual(max(recorded), date(2026, 11, 13))
            Snapshot._cron_snapshot(days_per_run=4)
            Snapshot._cron_snapshot(days_per_run=4)
        recorded = Day.search([("company_id", "=", company.id)]).mapped("date")
        self.assertEqual(sorted(recorded), [date(2026, 11, d) for d in range(9, 20)])

    def test_late_entry_is_a_correction_of_the_day_before(self):
        company = self._facility_with(5, "L")
        Snapshot = self.env["rehab.occupancy.snapshot"]
        Snapshot._record_day(company.ids, NOV_20 - timedelta(days=1))
        stay = self.env["rehab.stay"].search(
            [("company_id", "=", company.id), ("release_date", "=", False)], limit=1
        )
        # Released on the 19th, entered on the 21st: the 19th's recorded
        # population was one too many; the 20th carries the correction.
        stay._release(NOV_20 - timedelta(days=1), "completed")
        Snapshot._record_day(company.ids, NOV_20)
        corrections = Snapshot.search(
            [
                ("company_id", "=", company.id),
                ("date", "=", NOV_20),
                ("movement", "=", "correction"),
            ]
        )
        self.assertEqual(sum(corrections.mapped("resident_count")), -1)
