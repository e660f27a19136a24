"""The five stages of rehab on the stay (Law 73/2021 Art. 29), as the roles."""

from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .pathway_common import PathwayCase


@tagged("post_install", "-at_install")
class TestPathway(PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stay = cls._stay(cls._resident(), bed=cls.bed_c1)  # 01/10/2026, Law 120

    def _codes(self, stay):
        return stay.stage_line_ids.sorted("sequence").mapped("stage_id.code")

    def test_path_per_order_kind_and_regime(self):
        self.assertEqual(self.stay.regime, "law_120_2025")
        self.assertEqual(
            self._codes(self.stay),
            ["reception", "detox", "education", "labour", "reintegration"],
        )
        self.assertTrue(all(self.stay.stage_line_ids.mapped("required")))
        # Law 73/2021, voluntary: five stages offered, 1-3 required.
        voluntary = self._admitted(
            self._resident("Phạm Văn Tự", serial="000321"),
            date(2026, 3, 2),
            self.bed_v1,
            kind="voluntary",
            term=6,
        )
        self.assertEqual(voluntary.regime, "law_73_2021")
        self.assertEqual(len(voluntary.stage_line_ids), 5)
        required = voluntary.stage_line_ids.filtered("required")
        self.assertEqual(
            required.sorted("sequence").mapped("stage_id.code"),
            ["reception", "detox", "education"],
        )
        temporary = self._stay(
            self._resident("Hà Văn Tạm", serial="000654"),
            kind="temporary",
            term=0,
            bed=self.bed_t1,
        )
        self.assertEqual(self._codes(temporary), ["reception"])

    def test_admission_starts_stage_one_with_a_plan(self):
        stay = self.stay
        self.assertEqual(stay.current_stage_id.code, "reception")
        first = stay.stage_line_ids.sorted("sequence")[0]
        self.assertEqual(first.date_start, date(2026, 10, 1))
        self.assertEqual(first.planned_end, date(2026, 10, 3))  # 1-2 days
        self.assertEqual(
            stay.stage_line_ids.sorted("sequence")[-1].planned_end,
            stay.expected_release_date,
        )
        self.assertEqual(stay.stage_move_ids.direction, "start")
        self.assertEqual(stay.stage_move_ids.user_id, self.intake_user)

    def test_forward_one_stage_at_a_time_by_the_counsellor(self):
        as_counsellor = self.stay.with_user(self.counsellor_user)
        for user in (self.security_user, self.medical_user, self.auditor_user):
            with self.assertRefused(AccessError, "not allowed to modify"):
                self.stay.with_user(user).advance_stage(date(2026, 10, 2))
        with self.assertRefused(AccessError, "not allowed"):
            self.stay.with_user(self.instructor_user).advance_stage(date(2026, 10, 2))
        with self.assertRefused(ValidationError, "cannot be dated before"):
            as_counsellor.advance_stage(date(2026, 9, 30))
        with self.assertRefused(ValidationError, "in the future"):
            as_counsellor.advance_stage(date(2026, 12, 1))
        self.assertEqual(self.stay.current_stage_id.code, "reception")
        as_counsellor.advance_stage(date(2026, 10, 2), note="Phân loại xong")
        self.assertEqual(self.stay.current_stage_id.code, "detox")
        as_counsellor.advance_stage(date(2026, 10, 20))
        self.assertEqual(self.stay.current_stage_id.code, "education")
        self.assertEqual(self.stay.stage_progress, 50)
        done = self.stay.stage_line_ids.filtered(lambda line: line.state == "done")
        self.assertEqual(
            done.mapped("date_end"), [date(2026, 10, 2), date(2026, 10, 20)]
        )
        move = self.stay.stage_move_ids.sorted("id")[-1]
        self.assertEqual(
            (move.direction, move.user_id), ("forward", self.counsellor_user)
        )

    def test_no_skipping_and_no_hand_writing(self):
        labour = self.env.ref("rehab_facility.stage_labour")
        line = self.stay.stage_line_ids.filtered(lambda rec: rec.stage_id == labour)
        for vals in ({"state": "current"}, {"date_start": date(2026, 10, 5)}):
            with self.assertRefused(UserError, "cannot be changed by hand"):
                line.with_user(self.counsellor_user).write(vals)
        with self.assertRefused(UserError, "cannot be changed by hand"):
            self.stay.with_user(self.manager_user).write(
                {"current_stage_id": labour.id}
            )
        with self.assertRefused(UserError, "not created by hand"):
            self.env["rehab.stay.stage.move"].with_user(self.manager_user).create(
                {
                    "stay_id": self.stay.id,
                    "date": date(2026, 10, 5),
                    "to_stage_id": labour.id,
                    "direction": "forward",
                }
            )
        # The planned dates of a stage not yet done stay the counsellor's.
        line.with_user(self.counsellor_user).write({"planned_start": date(2027, 1, 1)})
        self.assertEqual(line.planned_start, date(2027, 1, 1))
        self.assertEqual(self.stay.current_stage_id.code, "reception")

    def test_last_stage_and_step_back_with_reason(self):
        as_counsellor = self.stay.with_user(self.counsellor_user)
        with self.assertRefused(UserError, "first stage has no stage before"):
            as_counsellor.step_back_stage("Tái sử dụng", date(2026, 10, 2))
        for day in (2, 10, 20, 25):
            as_counsellor.advance_stage(date(2026, 10, day))
        self.assertEqual(self.stay.current_stage_id.code, "reintegration")
        with self.assertRefused(UserError, "last stage"):
            as_counsellor.advance_stage(date(2026, 10, 26))
        with self.assertRefused(ValidationError, "Say why"):
            as_counsellor.step_back_stage("  ", date(2026, 10, 26))
        as_counsellor.step_back_stage("Vi phạm, cần giáo dục lại", date(2026, 10, 26))
        self.assertEqual(self.stay.current_stage_id.code, "labour")
        back = self.stay.stage_move_ids.sorted("id")[-1]
        self.assertEqual(back.reason, "Vi phạm, cần giáo dục lại")
        self.assertIn("Vi phạm, cần giáo dục lại", self.stay.message_ids[0].body)
        # The stage in force on any day, from the move history.
        stages = self.stay._stage_on(date(2026, 10, 24))
        self.assertEqual(stages[self.stay.id].code, "labour")
        self.assertEqual(
            self.stay._stage_on(date(2026, 10, 25))[self.stay.id].code, "reintegration"
        )
        self.assertEqual(
            self.stay._stage_on(date(2026, 10, 26))[self.stay.id].code, "labour"
        )
        self.assertEqual(
            self.stay._stage_on(date(2026, 10, 1))[self.stay.id].code, "reception"
        )
        self.assertEqual(self.stay._stage_on(date(2026, 9, 30)), {})

    def test_no_move_while_away(self):
        self._send_away(self.stay)
        with self.assertRefused(UserError, "not in rehab at the facility"):
            self.stay.with_user(self.counsellor_user).advance_stage(date(2026, 11, 24))

    def test_wizard_is_one_call(self):
        action = self.stay.with_user(
            self.counsellor_user
        ).action_open_stage_move_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.counsellor_user)
            .with_context(**action["context"])
            .create(
                {
                    "direction": "back",
                    "date": date(2026, 10, 2),
                    "reason": "Tái sử dụng",
                }
            )
        )
        with self.assertRefused(UserError, "first stage"):
            wizard.action_confirm()
        wizard.direction = "forward"
        wizard.action_confirm()
        self.assertEqual(self.stay.current_stage_id.code, "detox")

    def test_counsellor_reads_the_stay_not_medical_data(self):
        stay = self.stay.with_user(self.counsellor_user)
        spec = {
            "current_stage_id": {},
            "stage_line_ids": {"fields": {"stage_id": {}}},
            "rating_ids": {},
            "assignment_ids": {},
            "adjustment_ids": {},
            "absence_ids": {},
            "belonging_ids": {},
            "post_rehab_ids": {},
        }
        self.assertTrue(stay.web_read(spec))
        resident = self.stay.resident_id.with_user(self.counsellor_user)
        with self.assertRefused(AccessError, "medical|not allowed|access"):
            resident.read(["medical_notes"])
        self.assertTrue(
            self.counsellor_user.has_group("rehab_facility.group_rehab_counsellor")
        )
        self.assertTrue(
            self.manager_user.has_group("rehab_facility.group_rehab_counsellor")
        )
        self.assertFalse(
            self.counsellor_user.has_group("rehab_facility.group_rehab_medical")
        )

    def test_counsellor_access_matrix(self):
        expected = {
            "rehab.stay": "r---",
            "rehab.resident": "r---",
            "rehab.stay.stage": "rw--",
            "rehab.stay.stage.move": "r---",
            "rehab.rating": "rw--",
            "rehab.rating.sheet": "rwc-",
            "rehab.reduction.proposal": "r---",
            "rehab.incident": "----",
            "rehab.medical.access.log": "----",
            "rehab.visitor": "----",
        }
        granted = {
            model: "".join(
                op[0]
                if self.env[model].with_user(self.counsellor_user).has_access(op)
                else "-"
                for op in ("read", "write", "create", "unlink")
            )
            for model in expected
        }
        self.assertEqual(granted, expected)
