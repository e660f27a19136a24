from odoo import api, fields, models
from odoo.exceptions import UserError


class RehabStayStageMove(models.Model):
    """Who moved a stay to which stage, when and why (append only).

    The stage in force on any day is the target of the last move dated on
    or before it (``rehab.stay._stage_on``), which reports query in SQL.
    """

    _name = "rehab.stay.stage.move"
    _description = "Stage Move"
    _inherit = ["rehab.guarded.mixin"]
    _order = "date desc, id desc"
    _user_create_fields = None
    _user_write_fields = {}
    _guard_state_field = None

    stay_id = fields.Many2one(
        "rehab.stay", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="stay_id.company_id", store=True, string="Facility"
    )
    date = fields.Date(required=True, index=True)
    from_stage_id = fields.Many2one("rehab.stage", string="From")
    to_stage_id = fields.Many2one("rehab.stage", string="To", required=True)
    direction = fields.Selection(
        [("start", "Start"), ("forward", "Forward"), ("back", "Step back")],
        required=True,
    )
    reason = fields.Char()
    user_id = fields.Many2one(
        "res.users",
        string="Moved By",
        required=True,
        default=lambda self: self.env.user,
    )

    def init(self):
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS rehab_stay_stage_move_stay_date "
            "ON rehab_stay_stage_move (stay_id, date, id)"
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The history of stage moves cannot be deleted."))
