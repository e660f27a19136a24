"""Family visits at the gate (Decree 116/2021 Art. 69), as the staff do them.

Each limit is tested on its boundary (7th vs 8th day, 2 h vs 2 h 01, 3 vs 4
relatives, the second private visit of a month, 48 h), with the director's
approval, bans, the disciplinary room, confiscation, the roll count during
a visit and the daily gate list.
"""

from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import cccd
from .gate_common import GateCase, local

THU = date(2026, 11, 26)  # the day after "today" (Wed 25/11/2026)


@tagged("post_install", "-at_install")
class TestVisitLimits(GateCase):
    def test_once_a_week_7th_day_refused_8th_day_allowed(self):
        first = self._book(self.mother, self._slot(THU))
        self.assertEqual(first.state, "booked")
        self.assertEqual(first.visit_date, THU)
        self.assertRegex(first.name, r"^TG/2026/\d+")
        seventh = self._slot(THU + timedelta(days=6))
        with self.assertRefused(UserError, r"already has a family visit on 26/11/2026"):
            self._book(self.father, seventh)
        # Nothing was written by the refusal.
        self.assertEqual(self.env["rehab.visit"].search_count([]), 1)
        eighth = self._book(self.father, self._slot(THU + timedelta(days=7)))
        self.assertEqual(eighth.visit_date, date(2026, 12, 3))
        # Another resident's week is their own.
        self._book(
            self._visitor(
                "Trần Thị Mẹ", "mother", "female", 1960, "420001", self.resident2
            ),
            seventh,
            stay=self.stay2,
        )

    def test_once_a_week_counts_booked_visits_after_it_too(self):
        self._book(self.mother, self._slot(THU + timedelta(days=6)))
        with self.assertRefused(
            UserError, r"on 02/12/2026.*next possible day is 09/12"
        ):
            self._book(self.father, self._slot(THU))

    def test_a_cancelled_visit_frees_the_week(self):
        visit = self._book(self.mother, self._slot(THU))
        with self.assertRefused(UserError, "Say why"):
            visit.with_user(self.intake_user).cancel("  ")
        visit.with_user(self.intake_user).cancel("Gia đình báo bận")
        self.assertEqual(visit.state, "cancelled")
        self._book(self.father, self._slot(THU + timedelta(days=1)))

    def test_the_interval_is_a_facility_setting(self):
        self.facility.rehab_visit_interval_days = 14
        self._book(self.mother, self._slot(THU))
        with self.assertRefused(UserError, "every 14 days"):
            self._book(self.father, self._slot(THU + timedelta(days=7)))
        with self.assertRefused(ValidationError, "out of range"):
            self.facility.rehab_visit_max_visitors = 0

    def test_two_hours_vs_two_hours_one_minute_and_the_director(self):
        slot = self._slot(THU, hours=5)
        start = slot.date_start
        with self.assertRefused(UserError, r"at most 2 hours.*director's approval"):
            self._book(self.mother, slot, date_end=start + timedelta(minutes=121))
        visit = self._book(self.mother, slot, date_end=start + timedelta(hours=2))
        self.assertEqual(visit.hours, 2.0)
        # Default: the 2 hours allowed.
        other = self._book(
            self._visitor(
                "Trần Thị Mẹ", "mother", "female", 1960, "420001", self.resident2
            ),
            slot,
            stay=self.stay2,
        )
        self.assertEqual(other.date_end - other.date_start, timedelta(hours=2))
        # Only the director (facility manager) approves a longer visit, to 4 h.
        for user in (self.security_user, self.intake_user):
            with self.assertRefused(AccessError, "Only the facility director"):
                visit.with_user(user).approve_extension(4, "Gia đình ở xa")
        as_director = visit.with_user(self.manager_user)
        with self.assertRefused(UserError, "from 2 to 4 hours"):
            as_director.approve_extension(4 + 1 / 60, "Gia đình ở xa")
        with self.assertRefused(UserError, "Say why"):
            as_director.approve_extension(4, " ")
        as_director.approve_extension(4, "Gia đình ở xa")
        self.assertEqual(visit.date_end, start + timedelta(hours=4))
        self.assertEqual(visit.extension_approved_by_id, self.manager_user)
        self.assertEqual(visit.extension_hours, 4)

    def test_three_relatives_vs_four_at_booking_and_at_the_gate(self):
        four = self.mother | self.father | self.sister | self.brother
        with self.assertRefused(UserError, r"at most 3 relatives.*4 were given"):
            self._book(four, self._slot(THU))
        with self.assertRefused(UserError, "at least one visitor"):
            self._book(self.mother.browse(), self._slot(THU))
        visit = self._book(
            self.mother | self.father, self._slot(date(2026, 11, 25), 11)
        )
        gate = visit.with_user(self.security_user)
        with self.assertRefused(UserError, r"at most 3 relatives.*4 were given"):
            gate.check_in(self._ids(four))
        self.assertEqual(visit.state, "booked")
        gate.check_in(self._ids(self.mother | self.father | self.sister))
        self.assertEqual(visit.state, "in_progress")
        self.assertEqual(visit.visitor_count, 3)
        self.assertTrue(all(visit.visitor_line_ids.mapped("present")))

    def test_private_visit_spouse_48_hours_once_a_month(self):
        start = local(date(2026, 11, 27), 14)
        values = {"kind": "private", "room_id": self.room.id, "date_start": start}
        with self.assertRefused(UserError, "at most 48 hours"):
            self._book(
                self.wife, date_end=start + timedelta(hours=48, minutes=1), **values
            )
        with self.assertRefused(UserError, "spouse alone"):
            self._book(self.mother, date_end=start + timedelta(hours=4), **values)
        with self.assertRefused(UserError, "spouse alone"):
            self._book(
                self.wife | self.mother, date_end=start + timedelta(hours=4), **values
            )
        visit = self._book(self.wife, date_end=start + timedelta(hours=48), **values)
        self.assertEqual(
            (visit.kind, visit.room_id, visit.hours), ("private", self.room, 48)
        )
        # The second private visit of November is refused, December's is not.
        later = {**values, "date_start": local(date(2026, 11, 30), 8)}
        with self.assertRefused(
            UserError, r"already had 1 private visit\(s\) in 11/2026"
        ):
            self._book(
                self.wife, date_end=later["date_start"] + timedelta(hours=4), **later
            )
        december = {**values, "date_start": local(date(2026, 12, 1), 8)}
        self._book(
            self.wife, date_end=december["date_start"] + timedelta(hours=4), **december
        )
        # A family visit the same week is another limit.
        self._book(self.mother, self._slot(date(2026, 12, 5)))

    def test_private_room_is_not_booked_twice(self):
        start = local(date(2026, 11, 27), 14)
        self._book(
            self.wife,
            kind="private",
            room_id=self.room.id,
            date_start=start,
            date_end=start + timedelta(hours=24),
        )
        husband_wife = self._visitor(
            "Hoàng Thị Vợ", "spouse", "female", 1997, "420005", self.resident2
        )
        with self.assertRefused(UserError, "Room Phòng thăm gặp riêng 1 is booked"):
            self._book(
                husband_wife,
                stay=self.stay2,
                kind="private",
                room_id=self.room.id,
                date_start=start + timedelta(hours=20),
                date_end=start + timedelta(hours=30),
            )

    def test_a_full_session_refuses_the_next_booking(self):
        slot = self._slot(THU, capacity=1)
        self._book(self.mother, slot)
        self.assertEqual((slot.booked_count, slot.free_count), (1, 0))
        other = self._visitor(
            "Trần Thị Mẹ", "mother", "female", 1960, "420001", self.resident2
        )
        with self.assertRefused(UserError, "is full: 1 places"):
            self._book(other, slot, stay=self.stay2)
        slot.with_user(self.security_user).write({"capacity": 2})
        self._book(other, slot, stay=self.stay2)
        with self.assertRefused(ValidationError, "2 visits are already booked"):
            slot.with_user(self.security_user).write({"capacity": 1})

    def test_past_session_is_not_booked(self):
        slot = self._slot(date(2026, 11, 25), hour=8, hours=2)
        with self.assertRefused(UserError, "This time is over"):
            self._book(self.mother, slot)


@tagged("post_install", "-at_install")
class TestVisitBlocks(GateCase):
    def test_banned_visitor_under_any_of_their_records(self):
        gate = self.mother.with_user(self.security_user)
        with self.assertRefused(AccessError, "security officers"):
            self.mother.with_user(self.intake_user).action_ban("Mang ma túy", THU)
        with self.assertRefused(UserError, "Say why"):
            gate.action_ban("", THU)
        with self.assertRefused(ValidationError, "ends before it starts"):
            gate.action_ban("Mang ma túy", THU, THU - timedelta(days=1))
        gate.action_ban("Mang ma túy vào cơ sở", date(2026, 11, 25), date(2026, 12, 24))
        self.assertTrue(self.mother.is_banned)
        with self.assertRefused(
            UserError, "banned from visiting: Mang ma túy vào cơ sở"
        ):
            self._book(self.mother | self.father, self._slot(THU))
        # The same person, registered as the visitor of another resident.
        again = self._visitor(
            "Lê Thị Mẹ", "other", "female", 1965, "410001", resident=self.resident2
        )
        with self.assertRefused(UserError, "is banned from visiting"):
            self._book(again, self._slot(THU), stay=self.stay2)
        # After the ban: a visit on 25/12 is allowed.
        self._book(self.mother, self._slot(date(2026, 12, 25)))
        gate.action_lift_ban("Đã xác minh")
        self.assertFalse(self.mother.is_banned)
        self._book(self.father | self.mother, self._slot(THU))
        self.assertFalse(self.env["rehab.visitor"].search([("is_banned", "=", True)]))

    def test_resident_in_the_disciplinary_room_or_without_visits(self):
        Discipline = self.env["rehab.discipline"].with_user(self.security_user)
        Discipline.create(
            {
                "resident_id": self.resident.id,
                "company_id": self.facility.id,
                "kind": "room",
                "date": date(2026, 11, 25),
                "date_start": date(2026, 11, 25),
                "date_end": date(2026, 11, 27),
                "reason": "Đánh nhau",
            }
        )
        with self.assertRefused(
            UserError, "disciplinary room from 25/11/2026 to 27/11/2026"
        ):
            self._book(self.mother, self._slot(THU))
        Discipline.create(
            {
                "resident_id": self.resident2.id,
                "company_id": self.facility.id,
                "kind": "visits",
                "decision_number": "05/QĐ-KL",
                "date": date(2026, 11, 25),
                "date_start": date(2026, 11, 25),
                "date_end": date(2026, 12, 9),
                "reason": "Vi phạm nội quy",
            }
        )
        relative = self._visitor(
            "Trần Thị Mẹ", "mother", "female", 1960, "420001", self.resident2
        )
        with self.assertRefused(
            UserError,
            r"suspended from 25/11/2026 to 09/12/2026 \(discipline decision 05/QĐ-KL\)",
        ):
            self._book(relative, self._slot(THU), stay=self.stay2)
        with self.assertRefused(ValidationError, "needs its dates"):
            Discipline.create(
                {
                    "resident_id": self.resident2.id,
                    "company_id": self.facility.id,
                    "kind": "visits",
                    "date": date(2026, 11, 25),
                    "reason": "Vi phạm nội quy",
                }
            )
        # After the room: the first day out is fine.
        self._book(self.mother, self._slot(date(2026, 11, 28)))

    def test_resident_away_cannot_be_booked(self):
        self._send_away(self.stay)
        with self.assertRefused(UserError, r"cannot be visited: status “Absent”"):
            self._book(self.mother, self._slot(THU))

    def test_a_stranger_is_not_a_visitor(self):
        relative = self._visitor(
            "Trần Thị Mẹ", "mother", "female", 1960, "420001", self.resident2
        )
        with self.assertRefused(
            UserError, "is not a registered visitor of Nguyễn Văn Thăm"
        ):
            self._book(self.mother | relative, self._slot(THU))

    def test_roles_that_cannot_book(self):
        for user in (self.instructor_user, self.medical_user, self.auditor_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._book(self.mother, self._slot(THU), user=user)
        with self.assertRefused(UserError, "cannot be set by hand|not created by hand"):
            self.env["rehab.visit"].with_user(self.intake_user).create(
                {"stay_id": self.stay.id, "kind": "regular"}
            )


@tagged("post_install", "-at_install")
class TestGate(GateCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Today 11:00-15:00 (it is 12:00): a visit can be checked in now.
        cls.today_slot = cls._slot(date(2026, 11, 25), hour=11, hours=4)

    def test_check_in_with_each_id_then_out(self):
        visit = self._book(self.mother | self.father, self.today_slot)
        with self.assertRefused(AccessError, "security officers"):
            visit.with_user(self.intake_user).check_in(self._ids(self.mother))
        gate = visit.with_user(self.security_user)
        with self.assertRefused(UserError, "not valid: a CCCD has exactly 12 digits"):
            gate.check_in("12345")
        stranger = cccd("male", date(1980, 1, 1), "499999")
        with self.assertRefused(
            UserError, f"Citizen ID {stranger} is not a registered visitor"
        ):
            gate.check_in(stranger)
        gate.check_in(self.mother.citizen_id)
        self.assertEqual(visit.state, "in_progress")
        self.assertEqual(visit.checked_in_by_id, self.security_user)
        lines = {line.visitor_id: line.present for line in visit.visitor_line_ids}
        self.assertEqual(lines, {self.mother: True, self.father: False})
        with self.assertRefused(UserError, "“In Visit”: the check-in is not possible"):
            gate.check_in(self.mother.citizen_id)
        gate.check_out()
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.overrun_minutes, 0)

    def test_check_in_too_early_and_overrun(self):
        later = self._book(self.mother, self._slot(THU))
        with self.assertRefused(UserError, "30 minutes before, at the earliest"):
            later.with_user(self.security_user).check_in(self.mother.citizen_id)
        visit = self._book(
            self._visitor(
                "Trần Thị Mẹ", "mother", "female", 1960, "420001", self.resident2
            ),
            self.today_slot,
            stay=self.stay2,
        )
        gate = visit.with_user(self.security_user)
        gate.check_in(visit.visitor_line_ids.visitor_id.citizen_id)
        gate.check_out(visit.date_end + timedelta(minutes=15))
        self.assertEqual(visit.overrun_minutes, 15)

    def test_walk_in(self):
        visit = self._book(self.mother, walk_in=True, user=self.security_user)
        self.assertEqual(visit.booking, "walk_in")
        self.assertEqual(visit.slot_id, self.today_slot)
        self.assertEqual(visit.date_start, fields.Datetime.now())
        self.assertEqual(visit.hours, 2.0)
        visit.with_user(self.security_user).check_in(self.mother.citizen_id)
        self.assertEqual(visit.state, "in_progress")

    def test_roll_count_and_bed_board_during_a_visit(self):
        area = self.area_compulsory_m.with_user(self.intake_user)
        self.assertEqual((area.present_count, area.in_visit_count), (2, 0))
        visit = self._book(self.mother, self.today_slot)
        gate = visit.with_user(self.security_user)
        gate.check_in(self.mother.citizen_id)
        self.assertEqual(self.stay.gate_status, "in_visit")
        area.invalidate_recordset()
        self.assertEqual(
            (area.capacity, area.present_count, area.in_visit_count, area.absent_count),
            (3, 1, 1, 0),
        )
        self.assertEqual(
            self.bed_c1.with_user(self.security_user).current_stay_gate_status,
            "in_visit",
        )
        gate.check_out()
        area.invalidate_recordset()
        self.assertEqual((area.present_count, area.in_visit_count), (2, 0))
        self.assertFalse(self.stay.gate_status)

    def test_confiscated_prohibited_item_opens_a_contraband_incident(self):
        visit = self._book(self.mother | self.father, self.today_slot)
        gate = visit.with_user(self.security_user)
        gate.check_in(self._ids(self.mother | self.father))
        with self.assertRefused(UserError, "is prohibited: it is confiscated"):
            gate.inspect_items(
                [{"name": "Ma túy đá", "contraband": True, "outcome": "accepted"}]
            )
        with self.assertRefused(AccessError, "security officers"):
            visit.with_user(self.intake_user).inspect_items(
                [{"name": "Bánh", "outcome": "accepted"}]
            )
        with self.assertRefused(UserError, "cannot be set by hand"):
            gate.inspect_items(
                [{"name": "Bánh", "outcome": "accepted", "incident_id": 1}]
            )
        self.assertFalse(visit.item_ids)
        items = gate.inspect_items(
            [
                {
                    "name": "Bánh chưng",
                    "quantity": 2,
                    "outcome": "accepted",
                    "visitor_id": self.mother.id,
                },
                {
                    "name": "Điện thoại",
                    "outcome": "handed_back",
                    "visitor_id": self.father.id,
                },
                {
                    "name": "Ma túy đá (gói nhỏ)",
                    "outcome": "confiscated",
                    "contraband": True,
                    "visitor_id": self.father.id,
                },
            ]
        )
        self.assertEqual(len(items), 3)
        incident = visit.incident_ids
        self.assertEqual(len(incident), 1)
        self.assertEqual(
            incident.type_id, self.env.ref("rehab_facility.incident_type_contraband")
        )
        self.assertEqual(incident.state, "draft")
        self.assertEqual(incident.participant_ids.resident_id, self.resident)
        self.assertIn(visit.name, incident.description)
        self.assertIn("Ma túy đá (gói nhỏ)", incident.description)
        self.assertEqual(items.filtered("contraband").incident_id, incident)
        self.assertFalse((items - items.filtered("contraband")).incident_id)
        self.assertEqual(incident.create_uid, self.security_user)
        with self.assertRefused(UserError, "cannot be changed by hand"):
            items[0].with_user(self.security_user).write({"outcome": "confiscated"})

    def test_gate_list_is_printed_in_vietnamese(self):
        self._book(self.mother, self.today_slot)
        self._book(
            self._visitor(
                "Trần Thị Mẹ", "mother", "female", 1960, "420001", self.resident2
            ),
            self._slot(date(2026, 11, 25), 14, 2),
            stay=self.stay2,
        )
        self._book(self.father, self._slot(THU + timedelta(days=7)))  # not today
        action = (
            self.env["rehab.visit"]
            .with_user(self.security_user)
            .action_print_gate_list()
        )
        visits = self.env["rehab.visit"].browse(action["context"]["active_ids"])
        self.assertEqual(visits.resident_id, self.resident | self.resident2)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.security_user)
            ._render_qweb_html("rehab_facility.report_visit_gate_list", visits.ids)[0]
            .decode()
        )
        for text in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "DANH SÁCH THĂM GẶP HỌC VIÊN",
            "Ngày 25/11/2026",
            "Nguyễn Văn Thăm",
            self.mother.citizen_id,
        ):
            self.assertIn(text, html)
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(
                self.instructor_user
            )._render_qweb_html("rehab_facility.report_visit_gate_list", visits.ids)


@tagged("post_install", "-at_install")
class TestVisitors(GateCase):
    def test_registration_checks_the_citizen_id_and_links_the_contact(self):
        Visitor = self.env["rehab.visitor"].with_user(self.intake_user)
        base = {
            "name": "Đỗ Thị Cô",
            "resident_id": self.resident.id,
            "relationship": "other",
        }
        with self.assertRefused(ValidationError, "exactly 12 digits"):
            Visitor.create({**base, "citizen_id": "02218800012"})
        with self.assertRefused(ValidationError, "belongs to a female person"):
            Visitor.create(
                {
                    **base,
                    "citizen_id": cccd("female", date(1988, 1, 1), "510001"),
                    "sex": "male",
                }
            )
        with self.assertRefused(UserError, "cannot be set by hand"):
            Visitor.create(
                {
                    **base,
                    "citizen_id": cccd("female", date(1988, 1, 1), "510001"),
                    "ban_date_from": date(2026, 1, 1),
                }
            )
        visitor = Visitor.create(
            {
                **base,
                "citizen_id": " " + cccd("female", date(1988, 1, 1), "510001") + " ",
            }
        )
        self.assertEqual(visitor.citizen_id, cccd("female", date(1988, 1, 1), "510001"))
        self.assertEqual(visitor.contact_id.resident_id, self.resident)
        self.assertEqual(visitor.contact_id.name, "Đỗ Thị Cô")
        self.assertIn(visitor.contact_id, self.resident.contact_ids)
        with self.assertRefused(UserError, "cannot be changed by hand"):
            visitor.write({"citizen_id": cccd("female", date(1988, 1, 1), "510002")})
        with self.assertRefused(UserError, "cannot be deleted"):
            visitor.with_user(self.manager_user).unlink()

    def test_visitor_data_for_intake_and_security_only(self):
        visit = self._book(self.mother, self._slot(THU))
        for user in (self.intake_user, self.security_user, self.manager_user):
            with self.subTest(user=user.login):
                self.assertIn(
                    self.mother, self.env["rehab.visitor"].with_user(user).search([])
                )
                self.assertEqual(
                    self.mother.with_user(user).citizen_id, self.mother.citizen_id
                )
                self.assertEqual(
                    visit.with_user(user).visitor_line_ids.visitor_id, self.mother
                )
        for user in (self.instructor_user, self.medical_user, self.auditor_user):
            with self.subTest(user=user.login):
                for record in (self.mother, visit, visit.visitor_line_ids):
                    with self.assertRaises(AccessError):
                        record.with_user(user).read(["display_name"])
                with self.assertRaises(AccessError):
                    self.env["rehab.visitor"].with_user(user).search([])

    def test_another_facility_s_visitors_stay_there(self):
        other_resident = self._resident(
            "Lý Văn Khác", serial="610001", company_id=self.other_facility.id
        )
        foreign = self.env["rehab.visitor"].create(
            {
                "name": "Lý Thị Mẹ",
                "citizen_id": cccd("female", date(1960, 1, 1), "610002"),
                "resident_id": other_resident.id,
                "relationship": "mother",
            }
        )
        for user in (self.intake_user, self.security_user):
            self.assertNotIn(
                foreign, self.env["rehab.visitor"].with_user(user).search([])
            )
            with self.assertRaises(AccessError):
                foreign.with_user(user).read(["citizen_id"])
        with self.assertRaises(AccessError):
            self.env["rehab.visit.book.wizard"].with_user(self.intake_user).create(
                {"stay_id": self.stay.id, "visitor_ids": [(6, 0, foreign.ids)]}
            )
