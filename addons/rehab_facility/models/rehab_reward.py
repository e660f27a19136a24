from odoo import api, fields, models


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
            reward.stay_id = reward.resident_id.stay_ids.filtered(
                lambda s, day=reward.date: s.state != "intake"
                and day
                and s.admission_date <= day
                and (not s.release_date or s.release_date >= day)
            )[:1]
