"""Staff without an e-mail address run the facility's daily steps.

The chatter notes of admissions, escapes and discharges are internal: an
officer whose user has no e-mail address must not be refused them.
"""

from datetime import date

from odoo.tests import tagged

from .common import RehabCase


@tagged("post_install", "-at_install")
class TestStaffWithoutEmail(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = cls.intake_user | cls.security_user | cls.manager_user
        users.partner_id.write({"email": False})
        cls.resident = cls._resident()

    def test_admit_escape_and_discharge_without_email(self):
        self.assertFalse(self.intake_user.email)
        stay = self._stay(self.resident, admission=date(2026, 10, 1), bed=self.bed_c1)
        self.assertEqual(stay.state, "in_rehab")
        self._send_away(stay)
        self.assertEqual(stay.state, "absent")
        self._discharge(stay, reason="escape")
        self.assertEqual(stay.state, "released")
        authors = stay.message_ids.author_id
        self.assertIn(self.intake_user.partner_id, authors)
        self.assertIn(self.manager_user.partner_id, authors)
