from datetime import date

from odoo.addons.rehab_facility.tests.common import TODAY, RehabCase, cccd

INSTRUCTOR = "rehab_facility.group_rehab_instructor"
__all__ = ["TODAY", "VocationalCase", "cccd"]


class VocationalCase(RehabCase):
    """RehabCase's facility, with trades, instructors and admitted residents.

    "Today" is 25/11/2026 (RehabCase freezes the clock), a Wednesday.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.serial = 700000
        cls.instructor_b = cls._user("instructor_b", INSTRUCTOR)
        cls.trade_ac = cls.env.ref("rehab_vocational.trade_air_conditioner_repair")
        cls.trade_sewing = cls.env.ref("rehab_vocational.trade_industrial_sewing")
        cls.trade_veg = cls.env.ref("rehab_vocational.trade_safe_vegetables")
        cls.reason_sick = cls.env.ref("rehab_vocational.absence_reason_sick")
        cls.reason_refused = cls.env.ref("rehab_vocational.absence_reason_refused")
        cls.reason_other = cls.env.ref("rehab_vocational.absence_reason_other")
        cls.Class = cls.env["rehab.training.class"]
        cls.Enrollment = cls.env["rehab.training.enrollment"]
        cls.Session = cls.env["rehab.training.session"]
        cls.Line = cls.env["rehab.attendance.line"]
        # A workshop area with room for the residents the tests admit.
        cls.area_workshop = cls._area("Compulsory men B", "compulsory", "male")
        cls.free_beds = cls._beds(cls.area_workshop, 40)
        cls.bed_index = 0

    # ------------------------------------------------------------------ people
    @classmethod
    def _admitted(cls, name=None, **stay_values):
        """A resident admitted today's way: intake, bed, in rehab."""
        cls.serial += 1
        resident = cls._resident(
            name or f"Học viên {cls.serial}", serial=f"{cls.serial:06d}"
        )
        bed = stay_values.pop("bed", None)
        if not bed:
            bed = cls.free_beds[cls.bed_index]
            cls.bed_index += 1
        cls._stay(resident, bed=bed, **stay_values)
        return resident

    @classmethod
    def _admitted_many(cls, count, tag="N"):
        """``count`` residents in rehab, created in batch (no bed: fast)."""
        values = []
        for n in range(count):
            cls.serial += 1
            birthdate = date(1985 + n % 15, 1 + n % 12, 1 + n % 28)
            values.append(
                {
                    "name": f"{tag} {n:03d}",
                    "sex": "male",
                    "birthdate": birthdate,
                    "citizen_id": cccd("male", birthdate, f"{cls.serial:06d}"),
                    "company_id": cls.facility.id,
                }
            )
        residents = cls.env["rehab.resident"].create(values)
        cls.env["rehab.stay"].create(
            [
                {
                    "resident_id": resident.id,
                    "company_id": cls.facility.id,
                    "order_kind": "compulsory_adult",
                    "admission_date": date(2026, 10, 1),
                    "term_months": 24,
                    "decision_number": f"{resident.id}/2026/QĐ-TA",
                    "decision_date": date(2026, 10, 1),
                    "decision_authority": "Tòa án nhân dân khu vực 1",
                    "state": "in_rehab",
                }
                for resident in residents
            ]
        )
        return residents

    @staticmethod
    def _release_stay(stay, reason=None):
        """Release a stay the way rehab_facility does (``_release`` since the
        discharge wizard; ``action_release`` before it)."""
        if hasattr(stay, "_release"):
            return stay._release(**({"reason": reason} if reason else {}))
        return stay.action_release()

    # ----------------------------------------------------------------- classes
    @classmethod
    def _class(cls, name="Sửa chữa điều hòa K1", **values):
        vals = {
            "name": name,
            "trade_id": cls.trade_ac.id,
            "company_id": cls.facility.id,
            "instructor_ids": [(6, 0, cls.instructor_user.ids)],
            "date_start": date(2026, 11, 2),
            "date_end": date(2027, 2, 26),
            "certificate_level": "elementary",
            "required_hours": 300,
        }
        vals.update(values)
        klass = cls.env["rehab.training.class"].create(vals)
        if values.get("state") is None:
            klass.action_start()
        return klass

    @classmethod
    def _short_class(cls, name="Trồng rau an toàn K1", **values):
        vals = {
            "trade_id": cls.trade_veg.id,
            "certificate_level": "short",
            "required_hours": 8,
            "date_start": date(2026, 11, 2),
            "date_end": date(2027, 1, 15),
        }
        vals.update(values)
        return cls._class(name, **vals)

    @classmethod
    def _enroll(cls, klass, residents, date_enrolled=date(2026, 11, 2)):
        """Enroll through the class's ``enroll``, the only way in."""
        return klass.enroll(residents, date_enrolled)

    @classmethod
    def _session(cls, klass, day=TODAY, start=7.5, end=11.5, **values):
        return cls.env["rehab.training.session"].create(
            {
                "class_id": klass.id,
                "date": day,
                "time_start": start,
                "time_end": end,
                **values,
            }
        )

    def _line(self, session, resident):
        return session.line_ids.filtered(lambda line: line.resident_id == resident)
