from odoo import api, fields, models
from odoo.exceptions import UserError

PLAN_STATES = [
    ("draft", "Draft"),
    ("active", "In force"),
    ("superseded", "Superseded"),
]
PLAN_ACTIVITY = "rehab_facility.mail_activity_individual_plan"
REVIEW_ACTIVITY = "rehab_facility.mail_activity_individual_plan_review"


class RehabIndividualPlan(models.Model):
    """The individual rehab plan of a stay (Mẫu 20, Decree 116/2021/NĐ-CP).

    Drawn up by the counsellor at the end of stage 1 (an activity is
    suggested on admission) from the template of the order kind: goals and
    activities per stage of the stay's path, responsible staff, review dates.
    ``action_confirm`` puts a draft in force and schedules the reviews as
    activities; a plan in force is read-only: ``action_revise`` copies it
    into a new draft revision, and the old one is kept, superseded, when the
    new one is confirmed.
    """

    _name = "rehab.individual.plan"
    _description = "Individual Rehab Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "rehab.guarded.mixin"]
    _order = "stay_id, revision desc, id desc"
    _user_create_fields = None
    _user_write_fields = {
        "draft": ("document_number", "date", "counsellor_id", "line_ids", "review_ids"),
        "active": ("review_ids",),
    }

    name = fields.Char(compute="_compute_name", store=True)
    stay_id = fields.Many2one(
        "rehab.stay", required=True, index=True, ondelete="restrict", readonly=True
    )
    resident_id = fields.Many2one(
        related="stay_id.resident_id", store=True, string="Resident"
    )
    company_id = fields.Many2one(
        related="stay_id.company_id", store=True, index=True, string="Facility"
    )
    template_id = fields.Many2one("rehab.individual.plan.template", readonly=True)
    revision = fields.Integer(default=1, required=True, readonly=True)
    previous_id = fields.Many2one(
        "rehab.individual.plan", string="Previous Revision", readonly=True, index=True
    )
    revision_reason = fields.Char(readonly=True)
    state = fields.Selection(
        PLAN_STATES, default="draft", required=True, tracking=True, index=True
    )
    document_number = fields.Char(string="Number", tracking=True)
    date = fields.Date(
        string="Drawn Up On",
        required=True,
        default=lambda self: self.env.company.rehab_today(),
    )
    counsellor_id = fields.Many2one(
        "res.users", string="Responsible Counsellor", required=True, tracking=True
    )
    line_ids = fields.One2many("rehab.individual.plan.line", "plan_id", string="Goals")
    review_ids = fields.One2many(
        "rehab.individual.plan.review", "plan_id", string="Reviews"
    )
    confirmed_by_id = fields.Many2one("res.users", readonly=True)
    confirmed_date = fields.Date(readonly=True)

    def init(self):
        # One draft and one plan in force per stay, even under concurrency.
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS rehab_individual_plan_one_open
                   ON rehab_individual_plan (stay_id, state)
                WHERE state IN ('draft', 'active')"""
        )

    @api.depends("stay_id.resident_id.name", "revision")
    def _compute_name(self):
        for plan in self:
            plan.name = self.env._(
                "Plan of %(name)s (revision %(rev)s)",
                name=plan.stay_id.resident_id.name or "",
                rev=plan.revision,
            )

    # -------------------------------------------------------------- create
    @api.model
    def create_for_stay(self, stay):
        """Draw up the first plan of ``stay`` from its order kind's template."""
        stay.check_access("read")
        self.browse().check_access("create")
        stay = stay.sudo()
        if stay.state not in ("in_rehab", "suspended"):
            raise UserError(
                self.env._(
                    "%s is not in rehab at the facility: no plan can be drawn up.",
                    stay.resident_id.name,
                )
            )
        if self.sudo().search_count([("stay_id", "=", stay.id)]):
            raise UserError(
                self.env._(
                    "%s already has an individual plan: revise it instead.",
                    stay.resident_id.name,
                )
            )
        template = (
            self.env["rehab.individual.plan.template"]
            .sudo()
            .search([("kind", "=", stay.order_kind)], limit=1)
        )
        if not template:
            raise UserError(
                self.env._("No plan template is defined for the order of this stay.")
            )
        plan = self.sudo().create(
            {
                "stay_id": stay.id,
                "template_id": template.id,
                "counsellor_id": self.env.uid,
                "line_ids": self._template_lines(stay, template),
                "review_ids": self._planned_reviews(stay),
            }
        )
        stay.activity_feedback([PLAN_ACTIVITY])
        return plan.with_env(self.env)

    @api.model
    def _template_lines(self, stay, template):
        commands = []
        for stage_line in stay.stage_line_ids.sorted("sequence"):
            for goal in template.line_ids.filtered(
                lambda t, s=stage_line: t.stage_id == s.stage_id
            ):
                commands.append(
                    fields.Command.create(
                        {
                            "stage_id": stage_line.stage_id.id,
                            "sequence": goal.sequence,
                            "goal": goal.goal,
                            "activities": goal.activities,
                            "responsible": goal.responsible,
                            "responsible_id": self.env.uid,
                            "planned_start": stage_line.planned_start,
                            "planned_end": stage_line.planned_end,
                        }
                    )
                )
        return commands

    @api.model
    def _planned_reviews(self, stay):
        """A review at the planned end of each stage after the first."""
        today = stay.company_id.rehab_today()
        dates = sorted(
            {
                line.planned_end
                for line in stay.stage_line_ids.sorted("sequence")[1:]
                if line.planned_end and line.planned_end > today
            }
        )
        return [
            fields.Command.create({"date": day, "user_id": self.env.uid})
            for day in dates
        ]

    # ------------------------------------------------------------- actions
    def action_confirm(self):
        """Put a draft in force; the previous revision is superseded."""
        plans = self._guard_check_access("write")
        for plan in plans:
            if plan.state != "draft":
                raise UserError(self.env._("Only a draft plan can be put in force."))
            if not plan.line_ids:
                raise UserError(self.env._("A plan needs at least one goal."))
            if plan.previous_id:
                plan.previous_id.write({"state": "superseded"})
                # One plan in force per stay (unique index): this one first.
                plan.previous_id.flush_recordset(["state"])
                plan.previous_id.activity_unlink([REVIEW_ACTIVITY])
            plan.write(
                {
                    "state": "active",
                    "confirmed_by_id": self.env.uid,
                    "confirmed_date": plan.company_id.rehab_today(),
                }
            )
            plan.review_ids.filtered(lambda r: r.state == "planned")._schedule()
        return True

    def action_revise(self, reason):
        """A new draft revision, copied from the plan in force."""
        self.ensure_one()
        plan = self._guard_check_access("write")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the plan is revised."))
        if plan.state != "active":
            raise UserError(self.env._("Only the plan in force can be revised."))
        new = plan.copy(
            {
                "revision": plan.revision + 1,
                "previous_id": plan.id,
                "revision_reason": reason,
                "state": "draft",
                "date": plan.company_id.rehab_today(),
                "counsellor_id": self.env.uid,
                "confirmed_by_id": False,
                "confirmed_date": False,
                "line_ids": [
                    fields.Command.create(
                        {k: v for k, v in line.copy_data()[0].items() if k != "plan_id"}
                    )
                    for line in plan.line_ids
                ],
                "review_ids": [
                    fields.Command.create({"date": r.date, "user_id": r.user_id.id})
                    for r in plan.review_ids
                    if r.state == "planned"
                ],
            }
        )
        plan.message_post(
            body=self.env._(
                "Revision %(rev)s drawn up: %(reason)s", rev=new.revision, reason=reason
            )
        )
        return new.with_env(self.env)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(plan.state != "draft" for plan in self):
            raise UserError(
                self.env._("A plan put in force is kept, with all its revisions.")
            )

    def _open_form(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Individual Rehab Plan"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
        }
