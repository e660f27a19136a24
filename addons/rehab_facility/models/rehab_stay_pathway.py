from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

MEDICAL_GROUPS = "rehab_facility.group_rehab_medical,rehab_facility.group_rehab_manager"
PATHWAY_READERS = (
    "rehab_facility.group_rehab_counsellor,rehab_facility.group_rehab_auditor"
)
PLAN_ACTIVITY = "rehab_facility.mail_activity_individual_plan"
COUNSELLOR = "rehab_facility.group_rehab_counsellor"
MANAGER = "rehab_facility.group_rehab_manager"


class RehabStayPathway(models.AbstractModel):
    """Where a stay is in the five stages of rehab (Law 73/2021 Art. 29).

    The path comes from data (``rehab.stage.path`` per order kind and
    regime). The pathway starts at admission (stage 1, reception and
    classification); it moves only forward, one stage at a time, through
    ``advance_stage``; a step back needs a reason (``step_back_stage``).
    Both check the user's rights on the stay's stages first, then the rules,
    then write in superuser mode, leaving a line in the move history.
    """

    _name = "rehab.stay.pathway"
    _description = "Stay: rehab pathway"

    stage_path_id = fields.Many2one(
        "rehab.stage.path", compute="_compute_stage_path", store=True
    )
    stage_line_ids = fields.One2many("rehab.stay.stage", "stay_id", string="Stages")
    stage_move_ids = fields.One2many(
        "rehab.stay.stage.move", "stay_id", string="Stage Moves"
    )
    current_stage_id = fields.Many2one(
        "rehab.stage",
        string="Rehab Stage",
        compute="_compute_current_stage",
        store=True,
        index=True,
        tracking=True,
    )
    stage_progress = fields.Integer(
        string="Pathway Progress (%)", compute="_compute_current_stage", store=True
    )
    # Stage 2 as a medical episode: the medical group and the director only.
    detox_episode_ids = fields.One2many(
        "rehab.detox.episode",
        "stay_id",
        string="Detox Episodes",
        groups=MEDICAL_GROUPS,
    )
    individual_plan_ids = fields.One2many(
        "rehab.individual.plan",
        "stay_id",
        string="Individual Plans",
        groups=PATHWAY_READERS,
    )
    counselling_line_ids = fields.One2many(
        "rehab.counselling.attendance",
        "stay_id",
        string="Counselling and Education",
        groups=PATHWAY_READERS,
    )

    @api.depends("order_kind", "regime")
    def _compute_stage_path(self):
        paths = self.env["rehab.stage.path"]
        for stay in self:
            stay.stage_path_id = (
                paths._find(stay.order_kind, stay.regime)
                if stay.order_kind and stay.regime
                else False
            )

    @api.depends("stage_line_ids.state")
    def _compute_current_stage(self):
        for stay in self:
            lines = stay.stage_line_ids.sorted("sequence")
            current = lines.filtered(lambda line: line.state == "current")[:1]
            stay.current_stage_id = current.stage_id
            done = len(lines.filtered(lambda line: line.state == "done"))
            stay.stage_progress = (
                round(100 * (done + (0.5 if current else 0)) / len(lines))
                if lines
                else 0
            )

    # ------------------------------------------------------------- helpers
    def _pathway_check_access(self):
        """The acting user may move stages of this stay (counsellor, director)."""
        self.ensure_one()
        self.check_access("read")
        self.env["rehab.stay.stage"].browse().check_access("write")
        return self.sudo()

    def _pathway_plan(self, path):
        """Planned (stage, start, end) from the admission: stages with a
        length (data) take it, the others share what remains of the term."""
        self.ensure_one()
        stages = path.stage_ids.sorted("sequence")
        release = self.expected_release_date
        open_count = len(stages.filtered(lambda s: not s.planned_days))
        share = 0
        if open_count and release:
            spare = (release - self.admission_date).days - sum(
                stages.mapped("planned_days")
            )
            share = max(spare, 0) // open_count
        plan, cursor = [], self.admission_date
        for stage in stages:
            days = stage.planned_days or share
            if not days and not release:
                plan.append((stage, cursor, None))
                continue
            plan.append((stage, cursor, cursor + timedelta(days=days)))
            cursor += timedelta(days=days)
        if release and plan and plan[-1][2] and plan[-1][1] <= release:
            plan[-1] = (plan[-1][0], plan[-1][1], release)
        return plan

    def _pathway_start(self, when=None):
        """Open the stage lines and put the stay in stage 1 (superuser)."""
        for stay in self.sudo():
            path = stay.stage_path_id
            if not path or stay.stage_line_ids:
                continue
            when = when or stay.admission_date
            if stay.transferred_from_stay_id.stage_line_ids:
                stay._pathway_carry_over(when)
                continue
            lines = stay.env["rehab.stay.stage"].create(
                [
                    {
                        "stay_id": stay.id,
                        "stage_id": stage.id,
                        "sequence": stage.sequence,
                        "required": stage in path.required_stage_ids,
                        "planned_start": start,
                        "planned_end": end,
                    }
                    for stage, start, end in stay._pathway_plan(path)
                ]
            )
            first = lines.sorted("sequence")[:1]
            first.write({"state": "current", "date_start": when})
            stay._pathway_log(False, first.stage_id, "start", when, None)
            stay._pathway_on_start()
        return True

    def _pathway_begins(self):
        """The admission the pathway started from: a stay received by
        transfer goes on from the first facility's admission."""
        self.ensure_one()
        stay = self.sudo()
        while stay.transferred_from_stay_id:
            stay = stay.transferred_from_stay_id
        return stay.admission_date

    def _pathway_carry_over(self, when):
        """A stay received by transfer goes on in the stage reached at the
        sending facility: the stages, their dates and the stage in progress
        are those of the sending stay (superuser)."""
        self.ensure_one()
        source = self.transferred_from_stay_id.stage_line_ids.sorted("sequence")
        lines = self.env["rehab.stay.stage"].create(
            [
                {
                    "stay_id": self.id,
                    "stage_id": line.stage_id.id,
                    "sequence": line.sequence,
                    "required": line.required,
                    "state": line.state,
                    "planned_start": line.planned_start,
                    "planned_end": line.planned_end,
                    "date_start": line.date_start,
                    "date_end": line.date_end,
                }
                for line in source
            ]
        )
        current = lines.filtered(lambda line: line.state == "current")[:1]
        if current:
            self._pathway_log(
                False,
                current.stage_id,
                "start",
                when,
                self.env._(
                    "Continued from stay %s (transfer)",
                    self.transferred_from_stay_id.name,
                ),
            )
        return lines

    def _pathway_on_start(self):
        """Suggest the individual plan to a counsellor, due at the end of
        stage 1 (Mẫu 20, Decree 116/2021)."""
        for stay in self.sudo():
            user = stay._pathway_counsellor()
            first = stay.stage_line_ids.sorted("sequence")[:1]
            if not user or stay.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref(PLAN_ACTIVITY)
            ):
                continue
            stay.activity_schedule(
                PLAN_ACTIVITY,
                date_deadline=first.planned_end or first.date_start,
                user_id=user.id,
                note=self.env._(
                    "Draw up the individual rehab plan of %s at the end of stage 1.",
                    stay.resident_id.name,
                ),
            )
        return True

    def _pathway_counsellor(self):
        """A counsellor of the stay's facility (a manager when none)."""
        self.ensure_one()
        users = (
            self.env.ref(COUNSELLOR)
            .sudo()
            .users.filtered(lambda u: u.active and self.company_id in u.company_ids)
        )
        plain = users.filtered(lambda u: not u.has_group(MANAGER))
        return (plain or users).sorted("id")[:1]

    def action_create_individual_plan(self):
        """Draw up the individual plan from the template (counsellor)."""
        self.ensure_one()
        plan = self.env["rehab.individual.plan"].create_for_stay(self)
        return plan._open_form()

    def action_open_individual_plan(self):
        self.ensure_one()
        plans = self.env["rehab.individual.plan"].search(
            [("stay_id", "=", self.id)], order="revision desc", limit=1
        )
        if not plans:
            return self.action_create_individual_plan()
        return plans._open_form()

    def _pathway_log(self, from_stage, to_stage, direction, when, reason):
        self.ensure_one()
        self.env["rehab.stay.stage.move"].sudo().create(
            {
                "stay_id": self.id,
                "date": when,
                "from_stage_id": from_stage.id if from_stage else False,
                "to_stage_id": to_stage.id,
                "direction": direction,
                "reason": reason,
                "user_id": self.env.user.id,
            }
        )

    def _pathway_move_date(self, current, when):
        self.ensure_one()
        when = fields.Date.to_date(when) or self.company_id.rehab_today()
        if when > self.company_id.rehab_today():
            raise ValidationError(self.env._("A stage cannot be moved in the future."))
        if current.date_start and when < current.date_start:
            raise ValidationError(
                self.env._(
                    "“%(stage)s” started on %(date)s: the move cannot be dated "
                    "before it.",
                    stage=current.stage_id.name,
                    date=current.date_start.strftime("%d/%m/%Y"),
                )
            )
        return when

    def _pathway_current(self):
        self.ensure_one()
        if self.state != "in_rehab":
            raise UserError(
                self.env._(
                    "%s is not in rehab at the facility now (at intake, away or "
                    "released): the stage cannot be moved.",
                    self.resident_id.name,
                )
            )
        lines = self.sudo().stage_line_ids.sorted("sequence")
        current = lines.filtered(lambda line: line.state == "current")
        if not current:
            raise UserError(
                self.env._("The pathway of %s has not started.", self.resident_id.name)
            )
        return lines, current

    # --------------------------------------------------------- transitions
    def action_start_pathway(self):
        """Start the pathway of a stay admitted before the pathway existed."""
        for stay in self:
            stay._pathway_check_access()
            if stay.state not in ("in_rehab", "absent", "suspended"):
                raise UserError(self.env._("Only an admitted stay has a pathway."))
            if not stay.stage_path_id:
                raise UserError(
                    self.env._("No stage path is defined for the order of this stay.")
                )
        self._pathway_start(self.env.company.rehab_today())
        return True

    def advance_stage(self, when=None, note=None):
        """Move the stay to the next stage of its path (never further)."""
        self.ensure_one()
        stay = self._pathway_check_access()
        lines, current = self._pathway_current()
        later = lines.filtered(lambda line: line.sequence > current.sequence)
        if not later:
            raise UserError(
                self.env._(
                    "“%s” is the last stage: the pathway ends with the release.",
                    current.stage_id.name,
                )
            )
        when = self._pathway_move_date(current, when)
        following = later[0]
        current.write({"state": "done", "date_end": when})
        current.flush_recordset()  # one stage in progress (unique index)
        following.write({"state": "current", "date_start": when, "date_end": False})
        note = (note or "").strip() or None
        stay._pathway_log(current.stage_id, following.stage_id, "forward", when, note)
        stay.message_post(
            body=self.env._(
                "Rehab stage: %(old)s → %(new)s on %(date)s.",
                old=current.stage_id.name,
                new=following.stage_id.name,
                date=when.strftime("%d/%m/%Y"),
            )
        )
        return following

    def step_back_stage(self, reason, when=None):
        """Return the stay to the previous stage, with the reason (tracked)."""
        self.ensure_one()
        stay = self._pathway_check_access()
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(self.env._("Say why the resident goes a stage back."))
        lines, current = self._pathway_current()
        earlier = lines.filtered(lambda line: line.sequence < current.sequence)
        if not earlier:
            raise UserError(self.env._("The first stage has no stage before it."))
        when = self._pathway_move_date(current, when)
        previous = earlier[-1]
        current.write({"state": "planned", "date_start": False, "date_end": False})
        current.flush_recordset()  # one stage in progress (unique index)
        previous.write({"state": "current", "date_end": False})
        stay._pathway_log(current.stage_id, previous.stage_id, "back", when, reason)
        stay.message_post(
            body=self.env._(
                "Rehab stage stepped back: %(old)s → %(new)s on %(date)s. Reason: "
                "%(reason)s",
                old=current.stage_id.name,
                new=previous.stage_id.name,
                date=when.strftime("%d/%m/%Y"),
                reason=reason,
            )
        )
        return previous

    def action_admit(self):
        result = super().action_admit()
        self._pathway_start()
        return result

    # --------------------------------------------------------------- queries
    def _stage_on(self, on_date):
        """{stay id: rehab.stage} in force on ``on_date`` (one query)."""
        if not self.ids:
            return {}
        self.env["rehab.stay.stage.move"].flush_model()
        self.env.cr.execute(
            """
            SELECT DISTINCT ON (stay_id) stay_id, to_stage_id
              FROM rehab_stay_stage_move
             WHERE stay_id = ANY(%s) AND date <= %s
          ORDER BY stay_id, date DESC, id DESC
            """,
            [self.ids, on_date],
        )
        stages = self.env["rehab.stage"]
        return {
            stay_id: stages.browse(stage_id)
            for stay_id, stage_id in self.env.cr.fetchall()
        }

    def action_open_stage_move_wizard(self):
        return self._open_wizard(
            "rehab.stage.move.wizard", self.env._("Move the Rehab Stage")
        )
