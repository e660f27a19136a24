import re
from contextlib import contextmanager
from datetime import date

from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user

# A fixed "today" for every test: 25/11/2026, Law 120/2025 in force.
TODAY = date(2026, 11, 25)


def cccd(sex, birthdate, serial="000123", province="022"):
    """A valid citizen ID (TT 59/2021/TT-BCA Art. 4) for sex and birth date."""
    century = 0 if birthdate.year < 2000 else 2
    digit = century + (1 if sex == "female" else 0)
    return f"{province}{digit}{birthdate.year % 100:02d}{serial}"


class RehabCase(TransactionCase):
    """A small facility of its own, isolated from the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.freezer = freeze_time("2026-11-25 05:00:00")  # 12:00 in Vietnam
        cls.freezer.start()
        cls.addClassCleanup(cls.freezer.stop)
        cls.facility = cls.env["res.company"].create(
            {"name": "Test Facility", "rehab_tz": "Asia/Ho_Chi_Minh"}
        )
        cls.other_facility = cls.env["res.company"].create({"name": "Other Facility"})
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                allowed_company_ids=[cls.facility.id],
                tracking_disable=False,
            )
        )
        cls.intake_user = cls._user("intake", "rehab_facility.group_rehab_intake")
        cls.security_user = cls._user("security", "rehab_facility.group_rehab_security")
        cls.medical_user = cls._user("medical", "rehab_facility.group_rehab_medical")
        cls.instructor_user = cls._user(
            "instructor", "rehab_facility.group_rehab_instructor"
        )
        cls.manager_user = cls._user("manager", "rehab_facility.group_rehab_manager")
        cls.auditor_user = cls._user("auditor", "rehab_facility.group_rehab_auditor")
        cls.order_types = cls.env["rehab.order.type"]
        cls.area_compulsory_m = cls._area("Compulsory men", "compulsory", "male")
        cls.area_compulsory_f = cls._area("Compulsory women", "compulsory", "female")
        cls.area_voluntary_m = cls._area("Voluntary men", "voluntary", "male")
        cls.area_minor_m = cls._area("Minors boys", "minor", "male", "minor")
        cls.area_temporary_m = cls._area("Temporary men", "temporary", "male")
        cls.bed_c1, cls.bed_c2, cls.bed_c3 = cls._beds(cls.area_compulsory_m, 3)
        (cls.bed_f1,) = cls._beds(cls.area_compulsory_f, 1)
        (cls.bed_v1,) = cls._beds(cls.area_voluntary_m, 1)
        (cls.bed_minor1,) = cls._beds(cls.area_minor_m, 1)
        (cls.bed_t1,) = cls._beds(cls.area_temporary_m, 1)

    @contextmanager
    def assertRefused(self, exception, pattern):
        """Expect ``exception`` with a message matching ``pattern``.

        Unlike assertRaisesRegex, runs inside a savepoint (Odoo's
        assertRaises), so what the refused operation wrote is rolled back and
        a test can check that nothing was half-written.
        """
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)

    def assertVietnameseDocument(self, html, *records):
        """A document printed for an outside recipient: the official heading,
        no English label of a selection value of ``records`` (the printing
        user's language must not leak in) and no float quantity."""
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", html)
        self.assertIn("Độc lập - Tự do - Hạnh phúc", html)
        self.assertIsNone(re.search(r"\d\.0(?!\d)", html), "a float quantity")
        en = self.env(context={"lang": "en_US"})
        vi = self.env(context={"lang": "vi_VN"})
        for record in records:
            for name, field in record._fields.items():
                if field.type != "selection" or field.groups or not record[name]:
                    continue
                english = dict(field._description_selection(en))[record[name]]
                if english != dict(field._description_selection(vi))[record[name]]:
                    self.assertNotIn(f">{english}<", html, f"{record._name}.{name}")

    @classmethod
    def _send_away(cls, stay, kind="escape", start="2026-11-24 20:00:00", user=None):
        """Record an escape (security) or a hospital suspension (intake desk)."""
        user = user or (cls.security_user if kind == "escape" else cls.intake_user)
        absence = stay.with_user(user).record_departure(kind, start)
        return absence.with_env(cls.env)

    @classmethod
    def _discharge(cls, stay, reason="transfer", release_date=None, user=None, **more):
        """Discharge ``stay`` as the manager does (default: a transfer today)."""
        handover = {
            "release_document": "15/QĐ-CA",
            "receiver_name": "Trần Văn Nhận",
            "receiver_id_number": "022090000777",
            "receiver_relationship": "Công an tỉnh",
            **more,
        }
        stay.with_user(user or cls.manager_user).discharge(
            reason, release_date or TODAY, handover=handover
        )
        return stay

    @classmethod
    def _user(cls, login, groups):
        return new_test_user(
            cls.env,
            login=f"rehab_test_{login}",
            groups=f"base.group_user,{groups}",
            company_id=cls.facility.id,
            company_ids=[(6, 0, [cls.facility.id])],
        )

    @classmethod
    def _area(cls, name, kind, sex, age_group="adult", company=None):
        return cls.env["rehab.area"].create(
            {
                "name": name,
                "kind": kind,
                "sex": sex,
                "age_group": age_group,
                "company_id": (company or cls.facility).id,
            }
        )

    @classmethod
    def _beds(cls, area, count):
        room = cls.env["rehab.room"].create(
            {"name": f"R-{area.name}", "area_id": area.id}
        )
        return cls.env["rehab.bed"].create(
            [{"name": f"B{i}", "room_id": room.id} for i in range(1, count + 1)]
        )

    @classmethod
    def _resident(
        cls,
        name="Nguyễn Văn Test",
        sex="male",
        birthdate=date(1995, 3, 1),
        serial="000123",
        **values,
    ):
        return cls.env["rehab.resident"].create(
            {
                "name": name,
                "sex": sex,
                "birthdate": birthdate,
                "citizen_id": cccd(sex, birthdate, serial),
                "company_id": cls.facility.id,
                **values,
            }
        )

    @classmethod
    def _stay(
        cls,
        resident,
        kind="compulsory_adult",
        admission=date(2026, 10, 1),
        term=24,
        bed=None,
        user=None,
        bed_when=None,
        **values,
    ):
        """A stay opened, bedded and admitted by the intake desk, as it does.

        Data of another facility (not the flow under test) is set up by the
        superuser, since the test users work for the test facility only.
        """
        vals = {
            "resident_id": resident.id,
            "company_id": cls.facility.id,
            "order_kind": kind,
            "admission_date": admission,
            "term_months": term,
        }
        if kind in ("compulsory_adult", "compulsory_minor"):
            vals.update(
                decision_number="12/2026/QĐ-TA",
                decision_date=admission,
                decision_authority="Tòa án nhân dân khu vực 1 - Quảng Ninh",
            )
        vals.update(values)
        if user is None:
            foreign = vals["company_id"] != cls.facility.id
            user = cls.env.ref("base.user_root") if foreign else cls.intake_user
        stays = cls.env["rehab.stay"].with_user(user)
        stay = stays.open_stay(vals)
        if bed:
            stay.assign_bed(bed.with_user(user), when=bed_when)
            stay.action_admit()
        return stay.with_env(cls.env)
