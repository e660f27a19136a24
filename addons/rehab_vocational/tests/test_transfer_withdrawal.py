"""A resident transferred to another facility leaves their classes."""

from odoo.tests import tagged

from .common import TODAY, VocationalCase


@tagged("post_install", "-at_install")
class TestTransferWithdrawal(VocationalCase):
    def test_transfer_decision_withdraws_from_classes(self):
        if "record_transfer" not in dir(self.env["rehab.stay"]):
            self.skipTest("rehab_facility records no transfer")
        klass = self._class()
        resident = self._admitted("Nguyễn Văn Chuyển")
        enrollment = self._enroll(klass, resident)
        other = self.env["res.company"].create({"name": "Cơ sở Nhận"})
        resident.stay_ids.with_user(self.manager_user).record_transfer(
            {
                "receiving_company_id": other.id,
                "decision_number": "45/QĐ-SLĐTBXH",
                "decision_date": TODAY,
                "decision_authority": "Sở Lao động - Thương binh và Xã hội",
                "escort_name": "Lê Văn Áp",
                "escort_id_number": "022090000888",
            }
        )
        self.assertEqual(enrollment.state, "withdrawn")
        self.assertEqual(enrollment.withdraw_reason, "transferred")
