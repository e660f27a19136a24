"""Issue 16: the intake desk without dead ends, security in one step.

Every test acts as the real user of the role (intake officer, security
officer, manager) and checks what that user sees or is refused.
"""

import base64
from datetime import date, datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TODAY, RehabCase, cccd

FIGHT_AT = datetime(2026, 11, 25, 2, 0)  # 09:00 on 25/11 in Vietnam


@tagged("post_install", "-at_install")
class TestIntakeWithoutDeadEnds(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.area_discipline_m = cls._area("Discipline men", "discipline", "male")
        cls.area_isolation_m = cls._area("Isolation men", "infectious", "male")
        (cls.bed_d1,) = cls._beds(cls.area_discipline_m, 1)
        (cls.bed_i1,) = cls._beds(cls.area_isolation_m, 1)

    def _wizard(self, **identity):
        model = self.env["rehab.intake.wizard"].with_user(self.intake_user)
        form = Form(model.with_company(self.facility))
        for field, value in identity.items():
            setattr(form, field, value)
        return form

    def _details(self, **identity):
        wizard = self._wizard(**identity).save()
        wizard.action_search()
        return wizard

    def _order(self, wizard, **values):
        form = Form(wizard)
        form.order_kind = "compulsory_adult"
        form.decision_number = "15/2026/QĐ-TA"
        form.decision_date = date(2026, 11, 20)
        form.decision_authority = "Tòa án nhân dân khu vực 1 - Quảng Ninh"
        for field, value in values.items():
            setattr(form, field, value)
        return form.save()

    # ------------------------------------------------------------- going back
    def test_every_step_goes_back_without_errors(self):
        known = self._resident("Trương Văn Lùi", serial="616161")
        wizard = self._details(name="Trương Văn Lui", birthdate=date(1991, 1, 1))
        self.assertEqual(wizard.step, "candidates")
        self.assertIn(known, wizard.candidate_ids)
        wizard.new_person_reason = "Khác cha mẹ, khác quê"
        wizard.action_continue()
        self.assertEqual(wizard.step, "details")
        # Nothing of the admission typed: the form still saves, Back works.
        Form(wizard).save()
        wizard.action_back()
        self.assertEqual(wizard.step, "candidates")
        wizard.action_back()
        self.assertEqual(wizard.step, "search")
        # A new search forgets the person chosen in an earlier one.
        wizard.resident_id = known
        wizard.write({"name": "Người Hoàn Toàn Mới", "birthdate": date(1970, 2, 2)})
        wizard.action_search()
        self.assertFalse(wizard.resident_id)
        self.assertEqual(wizard.step, "details")
        wizard.action_back()
        self.assertEqual(wizard.step, "search")

    def test_confirm_names_what_is_missing(self):
        wizard = self._details(
            name="Thiếu Văn Quyết", birthdate=date(1980, 1, 1), sex="male"
        )
        wizard.write({"order_kind": False, "bed_id": False})
        with self.assertRefused(UserError, "Please fill in: Order, Bed"):
            wizard.with_user(self.intake_user).action_confirm()
        # The decision of a compulsory order: the stay's own rule says it.
        wizard.write({"order_kind": "compulsory_adult", "bed_id": self.bed_c1.id})
        with self.assertRefused(ValidationError, "needs the court decision"):
            wizard.with_user(self.intake_user).action_confirm()

    # ------------------------------------------------------ person in facility
    def test_person_in_facility_stopped_at_search(self):
        known = self._resident("Đỗ Văn Đang", serial="313131")
        stay = self._stay(known, bed=self.bed_c1)
        wizard = self._wizard(citizen_id=known.citizen_id).save()
        with self.assertRefused(UserError, f"in the facility now: stay {stay.name}"):
            wizard.action_search()
        self.assertEqual(wizard.step, "search")
        # Found by name instead: choosing them is refused at Continue.
        wizard = self._details(name="Đỗ Văn Đang")
        self.assertEqual(wizard.step, "candidates")
        self.assertIn(stay.name, known.stay_summary)
        wizard.resident_id = known
        with self.assertRefused(UserError, f"stay {stay.name} .*admitted on 01/10"):
            wizard.action_continue()
        self.assertEqual(wizard.step, "candidates")

    def test_released_person_is_received_again(self):
        known = self._resident("Lại Văn Về", serial="323232")
        self._discharge(self._stay(known, bed=self.bed_c1))
        wizard = self._wizard(citizen_id=known.citizen_id).save()
        wizard.action_search()
        self.assertEqual((wizard.step, wizard.resident_id), ("details", known))

    def test_candidates_show_the_person_in_full(self):
        arch = (
            self.env["rehab.intake.wizard"]
            .with_user(self.intake_user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        candidates = arch[arch.index('name="candidate_ids"') :]
        candidates = candidates[: candidates.index("</list>")]
        for name in ("name", "citizen_id", "birthdate", "commune_id", "stay_summary"):
            self.assertIn(f'name="{name}"', candidates)
        self.assertIn("o_rehab_candidates", arch)

    # ------------------------------------------------------------------ beds
    def test_discipline_and_isolation_beds_need_a_reason(self):
        birth = date(1990, 4, 2)
        wizard = self._details(
            citizen_id=cccd("male", birth, "717171"),
            name="Kha Văn Cách",
            birthdate=birth,
        )
        # The CCCD gives the sex; the first free bed of the order's area is proposed.
        self.assertEqual(wizard.sex, "male")
        wizard = self._order(wizard)
        self.assertEqual(wizard.bed_id, self.bed_c1)
        self.assertNotIn(self.bed_d1, wizard.fitting_bed_ids)
        self.assertNotIn(self.bed_i1, wizard.fitting_bed_ids)
        wizard = self._order(wizard, special_area=True)
        self.assertIn(self.bed_d1, wizard.fitting_bed_ids)
        self.assertIn(self.bed_i1, wizard.fitting_bed_ids)
        wizard.bed_id = self.bed_i1
        residents = self.env["rehab.resident"].search_count([])
        with self.assertRefused(
            UserError, "infectious-disease area.*only with a reason"
        ):
            wizard.with_user(self.intake_user).action_confirm()
        self.assertEqual(self.env["rehab.resident"].search_count([]), residents)
        self.assertEqual(self.bed_i1.status, "free")
        wizard.special_area_reason = "Lao phổi đang điều trị"
        action = wizard.with_user(self.intake_user).action_confirm()
        stay = self.env["rehab.stay"].browse(action["res_id"])
        self.assertEqual(stay.current_bed_id, self.bed_i1)
        self.assertIn("Lao phổi đang điều trị", stay.assignment_ids.reason)

    def test_assign_bed_refuses_blank_area_reason(self):
        stay = self._stay(self._resident("Vạn Văn Kỷ", serial="727272"))
        stays = stay.with_user(self.intake_user)
        with self.assertRefused(UserError, "discipline or infectious-disease area"):
            stays.assign_bed(self.bed_d1.with_user(self.intake_user), area_reason="  ")
        self.assertFalse(stay.current_bed_id)
        stays.assign_bed(self.bed_d1, area_reason="Gây rối ngay khi tiếp nhận")
        self.assertEqual(stay.current_bed_id, self.bed_d1)
        # A move later is the bed move's business (reason as before).
        stays.assign_bed(self.bed_c2, reason="Hết thời hạn kỷ luật")
        self.assertEqual(stay.current_bed_id, self.bed_c2)

    # -------------------------------------------------------- New opens intake
    def test_new_on_stays_and_residents_opens_the_intake(self):
        for model in ("rehab.stay", "rehab.resident"):
            views = (
                self.env[model]
                .with_user(self.intake_user)
                .get_views([(False, "list"), (False, "kanban")])
            )
            for kind in ("list", "kanban"):
                arch = views["views"][kind]["arch"]
                self.assertIn(f'js_class="rehab_intake_{kind}"', arch, model)
        action = self.env.ref("rehab_facility.rehab_stay_action")
        self.assertIn("kanban", action.view_mode)


@tagged("post_install", "-at_install")
class TestSecurityInOneStep(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.type_fight = cls.env.ref("rehab_facility.incident_type_fight")
        cls.type_escape = cls.env.ref("rehab_facility.incident_type_escape")
        cls.resident = cls._resident("Lê Văn Trốn", serial="818181")
        cls.stay = cls._stay(cls.resident, bed=cls.bed_c1)
        cls.resident_2 = cls._resident(
            "Phan Văn Tang", birthdate=date(1992, 3, 3), serial="828282"
        )
        cls.stay_2 = cls._stay(cls.resident_2, bed=cls.bed_c2)

    def _fight(self, resident, role="initiator"):
        return (
            self.env["rehab.incident"]
            .with_user(self.security_user)
            .create(
                {
                    "type_id": self.type_fight.id,
                    "date": FIGHT_AT,
                    "description": "Đánh nhau ở nhà ăn.",
                    "participant_ids": [
                        (0, 0, {"resident_id": resident.id, "role": role})
                    ],
                }
            )
        )

    def _report_escape(self, **values):
        wizard = (
            self.env["rehab.stay.departure.wizard"]
            .with_user(self.security_user)
            .create(
                {
                    "stay_id": self.stay.id,
                    "kind": "escape",
                    "date_start": datetime(2026, 11, 20, 13, 0),
                    "pursuit_decision_number": "77/QĐ-CSCN",
                    **values,
                }
            )
        )
        result = wizard.action_confirm()
        return self.stay.open_absence_id, result

    def test_escape_creates_its_incident(self):
        absence, result = self._report_escape()
        incident = absence.incident_id
        self.assertTrue(incident, "the escape incident is created in the same step")
        self.assertEqual(incident.type_id, self.type_escape)
        self.assertEqual(incident.date, datetime(2026, 11, 20, 13, 0))
        self.assertEqual(incident.area_id, self.area_compulsory_m)
        self.assertEqual(incident.create_uid, self.security_user)
        self.assertEqual(incident.state, "draft")
        escapee = incident.participant_ids
        self.assertEqual(
            (escapee.resident_id, escapee.role), (self.resident, "escapee")
        )
        self.assertIn(incident.name, result["params"]["message"])
        self.assertEqual(self.stay.state, "absent")

    def test_escape_links_the_incident_already_logged(self):
        logged = (
            self.env["rehab.incident"]
            .with_user(self.security_user)
            .create(
                {
                    "type_id": self.type_escape.id,
                    "date": datetime(2026, 11, 20, 12, 0),
                    "description": "Vượt tường rào phía bắc.",
                }
            )
        )
        count = self.env["rehab.incident"].search_count([])
        absence, __ = self._report_escape(incident_id=logged.id)
        self.assertEqual(absence.incident_id, logged)
        self.assertEqual(self.env["rehab.incident"].search_count([]), count)
        self.assertEqual(logged.participant_ids.resident_id, self.resident)
        self.assertEqual(logged.participant_ids.role, "escapee")

    def test_escape_refuses_a_non_escape_incident(self):
        fight = self._fight(self.resident_2)
        with self.assertRefused(UserError, f"Incident {fight.name} is not an escape"):
            self._report_escape(incident_id=fight.id)
        self.assertFalse(self.stay.absence_ids)
        self.assertEqual(self.stay.state, "in_rehab")

    def test_escaped_resident_cannot_be_initiator_of_a_fight(self):
        self._report_escape()
        with self.assertRefused(
            ValidationError, "Lê Văn Trốn cannot be listed.*escaped since 20/11/2026"
        ):
            self._fight(self.resident)

    def test_resident_on_funeral_leave_cannot_be_listed(self):
        leave = (
            self.env["rehab.funeral.leave"]
            .with_user(self.intake_user)
            .create(
                {
                    "stay_id": self.stay_2.id,
                    "deceased_name": "Phan Văn Cha",
                    "deceased_relationship": "father",
                    "date_of_death": date(2026, 11, 23),
                    "death_document": base64.b64encode(b"%PDF-1.4 giay"),
                    "death_document_name": "giay.pdf",
                    "destination": "Xã Hoành Bồ, Quảng Ninh",
                    "leave_days": 5,
                    "travel_days": 1,
                }
            )
        )
        leave.with_user(self.manager_user).action_approve()
        leave.with_user(self.security_user).action_depart(
            when=datetime(2026, 11, 24, 1, 0), escort_ids=self.security_user.ids
        )
        with self.assertRefused(
            ValidationError, "Phan Văn Tang cannot be listed.*funeral leave since 24/11"
        ):
            self._fight(self.resident_2, role="victim")

    def test_release_closes_the_stale_activities(self):
        overdue = self._stay(
            self._resident("Quá Hạn Văn Ra", serial="838383"),
            admission=date(2024, 10, 1),
            bed=self.bed_c3,
        )
        self.assertTrue(overdue.release_overdue)
        self.env["rehab.stay"]._cron_release_follow_up()
        activity_type = self.env.ref("rehab_facility.mail_activity_release_overdue")
        self.assertIn(activity_type, overdue.activity_ids.activity_type_id)
        self._discharge(overdue, release_date=TODAY)
        self.assertFalse(overdue.activity_ids)
        done = overdue.message_ids.filtered(
            lambda m: "Closed: the stay was released." in (m.body or "")
        )
        self.assertTrue(done, "the activity is marked done with why")
