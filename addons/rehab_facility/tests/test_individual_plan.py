"""The individual rehab plan (Mẫu 20): suggested on admission, drawn up from
the template of the order kind, reviewed, revised (old revisions kept,
read-only), printed in Vietnamese."""

from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .pathway_common import PathwayCase


@tagged("post_install", "-at_install")
class TestIndividualPlan(PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stay = cls._stay(cls._resident(), bed=cls.bed_c1)  # 01/10/2026
        cls.Plan = cls.env["rehab.individual.plan"]

    def _plan(self):
        return self.Plan.with_user(self.counsellor_user).create_for_stay(
            self.stay.with_user(self.counsellor_user)
        )

    def test_activity_suggested_on_admission(self):
        kind = self.env.ref("rehab_facility.mail_activity_individual_plan")
        activity = self.stay.activity_ids.filtered(lambda a: a.activity_type_id == kind)
        self.assertEqual(activity.user_id, self.counsellor_user)
        self.assertEqual(activity.date_deadline, date(2026, 10, 3))  # end of stage 1
        self._plan()
        self.assertFalse(
            self.stay.activity_ids.filtered(lambda a: a.activity_type_id == kind)
        )

    def test_plan_from_the_template(self):
        plan = self._plan()
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.counsellor_id, self.counsellor_user)
        self.assertEqual(
            plan.line_ids.mapped("stage_id.code"),
            ["reception", "detox", "education", "labour", "reintegration"],
        )
        detox = plan.line_ids.filtered(lambda line: line.stage_id.code == "detox")
        self.assertIn("Cắt cơn", detox.goal)
        stage = self.stay.stage_line_ids.filtered(lambda s: s.stage_id.code == "detox")
        self.assertEqual(detox.planned_end, stage.planned_end)
        self.assertTrue(plan.review_ids)
        self.assertTrue(all(r.date > date(2026, 11, 25) for r in plan.review_ids))
        with self.assertRefused(UserError, "already has an individual plan"):
            self._plan()
        for user in (self.security_user, self.medical_user, self.intake_user):
            with self.assertRefused(AccessError, "not allowed"):
                self.Plan.with_user(user).search([])
        # A draft is the counsellor's to adapt.
        detox.with_user(self.counsellor_user).write({"goal": "Cắt cơn trong 15 ngày"})
        self.assertEqual(detox.goal, "Cắt cơn trong 15 ngày")

    def test_confirm_review_and_revise(self):
        plan = self._plan()
        plan.action_confirm()
        self.assertEqual(plan.state, "active")
        review = plan.review_ids.sorted("date")[0]
        kind = self.env.ref("rehab_facility.mail_activity_individual_plan_review")
        activities = plan.activity_ids.filtered(lambda a: a.activity_type_id == kind)
        self.assertEqual(len(activities), len(plan.review_ids))
        line = plan.line_ids[0].with_user(self.counsellor_user)
        with self.assertRefused(UserError, "cannot be changed by hand"):
            line.write({"goal": "Khác"})
        with self.assertRefused(UserError, "read-only"):
            self.env["rehab.individual.plan.line"].with_user(
                self.counsellor_user
            ).create({"plan_id": plan.id, "stage_id": line.stage_id.id, "goal": "x"})
        # A session attended shows in the review.
        session = (
            self.env["rehab.counselling.session"]
            .with_user(self.counsellor_user)
            .create(
                {
                    "kind": "individual",
                    "topic": "Tư vấn động lực",
                    "stay_id": self.stay.id,
                    "date": date(2026, 11, 24),
                }
            )
        )
        session.action_done()
        review = review.with_user(self.counsellor_user)
        with self.assertRefused(UserError, "Write what the review found"):
            review.action_record(" ")
        review.action_record("Tiến bộ, tham gia đầy đủ")
        self.assertEqual(review.state, "done")
        self.assertEqual(review.done_date, date(2026, 11, 25))
        self.assertEqual(review.session_line_ids.topic, "Tư vấn động lực")
        with self.assertRefused(UserError, "Say why"):
            plan.action_revise("")
        new = plan.action_revise("Chuyển sớm sang giai đoạn lao động")
        self.assertEqual((new.revision, new.previous_id, new.state), (2, plan, "draft"))
        self.assertEqual(len(new.line_ids), len(plan.line_ids))
        self.assertEqual(plan.state, "active")
        new.action_confirm()
        self.assertEqual(plan.state, "superseded")
        self.assertFalse(
            plan.activity_ids.filtered(lambda a: a.activity_type_id == kind)
        )
        with self.assertRefused(UserError, "Only the plan in force"):
            plan.action_revise("Lần nữa")
        with self.assertRefused(UserError, "cannot be changed by hand"):
            plan.with_user(self.counsellor_user).write({"counsellor_id": 1})
        with self.assertRefused(AccessError, "not allowed to delete"):
            plan.unlink()
        with self.assertRefused(UserError, "kept"):
            plan.sudo().unlink()

    def test_document_in_vietnamese(self):
        plan = self._plan()
        self.env["res.lang"]._activate_lang("vi_VN")
        self.counsellor_user.lang = "en_US"
        html = (
            self.env["ir.actions.report"]
            .with_user(self.counsellor_user)
            ._render_qweb_html("rehab_facility.report_individual_plan", plan.ids)[0]
            .decode()
        )
        self.assertVietnameseDocument(html, plan, plan.stay_id, *plan.line_ids)
        self.assertIn("KẾ HOẠCH CAI NGHIỆN CÁ NHÂN", html)
        self.assertIn("Mẫu số 20", html)
        self.assertIn("Cắt cơn", html)
        self.assertIn(self.stay.resident_id.name, html)
