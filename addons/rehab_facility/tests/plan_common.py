"""The Quảng Ninh 2022 figures as a fixture (DOMAIN §5): 497 residents on
31/10/2022, 390 admissions in ten months (199 voluntary, 177 compulsory, 14
pending), and the province's plan (900 people in rehab: 750 at the
facility, 150 at home; 360 vocational trainees; 420 jobs; 100 % of those
released under post-rehab management).

Records are written in bulk as superuser (the flows are tested elsewhere):
- 227 compulsory residents in since 15/12/2021 (the opening population);
- 120 of them released in 2022: 100 terms completed, 10 reduced by the
  court, 10 transfers; 100 of the 110 released home under post-rehab
  management, 42 of those with a job, 4 relapsed;
- 390 admissions from January to October 2022.
"""

from datetime import date, timedelta

from .common import RehabCase, cccd

Y2022 = (date(2022, 1, 1), date(2022, 12, 31))


class PlanCase(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.quang_ninh = cls.env.ref("rehab_facility.province_22")
        cls.ha_noi = cls.env.ref("rehab_facility.province_01")
        cls.facility.rehab_province_id = cls.quang_ninh
        cls.other_facility.rehab_province_id = cls.ha_noi
        cls.commune = cls.env["rehab.commune"].create(
            {"code": "99221", "name": "Xã Kế Hoạch", "province_id": cls.quang_ninh.id}
        )
        cls.indicators = {
            ind.code: ind
            for ind in cls.env["rehab.plan.indicator"].search(
                [("province_id", "=", False)]
            )
        }
        cls.province_user = cls._user("province", "rehab_facility.group_rehab_province")

    @classmethod
    def _people(cls, count, start, sex="male", education=None, occupation=None):
        values = []
        for n in range(count):
            cls.plan_serial = getattr(cls, "plan_serial", 500000) + 1
            birthdate = date(1980 + n % 20, 1 + n % 12, 1)
            values.append(
                {
                    "name": f"Người {start} {n:04d}",
                    "sex": sex,
                    "birthdate": birthdate,
                    "citizen_id": cccd(sex, birthdate, f"{cls.plan_serial:06d}"),
                    "company_id": cls.facility.id,
                    "education": education,
                    "occupation": occupation,
                }
            )
        return cls.env["rehab.resident"].create(values)

    @classmethod
    def _stays(cls, residents, kind, admissions, **values):
        """One admitted stay per resident (``admissions``: a date per person)."""
        vals_list = []
        for resident, admission in zip(residents, admissions, strict=True):
            vals = {
                "resident_id": resident.id,
                "company_id": cls.facility.id,
                "order_kind": kind,
                "admission_date": admission,
                "term_months": {"voluntary": 12, "pending": 0}.get(kind, 24),
                "state": "in_rehab",
                **values,
            }
            if kind == "compulsory_adult":
                vals.update(
                    decision_number="1/2022/QĐ-TA",
                    decision_date=max(admission, date(2022, 1, 1)),
                    decision_authority="Tòa án nhân dân TP Hạ Long",
                )
            vals_list.append(vals)
        return cls.env["rehab.stay"].create(vals_list)

    @classmethod
    def _quang_ninh_2022(cls):
        old = cls._stays(
            cls._people(227, "old"), "compulsory_adult", [date(2021, 12, 15)] * 227
        )
        days = [date(2022, 1, 10) + timedelta(days=n % 280) for n in range(390)]
        new = cls.env["rehab.stay"]
        for kind, count, offset in (
            ("voluntary", 199, 0),
            ("compulsory_adult", 177, 199),
            ("pending", 14, 376),
        ):
            people = cls._people(count, kind)
            new |= cls._stays(people, kind, days[offset : offset + count])
        released = old[:120]
        for index, stay in enumerate(released):
            reason = (
                "completed" if index < 100 else "court" if index < 110 else "transfer"
            )
            stay.write(
                {
                    "state": "released",
                    "release_date": date(2022, 3, 1) + timedelta(days=index),
                    "release_reason": reason,
                }
            )
        managed = cls.env["rehab.post.rehab"].create(
            [
                {
                    "stay_id": stay.id,
                    "commune_id": cls.commune.id,
                    "date_start": stay.release_date,
                    "months": 24,
                }
                for stay in released[:100]
            ]
        )
        cls.env["rehab.post.rehab.event"].create(
            [
                {
                    "post_rehab_id": record.id,
                    "kind": "job",
                    "date": record.date_start + timedelta(days=30),
                    "work": "Công nhân may",
                    "job_source": "referral",
                }
                for record in managed[:42]
            ]
        )
        for record in managed[50:54]:
            record.relapse_date = record.date_start + timedelta(days=60)
        return old | new

    @classmethod
    def _plan(cls, year=2022, user=None, scope="facility", **targets):
        values = {"year": year, "scope": scope}
        if scope == "facility":
            values["company_id"] = cls.facility.id
        else:
            values.update(company_id=False, province_id=cls.quang_ninh.id)
        values["target_ids"] = [
            (0, 0, {"indicator_id": cls.indicators[code].id, "target": target})
            for code, target in targets.items()
        ]
        model = cls.env["rehab.plan"]
        return model.with_user(user).create(values) if user else model.create(values)
