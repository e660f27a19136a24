"""After-care outcomes on the post-rehab record (Law 73/2021 Art. 40-41):
follow-up entries and job placements, the commune's completion, and a
relapse during the management closing the record, across facilities."""

from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_discharge import DischargeCase


@tagged("post_install", "-at_install")
class TestPostRehabOutcomes(DischargeCase):
    def _record(self):
        self._wizard().with_user(self.manager_user).action_confirm()
        return self.stay.post_rehab_ids

    def test_follow_up_and_job_as_the_intake_officer(self):
        record = self._record().with_user(self.intake_user)
        record.record_event("contact", date(2026, 11, 25), note="Gọi điện cho gia đình")
        record.record_event(
            "job",
            date(2026, 11, 25),
            employer="Công ty May Hạ Long",
            work="Công nhân may",
            source="referral",
        )
        self.assertEqual(len(record.event_ids), 2)
        self.assertEqual(record.job_date, date(2026, 11, 25))
        with self.assertRefused(ValidationError, "kind of work"):
            record.record_event("job", date(2026, 11, 25), employer="X")
        with self.assertRefused(ValidationError, "before release"):
            record.record_event("contact", date(2026, 11, 1))
        self.assertEqual(len(record.event_ids), 2)
        # Entries are never edited or deleted by a user.
        with self.assertRefused(UserError, "cannot be changed by hand"):
            record.event_ids[0].write({"note": "changed"})
        with self.assertRaises(AccessError):
            record.event_ids[0].unlink()
        with self.assertRefused(UserError, "cannot be deleted"):
            record.event_ids[0].sudo().unlink()
        # Nobody outside the roles that follow the stay records follow-up.
        with self.assertRaises(AccessError):
            record.with_user(self.instructor_user).record_event(
                "contact", date(2026, 11, 25)
            )

    def test_completion_follows_the_acknowledgement(self):
        record = self._record().with_user(self.intake_user)
        with self.assertRefused(UserError, "acknowledged by the commune"):
            record.record_completion(date(2026, 11, 25), "Cán bộ xã")
        record.record_report(date(2026, 11, 25))
        record.record_acknowledgement(date(2026, 11, 25), "Cán bộ Tiếp Nhận")
        with self.assertRefused(ValidationError, "Certified By"):
            record.record_completion(date(2026, 11, 25), "  ")
        record.record_completion(date(2026, 11, 25), "Cán bộ Tư Pháp")
        self.assertEqual(record.state, "completed")
        with self.assertRefused(UserError, "closed"):
            record.record_event("contact", date(2026, 11, 25))

    def test_readmission_during_management_closes_it_as_relapsed(self):
        record = self._record()
        self.assertEqual(record.state, "waiting")
        # Readmitted during the management: the record closes as relapsed.
        again = self._stay(
            self.resident,
            kind="voluntary",
            term=6,
            admission=date(2026, 11, 25),
            bed=self.bed_v1,
        )
        self.assertEqual(record.state, "relapsed")
        self.assertEqual(record.relapse_date, date(2026, 11, 25))
        self.assertEqual(record.relapse_stay_id, again)
        self.assertTrue(again.is_relapse)
