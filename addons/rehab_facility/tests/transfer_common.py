"""Two facilities and their staff, for the transfer tests."""

from datetime import date

from odoo.tests import new_test_user

from .common import TODAY, RehabCase

COURT = "Tòa án nhân dân khu vực 1 - Quảng Ninh"


class TransferCase(RehabCase):
    """Two facilities, their staff, and a stay with a ledger to transfer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.facility_b = cls.env["res.company"].create(
            {"name": "Cơ sở Bên Nhận", "rehab_tz": "Asia/Ho_Chi_Minh"}
        )
        cls.facility_c = cls.env["res.company"].create({"name": "Cơ sở Thứ Ba"})
        cls.manager_b = cls._staff("manager_b", "manager", cls.facility_b)
        cls.intake_b = cls._staff("intake_b", "intake", cls.facility_b)
        cls.manager_c = cls._staff("manager_c", "manager", cls.facility_c)
        area_b = cls._area("B men", "compulsory", "male", company=cls.facility_b)
        cls.bed_b1, cls.bed_b2 = cls._beds(area_b, 2)
        cls.resident = cls._resident(name="Phạm Văn Chuyển", serial="700001")
        cls.stay = cls._stay(cls.resident, bed=cls.bed_c1)
        stay = cls.stay.with_user(cls.intake_user)
        stay.add_term_correction("extend", "Sai ngày tiếp nhận", days=10)
        stay.record_court_decision(
            "reduction",
            {"number": "30/2026/QĐ-TA", "date": date(2026, 11, 20), "authority": COURT},
            months=2,
            override_reason="Quyết định của tòa án đã có hiệu lực",
        )
        stay.deposit_belongings([{"name": "Điện thoại", "quantity": 1}])

    @classmethod
    def _staff(cls, login, role, company):
        return new_test_user(
            cls.env,
            login=f"rehab_test_{login}",
            groups=f"base.group_user,rehab_facility.group_rehab_{role}",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )

    @staticmethod
    def _as(records, user):
        """``records`` as ``user`` sees them, in the user's own facilities."""
        return records.with_user(user).with_context(
            allowed_company_ids=user.company_ids.ids
        )

    def _decision(self, **more):
        return {
            "receiving_company_id": self.facility_b.id,
            "decision_number": "45/QĐ-SLĐTBXH",
            "decision_date": TODAY,
            "decision_authority": "Sở Lao động - Thương binh và Xã hội",
            "grounds": "overcrowding",
            "transfer_date": TODAY,
            "escort_name": "Lê Văn Áp",
            "escort_id_number": "022090000888",
            "escort_unit": "Công an tỉnh",
            "handover_documents": "Quyết định 12/2026/QĐ-TA; hồ sơ học viên",
            **more,
        }

    def _ledger(self, stay):
        return [
            (line.date, line.kind, line.direction, line.days, line.months)
            for line in stay.sudo().adjustment_ids.sorted(lambda x: (x.date, x.id))
        ]

    def _on_roll(self, company):
        rows = self.env["rehab.occupancy.figures"]._live_population_rows(
            company.ids, [TODAY]
        )
        return sum(r["count"] for r in rows if r["line_type"] == "population")

    def _movements(self, company):
        rows = self.env["rehab.occupancy.figures"]._live_movement_rows(
            company.ids, TODAY, TODAY
        )
        return {
            (r["movement"], r["release_reason"]): r["count"]
            for r in rows
            if r["movement"] in ("admission", "release")
        }

    def _transfers(self, company):
        figures = self.env["rehab.transfer"]._period_figures(company.ids, TODAY, TODAY)
        return figures["total"]

    def _send(self, stay=None, user=None, **more):
        stay = self._as(stay or self.stay, user or self.manager_user)
        return stay.record_transfer(self._decision(**more)).with_env(self.env)

    def _receive(self, transfer, user=None, bed=None):
        transfer = self._as(transfer, user or self.intake_b)
        return transfer.receive({"bed_id": (bed or self.bed_b1).id}).with_env(self.env)
