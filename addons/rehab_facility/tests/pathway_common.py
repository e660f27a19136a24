from datetime import datetime, time

from .common import RehabCase


class PathwayCase(RehabCase):
    """A counsellor, and stays admitted on a past day into a given bed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.counsellor_user = cls._user(
            "counsellor", "rehab_facility.group_rehab_counsellor"
        )
        cls.level = {
            code: cls.env.ref(f"rehab_facility.rating_level_{code}")
            for code in ("tot", "kha", "trung_binh", "kem")
        }

    @classmethod
    def _admitted(cls, resident, admission, bed, kind="compulsory_adult", term=12):
        """Opened, bedded on the admission day and admitted by the intake desk."""
        return cls._stay(
            resident,
            kind=kind,
            admission=admission,
            term=term,
            bed=bed,
            bed_when=datetime.combine(admission, time(3)),
            decision_number="3/2026/QĐ-TA",
        )

    def _sheet(self, area, month, user=None):
        return (
            self.env["rehab.rating.sheet"]
            .with_user(user or self.counsellor_user)
            .create({"area_id": area.id, "month": month})
        )

    def _rate_all(self, sheet, levels, approve=True):
        """Rate each stay of ``levels`` ({stay: code}), propose and approve."""
        for line in sheet.rating_ids:
            code = levels.get(line.stay_id.with_env(self.env))
            if code:
                line.write(
                    {
                        "level_id": self.level[code].id,
                        "comment": "Vi phạm nội quy" if code == "kem" else False,
                    }
                )
        sheet.propose()
        if approve:
            sheet.with_user(self.manager_user).approve()
        return sheet
