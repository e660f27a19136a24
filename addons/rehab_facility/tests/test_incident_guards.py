"""The facts of incidents, discipline and rewards are written by their actions.

Every test acts as the real user of a role: a guard that only holds for the
superuser would be invisible otherwise.
"""

from datetime import date, datetime
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import RehabCase

FIGHT_AT = datetime(2026, 11, 25, 2, 0)  # 09:00 on 25/11 in Vietnam
# AccessError and ValidationError are UserErrors: any refusal.
REFUSED = UserError
ROLES = ("security", "intake", "medical", "instructor", "auditor", "manager")


@tagged("post_install", "-at_install")
class TestIncidentGuards(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Incident = cls.env["rehab.incident"]
        cls.type_fight = cls.env.ref("rehab_facility.incident_type_fight")
        cls.type_escape = cls.env.ref("rehab_facility.incident_type_escape")
        cls.resident = cls._resident()
        cls.stay = cls._stay(cls.resident, bed=cls.bed_c1)
        cls.resident_2 = cls._resident(
            name="Lê Văn Hai", birthdate=date(1990, 6, 1), serial="000456"
        )
        cls.stay_2 = cls._stay(cls.resident_2, bed=cls.bed_c2)
        cls.users = {
            "security": cls.security_user,
            "intake": cls.intake_user,
            "medical": cls.medical_user,
            "instructor": cls.instructor_user,
            "auditor": cls.auditor_user,
            "manager": cls.manager_user,
        }

    # ----------------------------------------------------------------- helpers
    def _incident(self, user=None, **values):
        return self.Incident.with_user(user or self.security_user).create(
            {
                "type_id": self.type_fight.id,
                "date": FIGHT_AT,
                "description": "Two residents fought in the canteen.",
                **values,
            }
        )

    def _closed_incident(self):
        incident = self._incident(
            participant_ids=[
                Command.create({"resident_id": self.resident.id, "role": "initiator"})
            ],
            action_ids=[
                Command.create(
                    {"name": "Hear the witnesses", "deadline": date(2026, 11, 26)}
                )
            ],
        )
        incident.action_report()
        incident.action_ids.done = True
        incident.action_close()
        return incident

    def _discipline(self, user=None, **values):
        return (
            self.env["rehab.discipline"]
            .with_user(user or self.security_user)
            .create(
                {
                    "resident_id": self.resident.id,
                    "kind": "reprimand",
                    "date": date(2026, 11, 20),
                    "reason": "Fought in the canteen",
                    **values,
                }
            )
        )

    def _reward(self, user=None, **values):
        return (
            self.env["rehab.reward"]
            .with_user(user or self.security_user)
            .create(
                {
                    "resident_id": self.resident.id,
                    "kind": "commendation",
                    "date": date(2026, 11, 20),
                    "reason": "Helped a sick roommate",
                    **values,
                }
            )
        )

    def _mine(self, active_test=True):
        return self.Incident.with_context(active_test=active_test).search(
            [("company_id", "=", self.facility.id)]
        )

    def _tracked(self, record):
        """The fields tracked in ``record``'s chatter, at the end of a request."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        return record.sudo().message_ids.tracking_value_ids.mapped("field_id.name")

    def _sequence(self, company):
        return (
            self.env["ir.sequence"]
            .sudo()
            .search([("code", "=", "rehab.incident"), ("company_id", "=", company.id)])
        )

    def _messages(self, record, text):
        return record.message_ids.filtered(lambda m: text in (m.body or ""))

    def _snapshot(self, record, names):
        record.invalidate_recordset()
        return {name: record.sudo()[name] for name in names}

    def _assert_writes_refused(self, record, forged, role_user):
        """Each of ``forged`` written by ``role_user`` is refused, unchanged."""
        for name, value in forged.items():
            before = self._snapshot(record, [name])
            with self.subTest(model=record._name, field=name, user=role_user.login):
                with self.assertRaises(REFUSED):
                    record.with_user(role_user).write({name: value})
                self.assertEqual(self._snapshot(record, [name]), before)

    # ------------------------------------------------------------- forgeries
    def test_incident_facts_cannot_be_forged_by_any_role(self):
        incident = self._incident()
        incident.action_report()
        forged = {
            "name": "SC/2026/9999",
            "state": "closed",
            "active": False,
            "company_id": self.other_facility.id,
            "month": date(2001, 1, 1),
        }
        for role in ROLES:
            self._assert_writes_refused(incident, forged, self.users[role])
        self.assertEqual(incident.state, "reported")
        self.assertTrue(incident.active)

    def test_incident_create_forgeries_refused_or_ignored(self):
        forged_values = (
            {"name": "SC/1999/0001"},
            {"state": "closed"},
            {"active": False},
            {"month": date(2001, 1, 1)},
        )
        for role in ROLES:
            user = self.users[role]
            for forged in forged_values:
                with self.subTest(user=role, forged=forged):
                    with self.assertRaises(REFUSED):
                        self._incident(user=user, **forged)
        self.assertFalse(self._mine(active_test=False))
        # default_* keys of a client never reach the facts: the record is a
        # draft with the next number.
        incident = self.Incident.with_user(self.security_user).with_context(
            default_state="closed",
            default_name="SC/1999/0001",
            default_active=False,
        )
        incident = incident.create(
            {"type_id": self.type_fight.id, "description": "Fight", "date": FIGHT_AT}
        )
        self.assertEqual(
            (incident.state, incident.name, incident.active),
            ("draft", "SC/2026/0001", True),
        )

    def test_participant_and_action_facts_cannot_be_forged(self):
        incident = self._incident(
            participant_ids=[
                Command.create({"resident_id": self.resident.id, "role": "initiator"})
            ],
            action_ids=[
                Command.create(
                    {"name": "Search the room", "deadline": date(2026, 12, 1)}
                )
            ],
        )
        other = self._incident(description="Another fight")
        participant, action = incident.participant_ids, incident.action_ids
        for role in ROLES:
            user = self.users[role]
            self._assert_writes_refused(
                participant,
                {
                    "stay_id": self.stay_2.id,
                    "incident_id": other.id,
                    "resident_id": self.resident_2.id,
                },
                user,
            )
            self._assert_writes_refused(
                action,
                {
                    "done_date": date(2026, 1, 1),
                    "incident_id": other.id,
                    "activity_id": False,
                },
                user,
            )
            with self.subTest(user=role), self.assertRaises(REFUSED):
                self.env["rehab.incident.participant"].with_user(user).create(
                    {
                        "incident_id": incident.id,
                        "resident_id": self.resident_2.id,
                        "stay_id": self.stay.id,
                    }
                )
        self.assertEqual(incident.participant_ids, participant)
        self.assertTrue(action.activity_id)

    def test_discipline_and_reward_are_not_edited_after_the_decision(self):
        decision = self._discipline(decision_number="03/QĐ-KL")
        reward = self._reward()
        for role in ROLES:
            user = self.users[role]
            self._assert_writes_refused(
                decision,
                {
                    "reason": "Rewritten",
                    "kind": "warning",
                    "date": date(2026, 11, 21),
                    "decision_number": "99/QĐ-KL",
                    "user_id": self.manager_user.id,
                    "stay_id": self.stay_2.id,
                    "active": False,
                },
                user,
            )
            self._assert_writes_refused(
                reward,
                {
                    "reason": "Rewritten",
                    "kind": "merit",
                    "stay_id": self.stay_2.id,
                    "active": False,
                },
                user,
            )
            for model, forged in (
                ("rehab.discipline", {"user_id": self.manager_user.id}),
                ("rehab.discipline", {"stay_id": self.stay.id}),
                ("rehab.reward", {"stay_id": self.stay.id}),
                ("rehab.reward", {"active": False}),
            ):
                maker = (
                    self._discipline if model == "rehab.discipline" else self._reward
                )
                with self.subTest(user=role, model=model), self.assertRaises(REFUSED):
                    maker(user=user, **forged)
            with self.subTest(user=role), self.assertRaises(REFUSED):
                decision.with_user(user).unlink()
            with self.subTest(user=role), self.assertRaises(REFUSED):
                reward.with_user(user).unlink()
        self.assertEqual(decision.reason, "Fought in the canteen")
        self.assertEqual(decision.user_id, self.security_user)
        self.assertEqual(len(self.stay.discipline_ids), 1)
        self.assertEqual(len(self.stay.reward_ids), 1)
        # The recorder is the acting user even if the client says otherwise.
        decision = (
            self.env["rehab.discipline"]
            .with_user(self.security_user)
            .with_context(default_user_id=self.manager_user.id)
            .create(
                {
                    "resident_id": self.resident.id,
                    "kind": "warning",
                    "date": date(2026, 11, 21),
                    "reason": "Insulted a guard",
                }
            )
        )
        self.assertEqual(decision.user_id, self.security_user)

    # ------------------------------------------------------------ open/closed
    def test_officer_edits_open_incident_and_everything_is_tracked(self):
        incident = self._incident()
        self._tracked(incident)  # a record's creation request ends untracked
        incident.action_report()
        incident.action_investigate()
        incident.write(
            {
                "description": "Two residents fought; one was hit with a tray.",
                "root_cause": "Dispute over a phone card",
                "severity": "low",
            }
        )
        tracked = self._tracked(incident)
        for name in ("description", "root_cause", "severity", "state"):
            self.assertIn(name, tracked)
        authors = incident.message_ids.filtered("tracking_value_ids").author_id
        self.assertEqual(authors, self.security_user.partner_id)

    def test_closed_incident_not_editable(self):
        incident = self._closed_incident()
        participant, action = incident.participant_ids, incident.action_ids
        for user in (self.security_user, self.manager_user):
            for values in (
                {"description": "Nothing happened"},
                {"severity": "low"},
                {"date": datetime(2026, 11, 24, 2, 0)},
                {"participant_ids": [Command.unlink(participant.id)]},
                {"participant_ids": [Command.delete(participant.id)]},
                {
                    "participant_ids": [
                        Command.create({"resident_id": self.resident_2.id})
                    ]
                },
                {
                    "action_ids": [
                        Command.create({"name": "More", "deadline": date(2026, 12, 1)})
                    ]
                },
            ):
                with self.subTest(user=user.login, values=values):
                    with self.assertRaises(REFUSED):
                        incident.with_user(user).write(values)
            with self.assertRefused(UserError, "only while the incident is open"):
                participant.with_user(user).unlink()
            with self.assertRaises(REFUSED):
                participant.with_user(user).outcome = "Changed"
            with self.assertRaises(REFUSED):
                action.with_user(user).done = False
            with self.assertRefused(
                UserError, "cannot be deleted|not allowed to delete"
            ):
                incident.with_user(user).unlink()
        self.assertEqual(incident.description, "Two residents fought in the canteen.")
        self.assertEqual(incident.severity, "medium")
        self.assertEqual(incident.participant_ids, participant)
        self.assertFalse(participant.outcome)
        self.assertTrue(action.done)

    def test_reopen_needs_a_reason_and_the_manager(self):
        incident = self._closed_incident()
        with self.assertRefused(UserError, "Only the facility manager"):
            incident.with_user(self.security_user).action_reopen("New evidence")
        as_manager = incident.with_user(self.manager_user)
        for reason in ("", "   ", False):
            with self.assertRefused(UserError, "Say why the incident is reopened"):
                as_manager.action_reopen(reason)
        with self.assertRefused(ValidationError, "cannot be typed"):
            as_manager.action_reopen("New\x00evidence")
        self.assertEqual(incident.state, "closed")
        with self.assertRefused(AccessError, "not allowed to modify|'write' access"):
            incident.with_user(self.auditor_user).action_reopen("Audit")
        # Through the wizard, as the manager would.
        action = as_manager.action_open_reopen_wizard()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.manager_user)
            .with_context(**action["context"])
        )
        form.reason = "The police found a second knife"
        form.save().action_confirm()
        self.assertEqual(incident.state, "investigation")
        message = self._messages(incident, "Reopened: The police found a second knife")
        self.assertEqual(message.author_id, self.manager_user.partner_id)
        with self.assertRefused(UserError, "Only a closed incident can be reopened"):
            as_manager.action_reopen("Again")
        # Open again: the officer completes the findings, then closes it.
        incident.with_user(self.security_user).root_cause = "Knife hidden in a pillow"
        incident.with_user(self.security_user).action_close()
        self.assertEqual(incident.state, "closed")

    def test_archive_needs_a_reason(self):
        incident = self._closed_incident()
        self._tracked(incident)  # a record's creation request ends untracked
        as_officer = incident.with_user(self.security_user)
        with self.assertRaises(REFUSED):
            as_officer.write({"active": False})
        action = as_officer.action_archive()
        self.assertEqual(action["res_model"], "rehab.archive.wizard")
        self.assertTrue(incident.active)
        with self.assertRefused(UserError, "Say why"):
            as_officer.action_archive_with_reason("  ")
        with self.assertRefused(AccessError, "not allowed to modify|'write' access"):
            incident.with_user(self.auditor_user).action_archive_with_reason("x")
        self.assertTrue(incident.active)
        open_incident = self._incident()
        open_incident.action_report()
        with self.assertRefused(UserError, "only once it is closed"):
            open_incident.action_archive_with_reason("Not needed")
        self.assertTrue(open_incident.active)
        form = Form(
            self.env["rehab.archive.wizard"]
            .with_user(self.security_user)
            .with_context(**action["context"])
        )
        form.reason = "Recorded twice by mistake"
        form.save().action_confirm()
        self.assertFalse(incident.active)
        self.assertTrue(self._messages(incident, "Recorded twice by mistake"))
        self.assertIn("active", self._tracked(incident))
        with self.assertRaises(REFUSED):
            as_officer.action_unarchive()
        self.assertFalse(incident.active)

    def test_discipline_archived_with_a_reason(self):
        decision = self._discipline()
        as_officer = decision.with_user(self.security_user)
        with self.assertRefused(UserError, "Say why"):
            as_officer.action_archive_with_reason("")
        as_officer.action_archive_with_reason("Wrong resident")
        self.assertFalse(decision.active)
        self.assertTrue(self._messages(decision, "Wrong resident"))
        reward = self._reward()
        reward.with_user(self.security_user).action_archive_with_reason("Duplicate")
        self.assertFalse(reward.active)
        self.assertTrue(self._messages(reward, "Duplicate"))

    # ----------------------------------------------------------- participants
    def test_participant_changes_are_posted(self):
        incident = self._incident(
            participant_ids=[
                Command.create({"resident_id": self.resident.id, "role": "initiator"})
            ]
        )
        self.assertTrue(self._messages(incident, "Resident listed: Nguyễn Văn Test"))
        incident.write(
            {
                "participant_ids": [
                    Command.create(
                        {"resident_id": self.resident_2.id, "role": "victim"}
                    )
                ]
            }
        )
        victim = incident.participant_ids.filtered(lambda p: p.role == "victim")
        self.assertEqual(victim.stay_id, self.stay_2)
        victim.with_user(self.security_user).write(
            {"role": "witness", "outcome": "Bruised arm"}
        )
        self.assertTrue(self._messages(incident, "Victim → Witness / Bruised arm"))
        victim.with_user(self.security_user).unlink()
        removed = self._messages(incident, "Resident removed from the incident: Lê")
        self.assertEqual(removed.author_id, self.security_user.partner_id)

    def test_escaped_resident_cannot_be_listed(self):
        self._send_away(self.stay_2, start="2026-11-20 13:00:00")
        escape_incident = self._mine()  # recorded with the escape (issue 16)
        with self.assertRefused(
            ValidationError, "Lê Văn Hai cannot be listed.*escaped since 20/11/2026"
        ):
            self._incident(
                participant_ids=[
                    Command.create(
                        {"resident_id": self.resident_2.id, "role": "initiator"}
                    )
                ]
            )
        self.assertEqual(self._mine(), escape_incident)
        incident = self._incident()
        with self.assertRefused(ValidationError, "escaped since 20/11/2026"):
            self.env["rehab.incident.participant"].with_user(self.security_user).create(
                {"incident_id": incident.id, "resident_id": self.resident_2.id}
            )
        self.assertFalse(incident.participant_ids)
        # Before the escape they were there: moving the fight later is refused.
        earlier = self._incident(
            date=datetime(2026, 11, 19, 2, 0),
            participant_ids=[
                Command.create({"resident_id": self.resident_2.id, "role": "victim"})
            ],
        )
        with self.assertRefused(ValidationError, "escaped since 20/11/2026"):
            earlier.with_user(self.security_user).date = FIGHT_AT
        self.assertEqual(earlier.date, datetime(2026, 11, 19, 2, 0))

    def test_resident_in_hospital_or_released_cannot_be_listed(self):
        self._send_away(self.stay_2, kind="suspension", start="2026-11-22 01:00:00")
        with self.assertRefused(ValidationError, "in hospital since 22/11/2026"):
            self._incident(
                participant_ids=[
                    Command.create(
                        {"resident_id": self.resident_2.id, "role": "victim"}
                    )
                ]
            )
        released = self._resident(
            name="Trần Văn Ra", birthdate=date(1992, 1, 1), serial="000789"
        )
        stay = self._stay(released, bed=self.bed_c3, admission=date(2026, 9, 1))
        stay.sudo().write({"state": "released", "release_date": date(2026, 11, 1)})
        with self.assertRefused(ValidationError, "Trần Văn Ra.*released on 01/11/2026"):
            self._incident(
                participant_ids=[
                    Command.create({"resident_id": released.id, "role": "witness"})
                ]
            )
        self.assertFalse(self._mine())

    def test_escapee_of_this_escape_is_listed(self):
        escape_at = datetime(2026, 11, 24, 14, 0)
        incident = self._incident(
            type_id=self.type_escape.id,
            date=escape_at,
            police_notified_at=datetime(2026, 11, 24, 14, 30),
            director_informed=True,
            participant_ids=[
                Command.create({"resident_id": self.resident.id, "role": "escapee"})
            ],
        )
        self._send_away(self.stay, start="2026-11-24 14:00:00")
        # Still editable afterwards: the escape began at the incident's time.
        incident.participant_ids.with_user(self.security_user).outcome = "Not found"
        incident.with_user(self.security_user).action_report()
        self.assertEqual(incident.participant_ids.outcome, "Not found")

    # ---------------------------------------------------------------- numbers
    def test_refused_cross_facility_create_takes_no_number(self):
        self._incident()
        sequence = self._sequence(self.facility)
        self.assertEqual(sequence.implementation, "no_gap")
        next_number = sequence.number_next_actual
        Incident = type(self.Incident)
        with patch.object(
            Incident, "_next_number", autospec=True, side_effect=Incident._next_number
        ) as numbering:
            with self.assertRaises(AccessError):
                self._incident(
                    company_id=self.other_facility.id, description="Not my facility"
                )
            self.assertFalse(numbering.called, "the number came before the check")
            with self.assertRaises(AccessError):
                self.Incident.with_user(self.intake_user).create(
                    {"type_id": self.type_fight.id, "description": "No right"}
                )
            self.assertFalse(numbering.called)
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, next_number)
        self.assertFalse(self._sequence(self.other_facility))
        self.assertEqual(self._incident().name, "SC/2026/0002")

    def test_standard_sequence_becomes_gapless_and_keeps_its_count(self):
        self.env["ir.sequence"].sudo().create(
            {
                "name": "Old incidents",
                "code": "rehab.incident",
                "prefix": "SC/%(year)s/",
                "padding": 4,
                "number_next": 41,
                "company_id": self.facility.id,
            }
        )
        self.assertEqual(self._incident().name, "SC/2026/0041")
        self.assertEqual(self._sequence(self.facility).implementation, "no_gap")
        self.assertEqual(self._incident().name, "SC/2026/0042")

    def test_manager_of_both_facilities_numbers_in_the_chosen_one(self):
        both = new_test_user(
            self.env,
            login="rehab_test_guard_regional",
            groups="base.group_user,rehab_facility.group_rehab_manager",
            company_id=self.facility.id,
            company_ids=[Command.set((self.facility | self.other_facility).ids)],
        )
        incident = (
            self.Incident.with_user(both)
            .with_context(allowed_company_ids=(self.facility | self.other_facility).ids)
            .create(
                {
                    "type_id": self.type_fight.id,
                    "description": "Fight",
                    "company_id": self.other_facility.id,
                }
            )
        )
        self.assertEqual(incident.name, "SC/2026/0001")
        self.assertFalse(self._sequence(self.facility))

    # ----------------------------------------------------------------- bounds
    def test_dates_and_texts_bounded(self):
        for values, pattern in (
            ({"date": datetime(1900, 1, 1, 2, 0)}, "before 01/01/1990|in the future"),
            ({"date": datetime(2026, 11, 26, 2, 0)}, "before 01/01/1990|in the future"),
            (
                {"police_notified_at": datetime(1950, 1, 1)},
                "before 01/01/1990|in the future",
            ),
            ({"description": "Fight\x00"}, "cannot be typed"),
            ({"immediate_action": "x" * 100_001}, "too long"),
        ):
            with self.subTest(values=values):
                with self.assertRefused(ValidationError, pattern):
                    self._incident(**values)
        self.assertFalse(self._mine())
        incident = self._incident()
        with self.assertRefused(ValidationError, "before 01/01/1990|in the future"):
            incident.with_user(self.security_user).date = datetime(1900, 1, 1)
        self.assertEqual(incident.date, FIGHT_AT)
        with self.assertRefused(ValidationError, "before 01/01/1990|in the future"):
            self._discipline(date=date(1900, 1, 1))
        with self.assertRefused(ValidationError, "before 01/01/1990|in the future"):
            self._reward(date=date(2027, 1, 1))
        with self.assertRefused(ValidationError, "cannot start with"):
            incident.with_user(self.security_user).write(
                {
                    "action_ids": [
                        Command.create(
                            {"name": "=HYPERLINK(1)", "deadline": date(2026, 12, 1)}
                        )
                    ]
                }
            )
        self.assertFalse(incident.action_ids)

    def test_action_done_date_recorded_by_the_model(self):
        incident = self._incident()
        action = (
            self.env["rehab.incident.action"]
            .with_user(self.security_user)
            .create(
                {
                    "incident_id": incident.id,
                    "name": "Repair the fence",
                    "deadline": date(2026, 11, 27),
                }
            )
        )
        self.assertTrue(action.activity_id)
        action.with_user(self.security_user).done = True
        self.assertEqual(action.done_date, date(2026, 11, 25))
        action.with_user(self.security_user).done = False
        self.assertFalse(action.done_date)
