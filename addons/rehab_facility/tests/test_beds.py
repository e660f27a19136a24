import threading
import time
import uuid
from datetime import date, datetime, timedelta

import psycopg2.errors

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from .common import RehabCase, cccd

# Beds are given at intake, weeks before "now" (25/11/2026 05:00 UTC), so a
# move or a release today closes an assignment of non-zero length.
INTAKE_AT = datetime(2026, 10, 1, 2, 0)
NOW = datetime(2026, 11, 25, 5, 0)


@tagged("post_install", "-at_install")
class TestBeds(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Assignment = cls.env["rehab.bed.assignment"]
        cls.serial = 100

    # ------------------------------------------------------------------ helpers
    def _person(self, name, sex="male", birthdate=date(1995, 3, 1), kind=None):
        """A resident and an open stay at intake, without a bed."""
        self.__class__.serial += 1
        resident = self._resident(name, sex, birthdate, serial=f"{self.serial:06d}")
        if kind is None:
            kind = "compulsory_minor" if birthdate.year >= 2009 else "compulsory_adult"
        term = 12 if kind == "voluntary" else 24
        return self._stay(resident, kind, date(2026, 10, 1), term)

    def _placed(self, bed, name="Trần Văn Ở", **kwargs):
        """A resident admitted into ``bed`` at intake (1/10/2026)."""
        stay = self._person(name, **kwargs)
        stay.assign_bed(bed, when=INTAKE_AT)
        stay.action_admit()
        return stay

    def _release(self, stay):
        """Release ``stay`` as the manager does (a transfer, any day)."""
        self._discharge(stay)

    def _assign_as_intake(self, stay, bed, when=None):
        return stay.with_user(self.intake_user).assign_bed(
            bed.with_user(self.intake_user), when=when
        )

    def _assert_refused(self, stay, bed, *fragments):
        """Assigning ``bed`` to ``stay`` is refused, words the reason, writes
        nothing."""
        before = self.Assignment.search_count([])
        with self.assertRaises(ValidationError) as cm:
            self._assign_as_intake(stay, bed)
        message = str(cm.exception)
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.env.invalidate_all()
        self.assertEqual(self.Assignment.search_count([]), before)
        self.assertFalse(stay.current_bed_id)
        return message

    # ------------------------------------------------------------ bed status
    def test_status_free_occupied_free(self):
        bed = self.bed_c1
        self.assertEqual(bed.status, "free")
        self.assertFalse(bed.current_resident_id)

        stay = self._person("Lê Văn Một")
        self._assign_as_intake(stay, bed, when=INTAKE_AT)
        stay.with_user(self.intake_user).action_admit()
        self.env.flush_all()
        self.assertEqual(bed.status, "occupied")
        self.assertEqual(bed.current_resident_id, stay.resident_id)
        self.assertEqual(bed.current_stay_id, stay)
        self.assertEqual(bed.current_stay_state, "in_rehab")
        self.assertEqual(stay.current_bed_id, bed)
        self.assertEqual(stay.current_area_id, self.area_compulsory_m)

        self._release(stay)
        self.env.flush_all()
        self.assertEqual(bed.status, "free")
        self.assertFalse(bed.current_resident_id)
        self.assertFalse(stay.current_bed_id)
        # The trail is kept: the assignment is closed, not deleted.
        self.assertEqual(len(bed.assignment_ids), 1)
        self.assertEqual(bed.assignment_ids.date_to, NOW)

    def test_condition_shown_on_empty_bed(self):
        bed = self.bed_c2.with_user(self.manager_user)
        for condition, status in [
            ("out_of_order", "out_of_order"),
            ("reserved", "reserved"),
            ("isolation", "isolation"),
            ("available", "free"),
        ]:
            with self.subTest(condition=condition):
                bed.condition = condition
                self.assertEqual(bed.status, status)
        self.assertEqual(
            self.env["rehab.bed"].search(
                [("status", "=", "free"), ("area_id", "=", self.area_compulsory_m.id)]
            ),
            self.bed_c1 | self.bed_c2 | self.bed_c3,
        )

    def test_occupied_bed_shows_occupied_whatever_condition(self):
        stay = self._placed(self.bed_c1)
        bed = self.bed_c1.with_user(self.manager_user)
        for condition in ("out_of_order", "reserved", "isolation"):
            with self.subTest(condition=condition):
                bed.condition = condition
                self.assertEqual(bed.status, "occupied")
                self.assertEqual(bed.current_resident_id, stay.resident_id)
        # Once the occupant leaves, the staff's condition shows again.
        self._release(stay)
        self.assertEqual(bed.status, "isolation")

    # ------------------------------------------------------------- refusals
    def test_occupied_bed_refused_naming_occupant(self):
        occupant = self._placed(self.bed_c1, name="Phạm Văn Chiếm")
        newcomer = self._person("Hoàng Văn Mới")
        self._assert_refused(newcomer, self.bed_c1, "Phạm Văn Chiếm")
        self.assertEqual(self.bed_c1.current_stay_id, occupant)
        self.assertEqual(len(self.bed_c1.assignment_ids), 1)

    def test_occupied_bed_refused_on_move_keeps_current_bed(self):
        self._placed(self.bed_c1, name="Phạm Văn Chiếm")
        mover = self._placed(self.bed_c2, name="Đỗ Văn Chuyển")
        with self.assertRaises(ValidationError) as cm:
            mover.with_user(self.intake_user).assign_bed(self.bed_c1, reason="Swap")
        self.assertIn("Phạm Văn Chiếm", str(cm.exception))
        self.env.invalidate_all()
        # The refused move did not end the mover's current assignment.
        self.assertEqual(mover.current_bed_id, self.bed_c2)
        self.assertFalse(mover.assignment_ids.date_to)

    def test_bed_of_other_sex_refused(self):
        woman = self._person("Nguyễn Thị Nữ", sex="female", birthdate=date(1996, 4, 2))
        self._assert_refused(woman, self.bed_c1, "other sex")
        self._assign_as_intake(woman, self.bed_f1)
        self.assertEqual(woman.current_bed_id, self.bed_f1)

    def test_adult_in_minors_area_refused(self):
        adult = self._person("Vũ Văn Lớn")
        self._assert_refused(adult, self.bed_minor1, "area for minors")

    def test_minor_in_adult_area_refused(self):
        minor = self._person("Bùi Văn Nhỏ", birthdate=date(2010, 6, 1))
        self.assertEqual(minor.order_kind, "compulsory_minor")
        # The bed wizard offers a minor only the free beds of minors' areas.
        wizard = Form(
            self.env["rehab.bed.move.wizard"]
            .with_user(self.intake_user)
            .with_context(default_stay_id=minor.id)
        )
        self.assertEqual(wizard.fitting_bed_ids.ids, self.bed_minor1.ids)
        self._assert_refused(minor, self.bed_c1, "adult area")
        self._assert_refused(minor, self.bed_t1, "adult area")
        self._assign_as_intake(minor, self.bed_minor1)
        self.assertEqual(minor.current_bed_id, self.bed_minor1)

    def test_area_of_other_order_kind_refused(self):
        compulsory = self._person("Đặng Văn Bắt")
        self._assert_refused(
            compulsory, self.bed_v1, "Voluntary rehab", "does not take"
        )
        voluntary = self._person("Ngô Văn Tự", kind="voluntary")
        self._assert_refused(
            voluntary, self.bed_c1, "Compulsory rehab", "does not take"
        )
        self._assign_as_intake(voluntary, self.bed_v1)
        self.assertEqual(voluntary.current_bed_id, self.bed_v1)

    def test_bed_of_other_facility_refused(self):
        other_area = self._area(
            "Other compulsory men", "compulsory", "male", company=self.other_facility
        )
        (other_bed,) = self._beds(other_area, 1)
        stay = self._person("Lý Văn Khác")
        # Intake officers of this facility do not even see the other bed.
        self.assertFalse(
            self.env["rehab.bed"]
            .with_user(self.intake_user)
            .search([("id", "=", other_bed.id)])
        )
        # A user who sees both facilities is refused with a clear message.
        before = self.Assignment.search_count([])
        env = self.env(
            context=dict(
                self.env.context,
                allowed_company_ids=[self.facility.id, self.other_facility.id],
            )
        )
        with self.assertRaises(ValidationError) as cm:
            stay.with_env(env).assign_bed(other_bed.with_env(env))
        self.assertIn("Other Facility", str(cm.exception))
        self.assertEqual(self.Assignment.search_count([]), before)
        self.assertEqual(other_bed.status, "free")

    def test_unavailable_bed_refused(self):
        stay = self._person("Trịnh Văn Hỏng")
        for condition, label in [
            ("out_of_order", "Out of Order"),
            ("reserved", "Reserved"),
        ]:
            with self.subTest(condition=condition):
                self.bed_c2.with_user(self.manager_user).condition = condition
                self._assert_refused(stay, self.bed_c2, label)
                self.assertEqual(self.bed_c2.status, condition)

    # --------------------------------------------------------------- moves
    def test_move_wizard_keeps_trail(self):
        stay = self._placed(self.bed_c1, name="Mai Văn Dời")
        first = stay.assignment_ids
        wizard_model = (
            self.env["rehab.bed.move.wizard"]
            .with_user(self.intake_user)
            .with_context(**stay.action_open_bed_move_wizard()["context"])
        )
        with Form(wizard_model) as form:
            self.assertEqual(form.current_bed_id, self.bed_c1)
            # Only free beds that fit the resident are offered.
            self.assertEqual(
                set(form.fitting_bed_ids.ids), {self.bed_c2.id, self.bed_c3.id}
            )
            form.bed_id = self.bed_c3
            form.reason = "Room 1 repainted"
        form.record.action_confirm()
        self.env.flush_all()

        self.assertEqual(first.date_to, NOW)
        self.assertEqual(first.bed_id, self.bed_c1)
        second = stay.assignment_ids - first
        self.assertEqual(len(second), 1)
        self.assertEqual(second.bed_id, self.bed_c3)
        self.assertEqual(second.date_from, NOW)
        self.assertFalse(second.date_to)
        self.assertEqual(second.reason, "Room 1 repainted")
        self.assertEqual(second.user_id, self.intake_user)
        self.assertEqual(stay.current_bed_id, self.bed_c3)
        self.assertEqual(self.bed_c1.status, "free")
        self.assertFalse(self.bed_c1.current_resident_id)
        self.assertEqual(self.bed_c3.status, "occupied")
        self.assertEqual(self.bed_c3.current_resident_id, stay.resident_id)
        # The old bed keeps who slept in it and when.
        self.assertEqual(self.bed_c1.assignment_ids, first)

    def test_move_without_reason_refused(self):
        stay = self._placed(self.bed_c1, name="Cao Văn Lý")
        wizard_model = (
            self.env["rehab.bed.move.wizard"]
            .with_user(self.intake_user)
            .with_context(default_stay_id=stay.id)
        )
        # The form asks for the reason (required once the resident has a bed)...
        form = Form(wizard_model)
        form.bed_id = self.bed_c2
        with self.assertRaisesRegex(AssertionError, "reason"):
            form.save()
        # ... and the server refuses a blank one whatever the client sends.
        wizard = wizard_model.create(
            {"stay_id": stay.id, "bed_id": self.bed_c2.id, "reason": "   "}
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(stay.current_bed_id, self.bed_c1)
        self.assertEqual(len(stay.assignment_ids), 1)

    def test_first_bed_needs_no_reason(self):
        stay = self._person("Đinh Văn Đầu")
        with Form(
            self.env["rehab.bed.move.wizard"]
            .with_user(self.intake_user)
            .with_context(default_stay_id=stay.id)
        ) as form:
            form.bed_id = self.bed_c2
        form.record.action_confirm()
        self.assertEqual(stay.current_bed_id, self.bed_c2)

    # ------------------------------------------------------------ database
    def test_exclusion_constraint_without_python_check(self):
        occupant = self._placed(self.bed_c1)
        other = self._person("Hồ Văn Chen")
        self.env.flush_all()
        insert = (
            "INSERT INTO rehab_bed_assignment (bed_id, stay_id, date_from, date_to) "
            "VALUES (%s, %s, %s, %s)"
        )
        # Another stay in the occupied bed, overlapping the open assignment.
        with (
            self.assertRaises(psycopg2.errors.ExclusionViolation) as cm,
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                insert, (self.bed_c1.id, other.id, NOW, NOW + timedelta(days=1))
            )
        self.assertEqual(
            cm.exception.diag.constraint_name, "rehab_bed_assignment_bed_no_overlap"
        )
        # The same stay in a second bed at the same time.
        with (
            self.assertRaises(psycopg2.errors.ExclusionViolation) as cm,
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(insert, (self.bed_c2.id, occupant.id, NOW, None))
        self.assertEqual(
            cm.exception.diag.constraint_name, "rehab_bed_assignment_stay_no_overlap"
        )
        # Before the occupant came, the bed was free: history may be recorded.
        self.env.cr.execute(
            insert,
            (self.bed_c1.id, other.id, INTAKE_AT - timedelta(days=3), INTAKE_AT),
        )
        self.env.cr.execute(
            "SELECT count(*) FROM rehab_bed_assignment WHERE bed_id = %s",
            (self.bed_c1.id,),
        )
        self.assertEqual(self.env.cr.fetchone()[0], 2)

    def test_consecutive_assignments_make_history(self):
        first = self._placed(self.bed_c1, name="Tô Văn Trước")
        self._release(first)
        second = self._person("Lâm Văn Sau")
        self._assign_as_intake(second, self.bed_c1)
        self.env.flush_all()
        self.env.invalidate_all()
        history = self.bed_c1.assignment_ids
        self.assertEqual(history.stay_id, first | second)
        # Newest first; the second starts the moment the first ended.
        self.assertEqual(history[0].stay_id, second)
        self.assertEqual(history[1].date_to, history[0].date_from)
        self.assertEqual(self.bed_c1.current_resident_id, second.resident_id)
        self.assertEqual(self.bed_c1.status, "occupied")

    def test_past_assignment_recorded_only_while_bed_was_free(self):
        self._placed(self.bed_c1, name="Tạ Văn Nay")
        earlier = self._person("Âu Văn Xưa")
        with self.assertRefused(UserError, "not created by hand"):
            self.Assignment.with_user(self.intake_user).create(
                {"stay_id": earlier.id, "bed_id": self.bed_c2.id}
            )
        # Only a data migration (superuser) writes history; it is checked too.
        Assignment = self.Assignment
        before = {
            "stay_id": earlier.id,
            "bed_id": self.bed_c1.id,
            "date_from": INTAKE_AT - timedelta(days=10),
            "date_to": INTAKE_AT - timedelta(days=3),
        }
        Assignment.create(before)
        with self.assertRaises(ValidationError) as cm:
            Assignment.create(
                dict(
                    before,
                    date_from=INTAKE_AT - timedelta(days=1),
                    date_to=INTAKE_AT + timedelta(days=1),
                )
            )
        self.assertIn("Tạ Văn Nay", str(cm.exception))
        self.env.invalidate_all()
        self.assertEqual(len(self.bed_c1.assignment_ids), 2)
        self.assertEqual(self.bed_c1.current_resident_id.name, "Tạ Văn Nay")

    # ----------------------------------------------------------- roll count
    def _roll_call_fixture(self):
        present = self._placed(self.bed_c1, name="Quách Văn Có")
        away = self._placed(self.bed_c2, name="Kiều Văn Trốn")
        self.bed_c3.with_user(self.manager_user).condition = "out_of_order"
        self._placed(
            self.bed_f1, name="Lương Thị Có", sex="female", birthdate=date(1990, 1, 1)
        )
        return present, away

    def test_roll_count_per_area(self):
        __, away = self._roll_call_fixture()
        self._send_away(away)
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(self.bed_c2.status, "occupied")
        self.assertEqual(self.bed_c2.current_stay_state, "absent")
        areas = self.env["rehab.area"].with_user(self.intake_user)
        expected = {
            self.area_compulsory_m: (3, 1, 1, 0, 1),
            self.area_compulsory_f: (1, 1, 0, 0, 0),
            self.area_voluntary_m: (1, 0, 0, 1, 0),
            self.area_minor_m: (1, 0, 0, 1, 0),
        }
        for area, counts in expected.items():
            area = areas.browse(area.id)
            with self.subTest(area=area.name):
                self.assertEqual(
                    (
                        area.capacity,
                        area.present_count,
                        area.absent_count,
                        area.vacancy_count,
                        area.out_of_order_count,
                    ),
                    counts,
                )

    def test_roll_count_follows_escape_in_same_transaction(self):
        __, away = self._roll_call_fixture()
        area = self.area_compulsory_m
        self.assertEqual((area.present_count, area.absent_count), (2, 0))
        absence = self._send_away(away)
        self.assertEqual((area.present_count, area.absent_count), (1, 1))
        absence.action_return(fields.Datetime.now())
        self.assertEqual((area.present_count, area.absent_count), (2, 0))

    def test_roll_count_per_facility(self):
        __, away = self._roll_call_fixture()
        self._send_away(away, kind="suspension")
        other_area = self._area(
            "Other compulsory men", "compulsory", "male", company=self.other_facility
        )
        self._beds(other_area, 2)
        self.env.flush_all()
        counts = self.env["rehab.bed"]._roll_count(
            [("company_id", "in", (self.facility | self.other_facility).ids)],
            groupby="company_id",
        )
        self.assertEqual(
            dict(counts[self.facility.id]),
            {"capacity": 7, "present": 2, "absent": 1, "free": 3, "out_of_order": 1},
        )
        self.assertEqual(
            dict(counts[self.other_facility.id]), {"capacity": 2, "free": 2}
        )
        # An intake officer counts only their own facility.
        counts = (
            self.env["rehab.bed"]
            .with_user(self.intake_user)
            ._roll_count([], groupby="company_id")
        )
        self.assertEqual(list(counts), [self.facility.id])
        self.assertEqual(counts[self.facility.id]["capacity"], 7)


@tagged("post_install", "-at_install")
class TestBedConcurrency(TransactionCase):
    """Two desks confirm the same bed at the same moment, in two real
    transactions: PostgreSQL, not the Python check, keeps one occupant.

    A plain TransactionCase, and the committed area, bed and stays are put in
    the main company, on purpose: creating a company updates the superuser's
    row, which every RehabCase transaction open on the database (this run's or
    a colleague's) holds locked, so the committed fixture would wait for it.
    """

    def _committed_fixture(self, tag):
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = '20s'")
            env = api.Environment(
                cr,
                SUPERUSER_ID,
                {
                    "tracking_disable": True,
                    "mail_create_nolog": True,
                    "mail_create_nosubscribe": True,
                    "mail_notrack": True,
                },
            )
            company = env.ref("base.main_company")
            area = env["rehab.area"].create(
                {
                    "name": f"Temporary men {tag}",
                    "kind": "temporary",
                    "sex": "male",
                    "company_id": company.id,
                }
            )
            room = env["rehab.room"].create({"name": "R1", "area_id": area.id})
            bed = env["rehab.bed"].create({"name": "B1", "room_id": room.id})
            birthdate = date(1990, 5, 5)
            serial = int(tag, 16) % 99999
            residents = env["rehab.resident"].create(
                [
                    {
                        "name": f"Desk {n} {tag}",
                        "sex": "male",
                        "birthdate": birthdate,
                        "citizen_id": cccd("male", birthdate, f"{serial:05d}{n}"),
                        "company_id": company.id,
                    }
                    for n in (1, 2)
                ]
            )
            # Temporary stays: no court decision, no fixed term.
            stays = env["rehab.stay"].create(
                [
                    {
                        "name": f"CONC/{tag}/{n}",
                        "resident_id": resident.id,
                        "company_id": company.id,
                        "order_kind": "temporary",
                        "admission_date": company.rehab_today() - timedelta(days=1),
                    }
                    for n, resident in enumerate(residents, 1)
                ]
            )
            ids = {
                "area": area.id,
                "room": room.id,
                "bed": bed.id,
                "residents": tuple(residents.ids),
                "stays": tuple(stays.ids),
            }
            cr.commit()  # pylint: disable=invalid-commit
        return ids

    def _drop_committed_fixture(self, ids):
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = '20s'")
            cr.execute(
                "DELETE FROM rehab_bed_assignment WHERE bed_id = %s OR stay_id IN %s",
                (ids["bed"], ids["stays"]),
            )
            for model, res_ids in [
                ("rehab.stay", ids["stays"]),
                ("rehab.resident", ids["residents"]),
            ]:
                cr.execute(
                    "DELETE FROM mail_message WHERE model = %s AND res_id IN %s",
                    (model, res_ids),
                )
                cr.execute(
                    "DELETE FROM mail_followers WHERE res_model = %s AND res_id IN %s",
                    (model, res_ids),
                )
            cr.execute("DELETE FROM rehab_stay WHERE id IN %s", (ids["stays"],))
            cr.execute("DELETE FROM rehab_resident WHERE id IN %s", (ids["residents"],))
            cr.execute("DELETE FROM rehab_bed WHERE id = %s", (ids["bed"],))
            cr.execute("DELETE FROM rehab_room WHERE id = %s", (ids["room"],))
            cr.execute("DELETE FROM rehab_area WHERE id = %s", (ids["area"],))
            cr.commit()  # pylint: disable=invalid-commit

    def test_two_desks_one_bed(self):
        # Under HttpCase the registry would hand out the test cursor again; the
        # two desks must be two real PostgreSQL transactions.
        self.assertFalse(self.registry.in_test_mode())
        tag = uuid.uuid4().hex[:8]
        ids = self._committed_fixture(tag)
        self.addCleanup(self._drop_committed_fixture, ids)
        stay1, stay2 = ids["stays"]

        cr1 = self.registry.cursor()
        self.addCleanup(cr1.close)
        cr2 = self.registry.cursor()
        self.addCleanup(cr2.close)
        for cr in (cr1, cr2):
            cr.execute("SET LOCAL lock_timeout = '20s'")
        cr1.execute("SELECT pg_backend_pid()")
        pid1 = cr1.fetchone()[0]
        cr2.execute("SELECT pg_backend_pid()")
        pid2 = cr2.fetchone()[0]
        self.assertNotEqual(pid1, pid2)

        def assign(cr, stay_id):
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["rehab.bed.assignment"].create(
                {"stay_id": stay_id, "bed_id": ids["bed"]}
            )
            env.flush_all()

        outcome = {}

        def desk2():
            try:
                assign(cr2, stay2)
            except Exception as e:  # stored for the main thread to check
                outcome["error"] = e

        with mute_logger("odoo.sql_db"):
            # Desk 1 assigns the bed and has not committed yet.
            assign(cr1, stay1)
            # Desk 2 assigns the same bed: its INSERT waits for desk 1.
            thread = threading.Thread(target=desk2)
            thread.start()
            self.addCleanup(thread.join, 30)
            deadline = time.monotonic() + 15
            waiting = False
            while not waiting and thread.is_alive() and time.monotonic() < deadline:
                cr1.execute(
                    "SELECT count(*) FROM pg_locks WHERE pid = %s AND NOT granted",
                    (pid2,),
                )
                waiting = bool(cr1.fetchone()[0])
                time.sleep(0.02)
            self.assertTrue(waiting, f"desk 2 did not wait for desk 1: {outcome}")
            cr1.commit()  # pylint: disable=invalid-commit
            thread.join(30)
            self.assertFalse(thread.is_alive(), "desk 2 is still waiting")
        cr2.rollback()

        error = outcome.get("error")
        self.assertIsInstance(error, psycopg2.errors.ExclusionViolation, repr(error))
        self.assertEqual(
            error.diag.constraint_name, "rehab_bed_assignment_bed_no_overlap"
        )
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            bed = env["rehab.bed"].browse(ids["bed"])
            self.assertEqual(bed.assignment_ids.stay_id.ids, [stay1])
            self.assertEqual(bed.status, "occupied")
            self.assertEqual(bed.current_stay_id.id, stay1)


@tagged("post_install", "-at_install")
class TestBedHistoryIsKept(RehabCase):
    def test_history_cannot_be_rewritten(self):
        stay = self._stay(self._resident(), bed=self.bed_c1)
        stay.assign_bed(self.bed_c2, reason="Room swap")
        old, new = stay.assignment_ids.sorted("id")
        for line, vals in (
            (new, {"bed_id": self.bed_c3.id}),
            (old, {"date_to": "2026-11-26 00:00:00"}),
            (old, {"date_from": "2026-01-01 00:00:00"}),
        ):
            with self.assertRefused(UserError, "cannot be changed by hand"):
                line.with_user(self.intake_user).write(vals)
        self.assertEqual(new.bed_id, self.bed_c2)
        self.assertEqual(stay.current_bed_id, self.bed_c2)
