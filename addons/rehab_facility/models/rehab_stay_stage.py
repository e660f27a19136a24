from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

STAGE_STATES = [("planned", "Planned"), ("current", "In progress"), ("done", "Done")]


class RehabStayStage(models.Model):
    """One stage of one stay: planned and actual dates (Law 73/2021 Art. 29).

    Written by the stay's pathway actions only (``advance_stage``,
    ``step_back_stage``); a counsellor may move the planned dates of a stage
    not yet done. Every move is also a line of ``rehab.stay.stage.move``.
    """

    _name = "rehab.stay.stage"
    _description = "Stage of a Stay"
    _inherit = ["rehab.guarded.mixin"]
    _order = "stay_id, sequence, id"
    _user_create_fields = None
    _user_write_fields = {
        "planned": ("planned_start", "planned_end"),
        "current": ("planned_end",),
    }

    stay_id = fields.Many2one(
        "rehab.stay", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="stay_id.company_id", store=True, string="Facility"
    )
    stage_id = fields.Many2one("rehab.stage", required=True, ondelete="restrict")
    sequence = fields.Integer(required=True)
    required = fields.Boolean(
        help="The law requires this stage for the stay's order (Art. 29)."
    )
    state = fields.Selection(STAGE_STATES, default="planned", required=True)
    planned_start = fields.Date()
    planned_end = fields.Date()
    date_start = fields.Date(string="Started On", readonly=True)
    date_end = fields.Date(string="Ended On", readonly=True)

    _sql_constraints = [
        (
            "stage_unique",
            "UNIQUE(stay_id, stage_id)",
            "A stay goes through each stage once (a step back reopens it).",
        ),
        (
            "planned_check",
            "CHECK(planned_end IS NULL OR planned_start IS NULL "
            "OR planned_end >= planned_start)",
            "A stage cannot be planned to end before it starts.",
        ),
    ]

    def init(self):
        # One stage in progress per stay, whoever writes (Art. 29: one at a time).
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS rehab_stay_stage_one_current "
            "ON rehab_stay_stage (stay_id) WHERE state = 'current'"
        )

    @api.depends("stay_id", "stage_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.stay_id.name} - {line.stage_id.name}"

    @api.constrains("planned_start", "planned_end")
    def _check_planned_within_stay(self):
        for line in self:
            start = line.stay_id._pathway_begins()
            for value in (line.planned_start, line.planned_end):
                if value and start and value < start:
                    raise ValidationError(
                        self.env._(
                            "A stage cannot be planned before the admission (%s).",
                            start.strftime("%d/%m/%Y"),
                        )
                    )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "The stages of a stay are part of the resident's file: they are "
                "moved forward or back with a reason, never deleted."
            )
        )
