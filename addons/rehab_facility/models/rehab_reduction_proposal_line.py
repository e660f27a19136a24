from odoo import api, fields, models
from odoo.exceptions import ValidationError


class RehabReductionProposalLine(models.Model):
    """One resident of a reduction proposal and the facts of Art. 58."""

    _name = "rehab.reduction.proposal.line"
    _description = "Resident Proposed for a Reduction"
    _inherit = ["rehab.guarded.mixin"]
    _order = "proposal_id, resident_name, id"
    _user_create_fields = None
    _user_write_fields = {"draft": ("months_proposed",)}
    _guard_bounds = {"months_proposed": (0, 6)}

    proposal_id = fields.Many2one(
        "rehab.reduction.proposal", required=True, index=True, ondelete="cascade"
    )
    state = fields.Selection(related="proposal_id.state", store=True)
    company_id = fields.Many2one(
        related="proposal_id.company_id", store=True, string="Facility"
    )
    stay_id = fields.Many2one("rehab.stay", required=True, ondelete="restrict")
    resident_id = fields.Many2one(related="stay_id.resident_id", store=True)
    resident_name = fields.Char(
        related="stay_id.resident_id.name", store=True, string="Resident Name"
    )
    half_term_date = fields.Date(string="Half of the Term Served On")
    ratings_ok = fields.Boolean(string="3 Months Rated Khá or Better")
    rating_summary = fields.Char(string="Ratings")
    merit_id = fields.Many2one("rehab.reward", string="Meritorious Act Reward")
    months_min = fields.Integer(string="Minimum (months)")
    months_max = fields.Integer(string="Maximum (months)")
    months_proposed = fields.Integer()

    @api.constrains("months_proposed", "months_min", "months_max")
    def _check_bounds(self):
        for line in self:
            if not line.months_min <= line.months_proposed <= line.months_max:
                raise ValidationError(
                    self.env._(
                        "%(name)s may be proposed %(low)s to %(high)s months "
                        "(Decree 116/2021 Art. 58).",
                        name=line.resident_name,
                        low=line.months_min,
                        high=line.months_max,
                    )
                )
