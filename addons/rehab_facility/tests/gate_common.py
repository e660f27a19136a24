"""Fixtures of the gate: a resident in a bed, their relatives, sessions."""

from datetime import date, datetime, timedelta

from .common import RehabCase, cccd


def local(day, hour, minute=0):
    """A facility time (Vietnam, UTC+7) as the naive UTC datetime Odoo stores."""
    return datetime(day.year, day.month, day.day, hour, minute) - timedelta(hours=7)


class GateCase(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resident = cls._resident("Nguyễn Văn Thăm", serial="310001")
        cls.stay = cls._stay(cls.resident, bed=cls.bed_c1)
        cls.resident2 = cls._resident("Trần Văn Hai", serial="310002")
        cls.stay2 = cls._stay(cls.resident2, bed=cls.bed_c2)
        cls.mother = cls._visitor("Lê Thị Mẹ", "mother", "female", 1965, "410001")
        cls.father = cls._visitor("Nguyễn Văn Cha", "father", "male", 1962, "410002")
        cls.sister = cls._visitor("Nguyễn Thị Em", "sibling", "female", 1999, "410003")
        cls.brother = cls._visitor("Nguyễn Văn Anh", "sibling", "male", 1990, "410004")
        cls.wife = cls._visitor("Phạm Thị Vợ", "spouse", "female", 1996, "410005")
        cls.room = cls.env["rehab.visit.room"].create(
            {"name": "Phòng thăm gặp riêng 1", "company_id": cls.facility.id}
        )

    @classmethod
    def _visitor(cls, name, relationship, sex, year, serial, resident=None, user=None):
        birthdate = date(year, 6, 1)
        return (
            cls.env["rehab.visitor"]
            .with_user(user or cls.intake_user)
            .create(
                {
                    "name": name,
                    "citizen_id": cccd(sex, birthdate, serial),
                    "sex": sex,
                    "birthdate": birthdate,
                    "phone": "0912345678",
                    "resident_id": (resident or cls.resident).id,
                    "relationship": relationship,
                }
            )
            .with_env(cls.env)
        )

    @classmethod
    def _slot(cls, day, hour=9, hours=4, capacity=10):
        start = local(day, hour)
        return (
            cls.env["rehab.visit.slot"]
            .with_user(cls.security_user)
            .create(
                {
                    "company_id": cls.facility.id,
                    "date_start": start,
                    "date_end": start + timedelta(hours=hours),
                    "capacity": capacity,
                }
            )
            .with_env(cls.env)
        )

    def _book(self, visitors, slot=None, stay=None, user=None, **values):
        return (
            self.env["rehab.visit"]
            .with_user(user or self.intake_user)
            .book(
                {
                    "stay_id": (stay or self.stay).id,
                    "visitor_ids": visitors.ids,
                    **({"slot_id": slot.id} if slot else {}),
                    **values,
                }
            )
            .with_env(self.env)
        )

    def _ids(self, visitors):
        return "\n".join(visitors.mapped("citizen_id"))
