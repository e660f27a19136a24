from odoo import api, fields, models
from odoo.exceptions import ValidationError


class RehabReward(models.Model):
    """A reward (khen thưởng): good ratings and meritorious acts count toward a
    court reduction of the term (Decree 116/2021 Art. 58)."""

    _name = "rehab.reward"
    _description = "Reward"
    _order = "date desc, id desc"
    _check_company_auto = True

    resident_id = fields.Many2one(
        "rehab.resident", required=True, index=True, check_company=True
    )
    stay_id = fields.Many2one(
        "rehab.stay",
        compute="_compute_stay_id",
        store=True,
        readonly=False,
        check_company=True,
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
    )
    date = fields.Date(
        required=True, default=lambda self: self.env.company.rehab_today()
    )
    decision_number = fields.Char()
    reason = fields.Text(required=True)

    @api.depends("resident_id", "date")
    def _compute_stay_id(self):
        for reward in self:
            reward.stay_id = reward.resident_id._stay_on(reward.date)

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
