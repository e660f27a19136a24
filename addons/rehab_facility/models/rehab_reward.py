from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class RehabReward(models.Model):
    """A reward (khen thưởng): good ratings and meritorious acts count toward a
    court reduction of the term (Decree 116/2021 Art. 58).

    Recording it is deciding it: a reward is not edited afterwards; one made
    in error is archived with the reason. It is never deleted.
    """

    _name = "rehab.reward"
    _description = "Reward"
    _inherit = ["mail.thread", "rehab.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _user_create_fields = (
        "resident_id",
        "company_id",
        "incident_id",
        "kind",
        "date",
        "decision_number",
        "reason",
    )
    _user_write_fields = {}
    _guard_state_field = None
    _guard_date_kinds = {"date": "event"}

    resident_id = fields.Many2one(
        "rehab.resident", required=True, index=True, check_company=True
    )
    stay_id = fields.Many2one(
        "rehab.stay", compute="_compute_stay_id", store=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company",
        string="Facility",
        required=True,
        default=lambda self: self.env.company,
    )
    incident_id = fields.Many2one("rehab.incident", check_company=True)
    kind = fields.Selection(
        [
            ("commendation", "Commendation (khen ngợi)"),
            ("good_rating", "Good monthly rating (xếp loại khá)"),
            ("merit", "Meritorious act (lập công)"),
        ],
        required=True,
        tracking=True,
    )
    date = fields.Date(
        required=True, default=lambda self: self.env.company.rehab_today()
    )
    decision_number = fields.Char()
    reason = fields.Text(required=True)
    active = fields.Boolean(default=True, tracking=True)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A reward cannot be deleted: it may support a reduction of the "
                "term. Archive it with the reason it was wrong."
            )
        )

    @api.depends("resident_id", "date")
    def _compute_stay_id(self):
        for reward in self:
            resident = reward.resident_id
            reward.stay_id = resident._stay_on(reward.date) if resident else False

    @api.constrains("resident_id", "date", "stay_id")
    def _check_present(self):
        for reward in self:
            if reward.date > reward.company_id.rehab_today():
                raise ValidationError(
                    self.env._("A reward cannot be dated in the future.")
                )
            if not reward.stay_id:
                raise ValidationError(
                    self.env._(
                        "%(name)s was not in the facility on %(date)s.",
                        name=reward.resident_id.name,
                        date=reward.date.strftime("%d/%m/%Y"),
                    )
                )
