"""The demo timetable: no instructor is due in two sessions at once."""

from collections import defaultdict

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoSchedule(TransactionCase):
    def test_no_instructor_in_overlapping_demo_sessions(self):
        classes = self.env["rehab.training.class"]
        for xmlid in ("class_ac", "class_sewing", "class_vegetables"):
            record = self.env.ref(f"rehab_vocational.{xmlid}", False)
            if not record:
                self.skipTest("the demo data is not installed")
            classes |= record
        sessions = self.env["rehab.training.session"].search(
            [("class_id", "in", classes.ids), ("state", "!=", "cancelled")],
            order="datetime_start",
        )
        self.assertTrue(sessions, "the demo has sessions")
        by_instructor = defaultdict(list)
        for session in sessions:
            for user in session.class_id.instructor_ids:
                by_instructor[user].append(session)
        overlaps = [
            (user.login, first.display_name, second.display_name)
            for user, mine in by_instructor.items()
            for first, second in zip(mine, mine[1:], strict=False)
            if second.datetime_start < first.datetime_end
        ]
        self.assertEqual(overlaps, [])
        self.assertGreater(
            len(by_instructor[self.env.ref("rehab_facility.user_instructor")]),
            0,
            "the demo instructor still teaches",
        )
