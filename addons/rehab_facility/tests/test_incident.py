from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import RehabCase

# The fixture's stay: admitted 01/10/2026 for 24 months.
RELEASE = date(2028, 10, 1)
ESCAPE_AT = datetime(2026, 11, 10, 3, 0)  # 10:00 on 10/11 in Vietnam
BACK_AT = datetime(2026, 11, 22, 3, 0)  # 10:00 on 22/11 in Vietnam: 12 days
# What the user is told when the access rights (or a record rule) refuse.
DENIED = {
    "read": r"not allowed to access|'read' access",
    "write": r"not allowed to modify|'write' access",
    "create": r"not allowed to create|'create' access",
    "unlink": r"not allowed to delete|'unlink' access",
}


@tagged("post_install", "-at_install")
class TestIncident(RehabCase):
    """Incidents, escapes, suspensions, court reductions, discipline, rewards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Incident = cls.env["rehab.incident"]
        cls.type_fight = cls.env.ref("rehab_facility.incident_type_fight")
        cls.type_contraband = cls.env.ref("rehab_facility.incident_type_contraband")
        cls.type_escape = cls.env.ref("rehab_facility.incident_type_escape")
        cls.serious_type = cls.env.ref("rehab_facility.mail_activity_incident_serious")
        cls.action_type = cls.env.ref("rehab_facility.mail_activity_incident_action")
        cls.resident = cls._resident()
        cls.stay = cls._stay(cls.resident, bed=cls.bed_c1)
        cls.resident_2 = cls._resident(
            name="Lê Văn Hai", birthdate=date(1990, 6, 1), serial="000456"
        )
        cls.security_user_2 = cls._user(
            "security_2", "rehab_facility.group_rehab_security"
        )

    # ----------------------------------------------------------------- helpers
    def _incident(self, user=None, **values):
        return self.Incident.with_user(user or self.security_user).create(
            {
                "type_id": self.type_fight.id,
                "date": datetime(2026, 11, 25, 2, 0),
                "description": "Two residents fought in the canteen.",
                **values,
            }
        )

    def _other_facility_user(self, login, group):
        other = self.other_facility
        return new_test_user(
            self.env,
            login=f"rehab_test_{login}",
            groups=f"base.group_user,{group}",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )

    def _wizard_form(self, action, user):
        model = self.env[action["res_model"]].with_user(user)
        return Form(model.with_context(**action["context"]))

    def _depart(self, when, stay=None, kind="escape", user=None, **values):
        """Fill and confirm the departure wizard as a user would."""
        stay = stay or self.stay
        if kind == "escape":
            user = user or self.security_user
            action = stay.with_user(user).action_report_escape()
        else:
            user = user or self.intake_user
            action = stay.with_user(user).action_suspend()
        form = self._wizard_form(action, user)
        form.date_start = when
        if kind == "escape":
            form.pursuit_decision_number = values.pop("number", "05/QĐ-TT")
            form.pursuit_decision_date = values.pop("decision_date", when.date())
            form.police_unit = values.pop("police", "Công an phường Hà Tu")
        else:
            form.hospital = values.pop("hospital", "Bệnh viện Bãi Cháy")
            form.document_reference = values.pop("document", "20/GCN-BV")
        for fname, value in values.items():
            form[fname] = value
        wizard = form.save()
        return wizard.action_confirm()

    def _return_wizard(self, when, stay=None, user=None, return_kind="brought_back"):
        stay = stay or self.stay
        user = user or self.security_user
        form = self._wizard_form(stay.with_user(user).action_record_return(), user)
        form.date_end = when
        if form.kind == "escape":
            form.return_kind = return_kind
        return form.save()

    def _return(self, when, **kwargs):
        return self._return_wizard(when, **kwargs).action_confirm()

    def _discipline(self, kind="reprimand", on=date(2026, 11, 20), **values):
        return (
            self.env["rehab.discipline"]
            .with_user(self.security_user)
            .create(
                {
                    "resident_id": self.resident.id,
                    "kind": kind,
                    "date": on,
                    "reason": "Fought in the canteen",
                    **values,
                }
            )
        )

    def _room(self, start, end, **values):
        return self._discipline(
            kind="room", on=start, date_start=start, date_end=end, **values
        )

    def _end_request(self):
        """What the end of a request does: flush, then post the tracking."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _discharge(self, stay, reason, release_date=None, **values):
        """The manager releases the stay with the discharge wizard."""
        user = self.manager_user
        form = self._wizard_form(
            stay.with_user(user).action_open_discharge_wizard(), user
        )
        form.reason = reason
        if release_date:
            form.release_date = release_date
        for fname, value in values.items():
            form[fname] = value
        return form.save().action_confirm()

    def _reduction_form(self, stay=None, user=None):
        user = user or self.intake_user
        stay = stay or self.stay
        form = self._wizard_form(stay.with_user(user).action_court_reduction(), user)
        form.decision_number = "45/2026/QĐ-TA"
        form.decision_date = date(2026, 11, 20)
        form.decision_authority = "Tòa án nhân dân khu vực 1 - Quảng Ninh"
        return form

    # ---------------------------------------------------------------- numbering
    def test_numbering_per_facility(self):
        first = self._incident()
        second = self._incident()
        self.assertEqual(first.company_id, self.facility)
        self.assertEqual((first.name, second.name), ("SC/2026/0001", "SC/2026/0002"))
        # An officer of the other facility starts its own sequence.
        other_officer = self._other_facility_user(
            "other_security", "rehab_facility.group_rehab_security"
        )
        other = self.Incident.with_user(other_officer).with_context(
            allowed_company_ids=self.other_facility.ids
        )
        theirs = other.create(
            {"type_id": self.type_fight.id, "description": "Fight in dormitory B"}
        )
        self.assertEqual(theirs.company_id, self.other_facility)
        self.assertEqual(theirs.name, "SC/2026/0001")
        # A manager of both facilities files for the other one by choosing it.
        both = new_test_user(
            self.env,
            login="rehab_test_regional_manager",
            groups="base.group_user,rehab_facility.group_rehab_manager",
            company_id=self.facility.id,
            company_ids=[Command.set((self.facility | self.other_facility).ids)],
        )
        filed = (
            self.Incident.with_user(both)
            .with_context(allowed_company_ids=(self.facility | self.other_facility).ids)
            .create(
                {
                    "type_id": self.type_fight.id,
                    "description": "Fight during labour therapy",
                    "company_id": self.other_facility.id,
                }
            )
        )
        self.assertEqual(filed.name, "SC/2026/0002")
        self.assertEqual(self._incident().name, "SC/2026/0003")

    # ----------------------------------------------------------------- workflow
    def test_draft_records_immediate_action_before_analysis(self):
        self._stay(self.resident_2, bed=self.bed_c2)
        form = Form(self.Incident.with_user(self.security_user))
        form.type_id = self.type_fight
        self.assertEqual(form.severity, "medium")
        form.type_id = self.type_contraband
        self.assertEqual(form.severity, "high", "severity follows the type")
        form.severity = "low"
        form.area_id = self.area_compulsory_m
        form.description = "Cigarettes found under a mattress."
        form.immediate_action = "Seized the cigarettes, searched the room."
        with form.participant_ids.new() as line:
            line.resident_id = self.resident
            line.role = "possession"
            line.outcome = "Reprimand proposed"
        with form.participant_ids.new() as line:
            line.resident_id = self.resident_2
            line.role = "witness"
        form.staff_ids.add(self.security_user_2)
        incident = form.save()
        self.assertEqual(incident.state, "draft")
        self.assertEqual(incident.name, "SC/2026/0001")
        self.assertEqual(incident.severity, "low")
        self.assertEqual(incident.date, datetime(2026, 11, 25, 5, 0))
        self.assertEqual(incident.month, date(2026, 11, 1))
        self.assertEqual(
            incident.immediate_action, "Seized the cigarettes, searched the room."
        )
        self.assertFalse(incident.root_cause)
        self.assertEqual(incident.staff_ids, self.security_user_2)
        roles = {p.resident_id: (p.role, p.stay_id) for p in incident.participant_ids}
        self.assertEqual(roles[self.resident], ("possession", self.stay))
        self.assertEqual(roles[self.resident_2][0], "witness")

    def test_workflow_draft_to_closed(self):
        incident = self._incident(immediate_action="Separated the residents")
        with self.assertRefused(UserError, "Only a reported incident can be put"):
            incident.action_investigate()
        with self.assertRefused(UserError, "Only a reported incident can be closed"):
            incident.action_close()
        self.assertEqual(incident.state, "draft")
        incident.action_report()
        self._end_request()
        self.assertEqual(incident.state, "reported")
        with self.assertRefused(UserError, "Only a draft incident can be reported"):
            incident.action_report()
        incident.action_investigate()
        self._end_request()
        incident.root_cause = "Dispute over cigarettes"
        self.assertEqual(incident.state, "investigation")
        incident.action_close()
        self.assertEqual(incident.state, "closed")
        with self.assertRefused(UserError, "Only a reported incident can be put"):
            incident.action_investigate()
        self.assertEqual(incident.state, "closed")
        # The history of the states is in the chatter.
        self._end_request()
        tracked = self.Incident.browse(incident.id).message_ids.tracking_value_ids
        tracked = tracked.filtered(lambda t: t.field_id.name == "state")
        self.assertEqual(
            sorted(tracked.mapped("new_value_char")),
            ["Closed", "Reported", "Under Investigation"],
        )

    def test_incident_in_future_refused(self):
        with self.assertRefused(ValidationError, "in the future|and today"):
            self._incident(
                date=datetime(2026, 11, 25, 6, 0),
                description="Dated one hour ahead",
            )
        self.assertFalse(
            self.Incident.search([("description", "=", "Dated one hour ahead")])
        )
        incident = self._incident()
        with self.assertRefused(ValidationError, "in the future|and today"):
            incident.date = datetime(2026, 11, 26, 2, 0)
        self.assertEqual(incident.date, datetime(2026, 11, 25, 2, 0))

    def test_mark_duplicate(self):
        original = self._incident()
        original.action_report()
        copy = self._incident(type_id=self.type_contraband.id)
        with self.assertRefused(UserError, "Choose the incident"):
            copy.action_mark_duplicate()
        copy.duplicate_of_id = copy
        with self.assertRefused(UserError, "cannot duplicate itself"):
            copy.action_mark_duplicate()
        copy.duplicate_of_id = original
        # A duplicate needs none of the serious incident's fields.
        copy.action_mark_duplicate()
        self.assertEqual(copy.state, "duplicate")
        self.assertEqual(copy.duplicate_of_id, original)
        self.assertEqual(original.state, "reported")
        self.assertFalse(copy.activity_ids)

    def test_incidents_are_never_deleted(self):
        """Numbers are gapless: even a draft stays in the register."""
        draft = self._incident()
        reported = self._incident()
        reported.action_report()
        as_manager = self.Incident.with_user(self.manager_user)
        for incident in (draft, reported):
            with self.assertRefused(UserError, "incident cannot be deleted"):
                as_manager.browse(incident.id).unlink()
            self.assertTrue(incident.exists())
        as_manager.browse(draft.id).action_archive_with_reason("Recorded twice")
        self.assertFalse(draft.active)

    # --------------------------------------------------------- serious incidents
    def test_serious_incident_needs_police_and_director_then_notifies(self):
        other_manager = self._other_facility_user(
            "other_manager", "rehab_facility.group_rehab_manager"
        )
        incident = self._incident(type_id=self.type_contraband.id)
        self.assertEqual(incident.severity, "high")
        with self.assertRefused(ValidationError, "police were notified"):
            incident.action_report()
        self.assertEqual(incident.state, "draft")
        self.assertFalse(incident.activity_ids)
        incident.police_notified_at = datetime(2026, 11, 25, 2, 30)
        with self.assertRefused(ValidationError, "director informed"):
            incident.action_report()
        self.assertEqual(incident.state, "draft")
        incident.director_informed = True
        incident.action_report()
        self.assertEqual(incident.state, "reported")
        activities = incident.activity_ids.filtered(
            lambda a: a.activity_type_id == self.serious_type
        )
        self.assertEqual(activities.user_id, self.manager_user)
        self.assertIn("Contraband", activities.summary)
        self.assertNotIn(other_manager, incident.activity_ids.user_id)
        # The manager sees it in their own to-do list.
        todo = (
            self.env["mail.activity"]
            .with_user(self.manager_user)
            .search([("user_id", "=", self.manager_user.id)])
        )
        self.assertIn(activities, todo)
        message = incident.message_ids.filtered(
            lambda m: "manager has been notified" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertIn(self.manager_user.partner_id, message.partner_ids)
        # Police time and director stay required while it is open.
        with self.assertRefused(ValidationError, "police were notified"):
            incident.police_notified_at = False
        self.assertTrue(incident.police_notified_at)

    def test_critical_severity_chosen_by_hand_is_serious(self):
        incident = self._incident()
        incident.severity = "critical"
        with self.assertRefused(ValidationError, "high or critical"):
            incident.action_report()
        incident.write(
            {
                "police_notified_at": datetime(2026, 11, 25, 2, 30),
                "director_informed": True,
            }
        )
        incident.action_report()
        self.assertEqual(
            incident.activity_ids.filtered(
                lambda a: a.activity_type_id == self.serious_type
            ).user_id,
            self.manager_user,
        )

    def test_medium_incident_notifies_nobody(self):
        incident = self._incident()
        incident.action_report()
        self.assertFalse(incident.activity_ids)
        self.assertFalse(
            incident.message_ids.filtered(
                lambda m: "manager has been notified" in (m.body or "")
            )
        )

    def test_severity_raised_after_report_notifies_manager(self):
        """An incident found to be high during the investigation is serious
        from then on: the manager hears of it at once too."""
        incident = self._incident()
        incident.action_report()
        incident.action_investigate()
        with self.assertRefused(ValidationError, "high or critical"):
            incident.severity = "high"
        incident.write(
            {
                "severity": "high",
                "police_notified_at": datetime(2026, 11, 25, 4, 0),
                "director_informed": True,
            }
        )
        activities = incident.activity_ids.filtered(
            lambda a: a.activity_type_id == self.serious_type
        )
        self.assertEqual(activities.user_id, self.manager_user)

    # ------------------------------------------------------- follow-up actions
    def test_follow_up_actions_are_activities_of_their_owner(self):
        incident = self._incident()
        incident.action_report()
        incident.write(
            {
                "action_ids": [
                    Command.create(
                        {
                            "name": "Search dormitory 3",
                            "user_id": self.security_user_2.id,
                            "deadline": date(2026, 11, 27),
                        }
                    ),
                    Command.create(
                        {"name": "Hear the witnesses", "deadline": date(2026, 11, 30)}
                    ),
                ]
            }
        )
        search_room, hear = incident.action_ids.sorted("deadline")
        self.assertEqual(hear.user_id, self.security_user, "owner defaults to me")
        self.assertEqual(incident.open_action_count, 2)
        todo = (
            self.env["mail.activity"]
            .with_user(self.security_user_2)
            .search([("user_id", "=", self.security_user_2.id)])
        )
        self.assertEqual(todo, search_room.activity_id)
        self.assertEqual(todo.res_model, "rehab.incident")
        self.assertEqual(todo.res_id, incident.id)
        self.assertEqual(todo.activity_type_id, self.action_type)
        self.assertEqual(todo.date_deadline, date(2026, 11, 27))
        self.assertEqual(todo.summary, "Search dormitory 3")
        self.assertEqual(hear.activity_id.user_id, self.security_user)
        # Rescheduling or handing over moves the to-do.
        search_room.write(
            {"deadline": date(2026, 11, 28), "user_id": self.manager_user.id}
        )
        self.assertEqual(search_room.activity_id.user_id, self.manager_user)
        self.assertEqual(search_room.activity_id.date_deadline, date(2026, 11, 28))

    def test_marking_action_done_closes_activity(self):
        incident = self._incident()
        incident.action_report()
        action = (
            self.env["rehab.incident.action"]
            .with_user(self.security_user)
            .create(
                {
                    "incident_id": incident.id,
                    "name": "Repair the fence",
                    "user_id": self.security_user_2.id,
                    "deadline": date(2026, 11, 27),
                }
            )
        )
        activity = action.activity_id
        self.assertTrue(activity)
        action.with_user(self.security_user_2).done = True
        self.assertEqual(action.done_date, date(2026, 11, 25))
        self.assertFalse(activity.exists())
        self.assertFalse(incident.activity_ids)
        self.assertEqual(incident.open_action_count, 0)
        done = incident.message_ids.filtered(
            lambda m: m.mail_activity_type_id == self.action_type
        )
        self.assertEqual(len(done), 1)
        self.assertIn("Follow-up action done", done.body)
        incident.action_close()
        self.assertEqual(incident.state, "closed")

    def test_close_with_open_action_refused(self):
        incident = self._incident()
        incident.action_report()
        incident.action_investigate()
        incident.action_ids = [
            Command.create(
                {"name": "Hear the witnesses", "deadline": date(2026, 11, 27)}
            ),
            Command.create(
                {
                    "name": "Report to police",
                    "deadline": date(2026, 11, 26),
                    "done": True,
                }
            ),
        ]
        with self.assertRefused(UserError, "still has open follow-up actions"):
            incident.action_close()
        self.assertEqual(incident.state, "investigation")
        self.assertEqual(incident.open_action_count, 1)
        self.assertEqual(len(incident.activity_ids), 1, "a done action has no to-do")

    # ---------------------------------------------------------------- evidence
    def test_evidence_attachments_follow_incident_access(self):
        incident = self._incident()
        photo = (
            self.env["ir.attachment"]
            .with_user(self.security_user)
            .create(
                {
                    "name": "knife.jpg",
                    "raw": b"jpeg bytes",
                    "res_model": "rehab.incident",
                    "res_id": incident.id,
                }
            )
        )
        incident.message_post(body="Photo of the knife", attachment_ids=photo.ids)
        self.assertEqual(
            photo.with_user(self.intake_user).read(["name"])[0]["name"], "knife.jpg"
        )
        with self.assertRefused(AccessError, DENIED["read"]):
            photo.with_user(self.instructor_user).read(["name"])

    # ------------------------------------------------------------------ escape
    def test_escape_marks_stay_absent_and_keeps_bed(self):
        incident = self._incident(
            type_id=self.type_escape.id,
            date=ESCAPE_AT,
            description="Climbed over the east wall at night.",
            participant_ids=[
                Command.create({"resident_id": self.resident.id, "role": "escapee"})
            ],
        )
        area = self.area_compulsory_m
        self.assertEqual((area.present_count, area.absent_count), (1, 0))
        self._depart(ESCAPE_AT, incident_id=incident, number="05/QĐ-TT")
        self.assertEqual(self.stay.state, "absent")
        absence = self.stay.absence_ids
        self.assertEqual(len(absence), 1)
        self.assertEqual(absence.kind, "escape")
        self.assertEqual(absence.date_start, ESCAPE_AT)
        self.assertTrue(absence.is_open)
        self.assertEqual(absence.pursuit_decision_number, "05/QĐ-TT")
        self.assertEqual(absence.pursuit_decision_date, date(2026, 11, 10))
        self.assertEqual(absence.police_unit, "Công an phường Hà Tu")
        self.assertEqual(incident.absence_ids, absence)
        self.assertEqual(self.stay.open_absence_id, absence)
        # The bed stays theirs; the roll call counts them away, not present.
        self.assertEqual(self.stay.current_bed_id, self.bed_c1)
        self.assertEqual(self.bed_c1.status, "occupied")
        self.assertEqual(self.bed_c1.current_stay_state, "absent")
        self.assertEqual((area.present_count, area.absent_count), (0, 1))
        self.assertEqual(area.vacancy_count, 2)
        # The term does not move until the return; the chatters say why.
        self.assertEqual(self.stay.expected_release_date, RELEASE)
        for record in (self.stay, incident):
            self.assertTrue(
                record.message_ids.filtered(
                    lambda m: "Pursuit decision 05/QĐ-TT" in (m.body or "")
                )
            )

    def test_incident_record_escape_opens_departure_wizard(self):
        incident = self._incident(
            type_id=self.type_escape.id,
            date=ESCAPE_AT,
            description="Escape during labour therapy",
        )
        action = incident.with_user(self.security_user).action_record_escape()
        self.assertIn(action["res_model"], self.env, "the wizard must exist")
        form = self._wizard_form(action, self.security_user)
        self.assertEqual(form.incident_id, incident)
        self.assertEqual(form.kind, "escape")
        self.assertEqual(form.date_start, ESCAPE_AT)
        form.stay_id = self.stay
        form.pursuit_decision_number = "07/QĐ-TT"
        form.save().action_confirm()
        self.assertEqual(self.stay.state, "absent")
        self.assertEqual(incident.absence_ids.stay_id, self.stay)

    def test_return_moves_release_date_by_days_away(self):
        self._depart(ESCAPE_AT, number="05/QĐ-TT")
        wizard = self._return_wizard(BACK_AT, return_kind="came_back")
        self.assertEqual(wizard.absence_id, self.stay.absence_ids)
        self.assertEqual(wizard.date_start, ESCAPE_AT)
        wizard.action_confirm()
        absence = self.stay.absence_ids
        self.assertEqual(self.stay.state, "in_rehab")
        self.assertEqual(absence.date_end, BACK_AT)
        self.assertEqual(absence.return_kind, "came_back")
        self.assertEqual(absence.days_away, 12)
        line = self.stay.adjustment_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(absence.adjustment_id, line)
        self.assertEqual(line.kind, "escape_absence")
        self.assertEqual(line.days, 12)
        self.assertEqual(line.date, date(2026, 11, 22))
        self.assertEqual(line.reference, "05/QĐ-TT")
        self.assertEqual(self.stay.expected_release_date, date(2028, 10, 13))
        breakdown = str(self.stay.release_breakdown)
        self.assertIn("05/QĐ-TT", breakdown)
        self.assertIn("12 days", breakdown)
        self.assertIn("13/10/2028", breakdown)
        area = self.area_compulsory_m
        self.assertEqual((area.present_count, area.absent_count), (1, 0))
        self.assertEqual(self.stay.current_bed_id, self.bed_c1)

    def test_several_escapes_add_up(self):
        self._depart(datetime(2026, 11, 1, 3, 0), number="01/QĐ-TT")
        self._return(datetime(2026, 11, 5, 3, 0))
        self._depart(ESCAPE_AT, number="05/QĐ-TT")
        self._return(BACK_AT)
        lines = self.stay.adjustment_ids.sorted("date")
        self.assertEqual(lines.mapped("days"), [4, 12])
        self.assertEqual(lines.mapped("reference"), ["01/QĐ-TT", "05/QĐ-TT"])
        self.assertEqual(len(self.stay.absence_ids), 2)
        self.assertEqual(self.stay.expected_release_date, date(2028, 10, 17))
        breakdown = str(self.stay.release_breakdown)
        self.assertIn("01/QĐ-TT", breakdown)
        self.assertIn("05/QĐ-TT", breakdown)

    def test_return_before_escape_refused(self):
        self._depart(ESCAPE_AT)
        wizard = self._return_wizard(datetime(2026, 11, 9, 3, 0))
        with self.assertRefused(ValidationError, "cannot be before the departure"):
            wizard.action_confirm()
        absence = self.stay.absence_ids
        self.assertFalse(absence.date_end)
        self.assertEqual(self.stay.state, "absent")
        self.assertFalse(self.stay.adjustment_ids)
        self.assertEqual(self.stay.expected_release_date, RELEASE)

    def test_return_in_future_refused(self):
        self._depart(ESCAPE_AT)
        with self.assertRefused(ValidationError, "Back On” cannot be in the future"):
            self._return_wizard(datetime(2026, 11, 26, 3, 0))
        # Called directly, the return holds the same rule.
        with self.assertRefused(ValidationError, "Back On” cannot be in the future"):
            self.stay.open_absence_id.with_user(self.security_user).action_return(
                datetime(2026, 11, 26, 3, 0)
            )
        self.assertTrue(self.stay.absence_ids.is_open)
        self.assertEqual(self.stay.state, "absent")
        self.assertFalse(self.stay.adjustment_ids)

    def test_escape_in_future_refused(self):
        with self.assertRefused(ValidationError, "cannot be in the future"):
            self._depart(datetime(2026, 11, 25, 6, 0))
        self.assertEqual(self.stay.state, "in_rehab")
        self.assertFalse(self.stay.absence_ids)

    def test_days_away_counted_in_facility_days(self):
        """Left at 01:00 on 11/11 and back at 09:00 on 12/11 in Vietnam: one
        day away, although the UTC dates are 10/11 and 12/11."""
        self._depart(datetime(2026, 11, 10, 18, 0))
        self._return(datetime(2026, 11, 12, 2, 0))
        self.assertEqual(self.stay.absence_ids.days_away, 1)
        self.assertEqual(self.stay.adjustment_ids.days, 1)
        self.assertEqual(self.stay.adjustment_ids.date, date(2026, 11, 12))
        self.assertEqual(self.stay.expected_release_date, date(2028, 10, 2))

    def test_absent_resident_cannot_leave_again(self):
        self._depart(ESCAPE_AT)
        for kind in ("escape", "suspension"):
            with (
                self.subTest(kind=kind),
                self.assertRefused(UserError, "not present|already recorded as away"),
            ):
                self._depart(datetime(2026, 11, 20, 3, 0), kind=kind)
        self.assertEqual(len(self.stay.absence_ids), 1)
        self.assertEqual(self.stay.state, "absent")

    def test_absent_resident_keeps_bed_until_released(self):
        self._depart(ESCAPE_AT)
        self.assertEqual(self.bed_c1.status, "occupied")
        self._discharge(self.stay, "escape")
        self.assertEqual(self.stay.state, "released")
        self.assertEqual(self.stay.release_reason, "escape")
        self.assertEqual(self.bed_c1.status, "free")
        area = self.area_compulsory_m
        self.assertEqual((area.present_count, area.absent_count), (0, 0))

    # -------------------------------------------------------------- suspension
    def test_suspension_for_hospital_extends_term(self):
        action = self.stay.with_user(self.intake_user).action_suspend()
        form = self._wizard_form(action, self.intake_user)
        self.assertEqual(form.kind, "suspension")
        form.date_start = datetime(2026, 11, 1, 3, 0)
        with self.assertRaises(AssertionError, msg="hospital is required"):
            form.save()
        form.hospital = "Bệnh viện Bãi Cháy"
        form.document_reference = "20/GCN-BV"
        form.save().action_confirm()
        self.assertEqual(self.stay.state, "suspended")
        self.assertEqual(self.bed_c1.status, "occupied")
        self.assertEqual(self.area_compulsory_m.absent_count, 1)
        self.assertEqual(self.area_compulsory_m.present_count, 0)
        self._return(datetime(2026, 11, 15, 3, 0), user=self.intake_user)
        self.assertEqual(self.stay.state, "in_rehab")
        line = self.stay.adjustment_ids
        self.assertEqual(line.kind, "suspension")
        self.assertEqual(line.days, 14)
        self.assertEqual(line.reference, "20/GCN-BV")
        self.assertEqual(self.stay.expected_release_date, date(2028, 10, 15))
        self.assertIn("20/GCN-BV", str(self.stay.release_breakdown))

    # ------------------------------------------------------- court reduction
    def test_court_reduction_of_three_months(self):
        form = self._reduction_form()
        form.months = 3
        # Two months into the term: Art. 58 is not met, the court decided anyway.
        self.assertRegex(form.eligibility, "Not met: half the term")
        form.override_reason = "The court decided on the prosecutor's request."
        self.assertEqual(form.expected_release_date, RELEASE)
        self.assertEqual(form.new_release_date, date(2028, 7, 1))
        form.save().action_confirm()
        self.assertEqual(self.stay.expected_release_date, date(2028, 7, 1))
        line = self.stay.adjustment_ids
        self.assertEqual(line.kind, "court_reduction")
        self.assertEqual(line.months, 3)
        self.assertEqual(line.reference, "45/2026/QĐ-TA")
        self.assertEqual(line.date, date(2026, 11, 20))
        self.assertIn("45/2026/QĐ-TA", str(self.stay.release_breakdown))

    def test_court_exemption_releases_on_decision_date(self):
        form = self._reduction_form()
        form.kind = "exemption"
        self.assertEqual(form.new_release_date, date(2026, 11, 20))
        form.save().action_confirm()
        self.assertEqual(self.stay.expected_release_date, date(2026, 11, 20))
        line = self.stay.adjustment_ids
        self.assertEqual(line.kind, "court_reduction")
        self.assertEqual(line.days, (RELEASE - date(2026, 11, 20)).days)
        self.assertEqual(line.reference, "45/2026/QĐ-TA")

    def test_reduction_beyond_remaining_term_refused(self):
        stay = self._stay(
            self.resident_2, admission=date(2024, 12, 10), bed=self.bed_c2
        )
        self.assertEqual(stay.expected_release_date, date(2026, 12, 10))
        form = self._reduction_form(stay=stay)
        form.months = 1
        wizard = form.save()
        with self.assertRefused(UserError, "record an exemption of the remainder"):
            wizard.action_confirm()
        self.assertFalse(stay.adjustment_ids)
        self.assertEqual(stay.expected_release_date, date(2026, 12, 10))
        # The exemption the message suggests is accepted.
        form = self._reduction_form(stay=stay)
        form.kind = "exemption"
        form.save().action_confirm()
        self.assertEqual(stay.expected_release_date, date(2026, 11, 20))
        self.assertEqual(stay.adjustment_ids.days, 20)

    # --------------------------------------------------------------- discipline
    def test_reprimand_linked_to_incident(self):
        incident = self._incident(
            participant_ids=[
                Command.create({"resident_id": self.resident.id, "role": "initiator"})
            ]
        )
        decision = self._discipline(incident_id=incident.id, decision_number="03/QĐ-KL")
        self.assertEqual(decision.stay_id, self.stay)
        self.assertEqual(decision.company_id, self.facility)
        self.assertEqual(decision.user_id, self.security_user)
        self.assertEqual(incident.discipline_ids, decision)
        self.assertEqual(self.stay.discipline_ids, decision)
        resident = self.resident.with_user(self.security_user)
        self.assertEqual(resident.discipline_ids, decision)

    def test_room_limited_to_configured_days(self):
        with self.assertRefused(ValidationError, "limited to 5 days.*6 days"):
            self._room(date(2026, 11, 15), date(2026, 11, 20))
        self.assertFalse(
            self.env["rehab.discipline"].search(
                [("resident_id", "=", self.resident.id)]
            )
        )
        self.env["ir.config_parameter"].set_param(
            "rehab_facility.discipline_room_max_days", "7"
        )
        decision = self._room(date(2026, 11, 15), date(2026, 11, 20))
        self.assertEqual(len(decision._room_days()), 6)

    def test_overlapping_room_periods_refused(self):
        self._room(date(2026, 11, 18), date(2026, 11, 20))
        with self.assertRefused(ValidationError, "already in the disciplinary room"):
            self._room(date(2026, 11, 20), date(2026, 11, 22))
        self._room(date(2026, 11, 21), date(2026, 11, 23))
        self.assertEqual(len(self.stay.discipline_ids), 2)

    def test_discipline_only_for_resident_present(self):
        with self.assertRefused(ValidationError, "not in the facility on 20/09/2026"):
            self._discipline(on=date(2026, 9, 20))
        self._discharge(
            self.stay,
            "transfer",
            release_date=date(2026, 11, 10),
            document_reference="33/QĐ-SYT",
            receiver_name="Trần Văn Nhận",
            receiver_id_number="022090000777",
        )
        self.assertEqual(self.stay.release_date, date(2026, 11, 10))
        with self.assertRefused(ValidationError, "not in the facility on 20/11/2026"):
            self._discipline(on=date(2026, 11, 20))
        self.assertFalse(self.stay.discipline_ids)
        # Before the release they were there.
        decision = self._discipline(on=date(2026, 11, 5))
        self.assertEqual(decision.stay_id, self.stay)

    def test_discipline_on_day_away_refused(self):
        self._depart(ESCAPE_AT)
        self._return(BACK_AT)
        with self.assertRefused(ValidationError, "not in the facility on 15/11/2026"):
            self._discipline(on=date(2026, 11, 15))
        with self.assertRefused(ValidationError, "not in the facility on 21/11/2026"):
            self._room(date(2026, 11, 21), date(2026, 11, 23))
        self.assertFalse(self.stay.discipline_ids)
        self.assertTrue(self._discipline(on=date(2026, 11, 23)))

    def test_room_period_spanning_escape_refused(self):
        """Every day of the room period counts, not only its first and last."""
        self._depart(datetime(2026, 11, 10, 3, 0))
        self._return(datetime(2026, 11, 11, 3, 0))  # away on 10/11 only
        with self.assertRefused(ValidationError, "not in the facility on 10/11/2026"):
            self._room(date(2026, 11, 9), date(2026, 11, 12))
        self.assertFalse(self.stay.discipline_ids)

    # ------------------------------------------------------------------ rewards
    def test_reward_linked_to_stay(self):
        reward = (
            self.env["rehab.reward"]
            .with_user(self.security_user)
            .create(
                {
                    "resident_id": self.resident.id,
                    "kind": "merit",
                    "date": date(2026, 11, 20),
                    "decision_number": "09/QĐ-KT",
                    "reason": "Gave first aid during a fire",
                }
            )
        )
        self.assertEqual(reward.stay_id, self.stay)
        self.assertEqual(reward.company_id, self.facility)
        self.assertEqual(self.stay.reward_ids, reward)
        self.assertEqual(self.resident.with_user(self.security_user).reward_ids, reward)

    # ------------------------------------------------------------------- access
    def test_intake_reads_incidents_but_cannot_create(self):
        incident = self._incident(
            participant_ids=[
                Command.create({"resident_id": self.resident.id, "role": "victim"})
            ]
        )
        as_intake = self.Incident.with_user(self.intake_user)
        self.assertEqual(as_intake.search([]), incident)
        self.assertEqual(as_intake.browse(incident.id).participant_ids.role, "victim")
        with self.assertRefused(AccessError, DENIED["create"]):
            as_intake.create(
                {"type_id": self.type_fight.id, "description": "Not mine to write"}
            )
        with self.assertRefused(AccessError, DENIED["write"]):
            as_intake.browse(incident.id).description = "Changed"
        with self.assertRefused(
            UserError, DENIED["write"] + "|cannot be changed by hand"
        ):
            self._discipline(on=date(2026, 11, 20)).with_user(
                self.intake_user
            ).reason = "Changed"
        self.assertEqual(incident.description, "Two residents fought in the canteen.")

    def test_instructor_sees_nothing_of_incidents(self):
        incident = self._incident(
            participant_ids=[
                Command.create({"resident_id": self.resident.id, "role": "initiator"})
            ]
        )
        decision = self._discipline()
        user = self.instructor_user
        for model, record in (
            ("rehab.incident", incident),
            ("rehab.incident.participant", incident.participant_ids),
            ("rehab.discipline", decision),
            ("rehab.reward", self.env["rehab.reward"]),
        ):
            with self.subTest(model=model):
                with self.assertRefused(AccessError, DENIED["read"]):
                    self.env[model].with_user(user).search([])
                if record:
                    with self.assertRefused(AccessError, DENIED["read"]):
                        record.with_user(user).read(["display_name"])
        resident = self.resident.with_user(user)
        resident.check_field_access_rights("read", ["name"])
        fields = resident.fields_get()
        for fname in ("incident_participation_ids", "discipline_ids", "reward_ids"):
            self.assertNotIn(fname, fields)
        with self.assertRefused(AccessError, "incident_participation_ids"):
            resident.read(["incident_participation_ids"])

    def test_auditor_reads_only(self):
        incident = self._incident()
        as_auditor = self.Incident.with_user(self.auditor_user).browse(incident.id)
        self.assertEqual(as_auditor.state, "draft")
        with self.assertRefused(AccessError, DENIED["write"]):
            as_auditor.action_report()
        with self.assertRefused(AccessError, DENIED["unlink"]):
            as_auditor.unlink()
        with self.assertRefused(AccessError, DENIED["create"]):
            self.Incident.with_user(self.auditor_user).create(
                {"type_id": self.type_fight.id, "description": "Audit note"}
            )
        with self.assertRefused(AccessError, DENIED["unlink"]):
            self._discipline().with_user(self.auditor_user).unlink()
        self.assertEqual(incident.state, "draft")

    def test_other_facility_incidents_invisible(self):
        mine = self._incident()
        other_officer = self._other_facility_user(
            "other_security_2", "rehab_facility.group_rehab_security"
        )
        theirs = (
            self.Incident.with_user(other_officer)
            .with_context(allowed_company_ids=self.other_facility.ids)
            .create({"type_id": self.type_fight.id, "description": "Elsewhere"})
        )
        as_me = self.Incident.with_user(self.security_user)
        self.assertEqual(as_me.search([]), mine)
        with self.assertRefused(AccessError, DENIED["read"]):
            as_me.browse(theirs.id).read(["description"])
        as_them = self.Incident.with_user(other_officer).with_context(
            allowed_company_ids=self.other_facility.ids
        )
        self.assertEqual(as_them.search([]), theirs)

    def test_resident_form_shows_incident_history(self):
        first = self._incident(
            participant_ids=[
                Command.create(
                    {
                        "resident_id": self.resident.id,
                        "role": "initiator",
                        "outcome": "Reprimanded",
                    }
                )
            ]
        )
        first.action_report()
        first.action_close()
        second = self._incident(
            type_id=self.type_contraband.id,
            participant_ids=[
                Command.create({"resident_id": self.resident.id, "role": "possession"})
            ],
        )
        for user in (self.security_user, self.intake_user, self.auditor_user):
            with self.subTest(user=user.login):
                resident = self.resident.with_user(user)
                history = resident.incident_participation_ids
                self.assertEqual(history.incident_id, first | second)
                by_incident = {p.incident_id: p for p in history}
                self.assertEqual(by_incident[first].role, "initiator")
                self.assertEqual(by_incident[first].incident_state, "closed")
                self.assertEqual(by_incident[first].outcome, "Reprimanded")
                self.assertEqual(
                    by_incident[second].incident_type_id, self.type_contraband
                )
                self.assertEqual(by_incident[second].stay_id, self.stay)


@tagged("post_install", "-at_install")
class TestIncidentWorkflowGuard(RehabCase):
    def test_state_moves_only_with_the_workflow(self):
        """Writing the state would skip each step's checks."""
        incident = (
            self.env["rehab.incident"]
            .with_user(self.security_user)
            .create(
                {
                    "type_id": self.env.ref("rehab_facility.incident_type_fight").id,
                    "description": "Xô xát",
                    "date": "2026-11-25 01:00:00",
                }
            )
        )
        incident.action_report()
        with self.assertRefused(UserError, "workflow with its buttons"):
            incident.write({"state": "closed"})
        self.assertEqual(incident.state, "reported")
