# ruff: noqa: F821  (``env`` is given by ``odoo-bin shell``)
"""Seed a load-test database with a province's facilities: run by
scripts/load_province.py through ``odoo-bin shell`` (stdin), never by hand.

Parameters come as JSON in the environment variable LOAD_SEED_PARAMS; the
password of every load user (and of ``admin``) in LOAD_PASSWORD. Prints one
line ``LOAD-SEED {json}``: the facilities, the users with their role and what
each works on (instructors: their draft attendance sheets; security: the stays
that receive a gate visit), the cron to trigger.

Data is demo-like and goes through the models' own methods (``open_stay``,
``assign_bed``, ``action_admit``, class / enrollment / session create), as
superuser: the load itself is what runs as the role users.
"""

import json
import os
import random
from datetime import datetime, time, timedelta

P = json.loads(os.environ["LOAD_SEED_PARAMS"])
PASSWORD = os.environ["LOAD_PASSWORD"]
TAG = P["tag"]
rng = random.Random(P.get("seed", 1))

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
MIDDLE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thị", "Ngọc", "Thanh", "Công"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc"]
GROUPS = {
    "intake": "rehab_facility.group_rehab_intake",
    "security": "rehab_facility.group_rehab_security",
    "instructor": "rehab_facility.group_rehab_instructor",
    "manager": "rehab_facility.group_rehab_manager",
}


def cccd(sex, birthdate, serial):
    """A valid citizen ID (TT 59/2021/TT-BCA Art. 4); digits 1-3: the run."""
    digit = (0 if birthdate.year < 2000 else 2) + (1 if sex == "female" else 0)
    return f"{P['province_code']}{digit}{birthdate.year % 100:02d}{serial}"


def person(serial, sex="male", years=(1975, 2002)):
    birthdate = datetime(rng.randint(*years), rng.randint(1, 12), 1).date()
    name = " ".join(rng.choice(words) for words in (FAMILY, MIDDLE, GIVEN, GIVEN))
    return {
        "name": name,
        "sex": sex,
        "birthdate": birthdate,
        "citizen_id": cccd(sex, birthdate, serial),
    }


def make_user(login, role, companies):
    group_ids = [env.ref("base.group_user").id, env.ref(GROUPS[role]).id]
    user = (
        env["res.users"]
        .with_context(no_reset_password=True, mail_create_nolog=True)
        .create(
            {
                "name": f"{role.title()} {login}",
                "login": login,
                "email": f"{login}@load.invalid",  # the chatter needs an author
                "company_id": companies[0].id,
                "company_ids": [(6, 0, companies.ids)],
                "groups_id": [(6, 0, group_ids)],
                "tz": "Asia/Ho_Chi_Minh",
            }
        )
    )
    return user


def beds(area, count, prefix):
    room = env["rehab.room"].create({"name": f"{prefix}-{area.id}", "area_id": area.id})
    return env["rehab.bed"].create(
        [{"name": f"{prefix}{i:03d}", "room_id": room.id} for i in range(count)]
    )


def admit(company, residents, free_beds, admission):
    """Open, bed and admit one compulsory stay per resident (as the desk does)."""
    Stay = env["rehab.stay"].with_context(allowed_company_ids=[company.id])
    when = datetime.combine(admission, time(3, 0))
    stays = Stay.browse()
    for resident, bed in zip(residents, free_beds, strict=False):
        stay = Stay.open_stay(
            {
                "resident_id": resident.id,
                "company_id": company.id,
                "order_kind": "compulsory_adult",
                "admission_date": admission,
                "decision_number": f"{resident.id}/QĐ-TA",
                "decision_date": admission,
                "decision_authority": "Tòa án nhân dân khu vực 1",
                "term_months": 24,
            }
        )
        stay.assign_bed(bed, when=when)
        stays |= stay
    stays.action_admit()
    return stays


def seed_facility(index, today, serials):
    company = env["res.company"].create(
        {"name": f"LOAD {TAG} Facility {index + 1}", "rehab_tz": "Asia/Ho_Chi_Minh"}
    )
    Area = env["rehab.area"]
    area_c = Area.create(
        {
            "name": "Compulsory men",
            "kind": "compulsory",
            "sex": "male",
            "company_id": company.id,
        }
    )
    voluntary = {
        sex: Area.create(
            {
                "name": f"Voluntary {sex}",
                "kind": "voluntary",
                "sex": sex,
                "company_id": company.id,
            }
        )
        for sex in ("male", "female")
    }
    n_instr = P["instructors_per_facility"][index]
    n_visits = P["visit_stays"]
    n_stays = n_instr * P["class_size"] + n_visits
    stay_beds = beds(area_c, n_stays, "C")
    beds(voluntary["male"], P["intake_beds"], "VM")
    beds(voluntary["female"], max(P["intake_beds"] // 4, 10), "VF")
    residents = env["rehab.resident"].create(
        [{**person(next(serials)), "company_id": company.id} for _ in range(n_stays)]
    )
    admission = today - timedelta(days=P["sessions"] + 130)
    stays = admit(company, residents, stay_beds, admission)

    users = []
    for d in range(P["intake_per_facility"]):
        login = f"load_{TAG}_f{index + 1}_intake{d + 1}"
        users.append((make_user(login, "intake", company), {}))
    security = []
    for d in range(P["security_per_facility"]):
        login = f"load_{TAG}_f{index + 1}_security{d + 1}"
        security.append(make_user(login, "security", company))
    sheets = seed_classes(company, stays[: n_instr * P["class_size"]], today, index)
    for user, sessions in sheets:
        users.append((user, {"sessions": sessions}))
    visits = seed_visitors(stays[n_instr * P["class_size"] :], serials)
    for d, user in enumerate(security):
        users.append((user, {"visits": visits[d :: len(security)]}))
    return company, area_c, users


def seed_classes(company, stays, today, index):
    """One running class per instructor, ``class_size`` residents each, and a
    draft attendance sheet per day of the last ``sessions`` days."""
    trades = env["rehab.trade"].search([], order="id")
    out = []
    size = P["class_size"]
    for k in range(P["instructors_per_facility"][index]):
        login = f"load_{TAG}_f{index + 1}_instructor{k + 1}"
        user = make_user(login, "instructor", company)
        start = today - timedelta(days=P["sessions"] + 60)
        klass = env["rehab.training.class"].create(
            {
                "name": f"{trades[k % len(trades)].name} - {TAG} {k + 1}",
                "trade_id": trades[k % len(trades)].id,
                "company_id": company.id,
                "instructor_ids": [(6, 0, user.ids)],
                "date_start": start,
                "date_end": start + timedelta(days=300),
                "certificate_level": "elementary",
                "required_hours": 300,
                "capacity": size,
                "location": f"Xưởng {k + 1}",
            }
        )
        env["rehab.training.enrollment"].create(
            [
                {
                    "class_id": klass.id,
                    "resident_id": stay.resident_id.id,
                    "date_enrolled": start,
                }
                for stay in stays[k * size : (k + 1) * size]
            ]
        )
        sessions = env["rehab.training.session"].create(
            [
                {
                    "class_id": klass.id,
                    "date": today - timedelta(days=n),
                    "time_start": 7.5,
                    "time_end": 11.5,
                    "hours": 4,
                }
                for n in range(P["sessions"] - 1, -1, -1)
            ]
        )
        out.append((user, sessions.ids))
    return out


def seed_visitors(stays, serials):
    """One registered relative per stay, for the gate (only with rehab.visit)."""
    if "rehab.visitor" not in env or "rehab.visit" not in env:
        return []
    out = []
    for stay in stays:
        relative = person(next(serials), sex="female", years=(1955, 1975))
        visitor = env["rehab.visitor"].create(
            {**relative, "resident_id": stay.resident_id.id, "relationship": "mother"}
        )
        out.append([stay.id, visitor.id, relative["citizen_id"]])
    return out


def main():
    today = env["res.company"].browse(env.company.id).rehab_today()
    serials = (f"{n:06d}" for n in range(900000, 1000000))
    facilities, all_users = [], []
    for index in range(P["facilities"]):
        company, area, users = seed_facility(index, today, serials)
        incident_type = env.ref("rehab_facility.incident_type_other")
        facilities.append(
            {
                "id": company.id,
                "name": company.name,
                "area_id": area.id,
                "incident_type_id": incident_type.id,
            }
        )
        for user, work in users:
            role = next(r for r, g in GROUPS.items() if user.has_group(g))
            all_users.append(
                {
                    "login": user.login,
                    "uid": user.id,
                    "role": role,
                    "company_ids": [company.id],
                    **work,
                }
            )
    companies = env["res.company"].browse([f["id"] for f in facilities])
    manager = make_user(f"load_{TAG}_manager", "manager", companies)
    all_users.append(
        {
            "login": manager.login,
            "uid": manager.id,
            "role": "manager",
            "company_ids": companies.ids,
        }
    )
    admin = env.ref("base.user_admin")
    admin.write({"company_ids": [(4, c.id) for c in companies]})
    # one hash for every load user (hashing 30 passwords one by one takes seconds)
    hashed = env["res.users"]._crypt_context().hash(PASSWORD)
    uids = [u["uid"] for u in all_users] + [admin.id]
    env.cr.execute(
        "UPDATE res_users SET password = %s WHERE id = ANY(%s)", [hashed, uids]
    )
    cron = env.ref("rehab_facility.ir_cron_rehab_occupancy_snapshot")
    env.cr.commit()
    manifest = {
        "tag": TAG,
        "today": str(today),
        "facilities": facilities,
        "users": all_users,
        "admin": {"login": admin.login, "uid": admin.id},
        "cron_id": cron.id,
        "has_visit": "rehab.visit" in env,
    }
    print("LOAD-SEED " + json.dumps(manifest))


main()
