from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .rehab_rating_sheet import month_start
from .rehab_stay_reduction import month_end

MANAGER = "rehab_facility.group_rehab_manager"


class RehabReductionProposal(models.Model):
    """The monthly list of residents who meet Decree 116/2021 Art. 58, and
    the facility's proposal to the court (official layout, Vietnamese).

    Created for a month, it lists every open stay meeting the conditions at
    the month's end, with the months proposed within the legal bounds. The
    director may lower or raise a proposal within those bounds, then
    ``confirm``s it (locked); the court's answer is recorded on each stay
    through the court reduction action, which checks the conditions again.
    """

    _name = "rehab.reduction.proposal"
    _description = "Proposal of Term Reductions to the Court"
    _inherit = ["mail.thread", "rehab.guarded.mixin"]
    _order = "month desc, id desc"
    _check_company_auto = True
    # The number is the facility's, given when the proposal is sent (Decree
    # 30/2020 Annex I "Số: 0003/ĐN-CSCN"): nobody types it.
    _user_create_fields = ("company_id", "month", "court_name")
    _user_write_fields = {"draft": ("court_name",)}

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        string="Facility",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    month = fields.Date(required=True, help="The month whose end is examined.")
    date = fields.Date(compute="_compute_name", store=True, string="As Of")
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Sent to the court")],
        default="draft",
        required=True,
        tracking=True,
    )
    document_number = fields.Char(
        string="Document No.",
        readonly=True,
        copy=False,
        tracking=True,
        help="Given from the facility's register when the proposal is sent.",
    )
    court_name = fields.Char(string="Court", help="The regional court addressed.")
    line_ids = fields.One2many(
        "rehab.reduction.proposal.line", "proposal_id", string="Residents"
    )

    @api.depends("month")
    def _compute_name(self):
        for proposal in self:
            proposal.date = month_end(proposal.month) if proposal.month else False
            proposal.name = self.env._(
                "Reduction proposal %s",
                proposal.month.strftime("%m/%Y") if proposal.month else "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only the director proposes reductions."))
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = month_start(vals["month"])
        proposals = super().create(vals_list)
        for proposal in proposals:
            if proposal.date > proposal.company_id.rehab_today():
                raise ValidationError(
                    self.env._("The month must have ended before its proposal.")
                )
        proposals._fill()
        return proposals

    def _fill(self):
        for proposal in self.sudo():
            stays = (
                self.env["rehab.stay"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", proposal.company_id.id),
                        ("state", "in", ("in_rehab", "absent", "suspended")),
                        ("order_type_id.fixed_term", "=", True),
                        ("admission_date", "<=", proposal.date),
                        ("expected_release_date", ">", proposal.date),
                    ]
                )
            )
            facts = stays._reduction_facts(proposal.date)
            self.env["rehab.reduction.proposal.line"].sudo().create(
                [
                    proposal._line_values(fact)
                    for fact in facts.values()
                    if fact["eligible"]
                ]
            )

    def _line_values(self, fact):
        # Written for the document, in Vietnamese whoever prepares it.
        vi_levels = self.env["rehab.rating.level"].with_context(lang="vi_VN")
        months = ", ".join(
            f"{month.strftime('%m/%Y')}: {vi_levels.browse(rating.level_id.id).name}"
            for month, rating in zip(fact["months"], fact["ratings"], strict=True)
            if rating
        )
        return {
            "proposal_id": self.id,
            "stay_id": fact["stay"].id,
            "half_term_date": fact["half_term_date"],
            "ratings_ok": fact["ratings_ok"],
            "rating_summary": months,
            "merit_id": fact["merit"].id if fact["merit"] else False,
            "months_min": fact["months_min"],
            "months_max": fact["months_max"],
            "months_proposed": fact["months_max"],
        }

    def confirm(self):
        """Lock the proposal as sent to the court."""
        proposals = self._guard_check_access("write")
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only the director proposes reductions."))
        if any(p.state != "draft" for p in proposals):
            raise UserError(self.env._("This proposal was already sent."))
        if not all(p.line_ids for p in proposals):
            raise UserError(self.env._("Nobody meets the conditions this month."))
        sequence = self.env["ir.sequence"].sudo()
        for proposal in proposals.sudo():
            proposal.write(
                {
                    "state": "confirmed",
                    "document_number": proposal.document_number
                    or sequence.next_by_code("rehab.reduction.proposal"),
                }
            )
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        if any(p.state != "draft" for p in self):
            raise UserError(
                self.env._("A proposal sent to the court cannot be deleted.")
            )
