from odoo import api, fields, models
from odoo.exceptions import UserError

REVIEW_STATES = [("planned", "Planned"), ("done", "Done")]
REVIEW_ACTIVITY = "rehab_facility.mail_activity_individual_plan_review"


class RehabIndividualPlanReview(models.Model):
    """A review date of an individual plan, and what the review found.

    Planned reviews of a plan in force are activities of the responsible
    staff member; ``action_record`` records the review (its note), and the
    review shows the counselling and education sessions the resident
    attended since the previous review.
    """

    _name = "rehab.individual.plan.review"
    _description = "Individual Plan Review"
    _inherit = ["rehab.guarded.mixin"]
    _order = "plan_id, date, id"
    _user_create_fields = ("plan_id", "date", "user_id")
    _user_write_fields = {"planned": ("date", "user_id")}

    plan_id = fields.Many2one(
        "rehab.individual.plan", required=True, index=True, ondelete="cascade"
    )
    stay_id = fields.Many2one(related="plan_id.stay_id", string="Stay")
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, string="Facility"
    )
    date = fields.Date(string="Review Date", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible Staff",
        required=True,
        default=lambda self: self.env.user,
    )
    state = fields.Selection(REVIEW_STATES, default="planned", required=True)
    done_date = fields.Date(string="Reviewed On", readonly=True)
    done_by_id = fields.Many2one("res.users", string="Reviewed By", readonly=True)
    note = fields.Text(string="Findings", readonly=True)
    session_line_ids = fields.Many2many(
        "rehab.counselling.attendance",
        string="Sessions Since the Last Review",
        compute="_compute_session_lines",
    )

    @api.depends("date", "done_date", "plan_id.review_ids.date")
    def _compute_session_lines(self):
        Line = self.env["rehab.counselling.attendance"]
        for review in self:
            plan = review.plan_id
            earlier = plan.review_ids.filtered(
                lambda r, me=review: r.date and me.date and r.date < me.date
            )
            since = (
                max(earlier.mapped(lambda r: r.done_date or r.date))
                if earlier
                else plan.stay_id.sudo().admission_date
            )
            until = review.done_date or review.date
            review.session_line_ids = (
                Line.search(
                    [
                        ("stay_id", "=", plan.stay_id.id),
                        ("session_state", "=", "done"),
                        ("session_date", ">", since),
                        ("session_date", "<=", until),
                    ]
                )
                if since and until
                else Line
            )

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        if not self.env.su and any(
            review.plan_id.state == "superseded" for review in reviews
        ):
            raise UserError(self.env._("A superseded plan is read-only."))
        reviews.filtered(lambda r: r.plan_id.state == "active")._schedule()
        return reviews

    def _schedule(self):
        """An activity for the responsible staff on the review date."""
        for review in self.sudo():
            review.plan_id.activity_schedule(
                REVIEW_ACTIVITY,
                date_deadline=review.date,
                user_id=review.user_id.id,
                note=self.env._("Review of the individual plan due."),
            )

    def action_record(self, note):
        """Record the review: what was found (required), by whom, when."""
        reviews = self._guard_check_access("write")
        note = (note or "").strip()
        if not note:
            raise UserError(self.env._("Write what the review found."))
        for review in reviews:
            if review.state != "planned" or review.plan_id.state != "active":
                raise UserError(
                    self.env._(
                        "Only a planned review of the plan in force is recorded."
                    )
                )
            review.write(
                {
                    "state": "done",
                    "note": note,
                    "done_date": review.company_id.rehab_today(),
                    "done_by_id": self.env.uid,
                }
            )
            kind = self.env.ref(REVIEW_ACTIVITY)
            activities = review.plan_id.activity_ids.filtered(
                lambda a, r=review, k=kind: a.activity_type_id == k
                and a.date_deadline == r.date
            )
            activities[:1].action_feedback(feedback=note)
        return True
