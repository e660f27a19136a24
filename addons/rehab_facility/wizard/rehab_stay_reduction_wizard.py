from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class RehabStayReductionWizard(models.TransientModel):
    """Record a court decision reducing the term or exempting the remainder.

    Decree 116/2021 Art. 58: 1-3 months after serving half the term with good
    ratings, 3-6 months for a meritorious act; decided by the court. The
    decision becomes a line of the term ledger.
    """

    _name = "rehab.stay.reduction.wizard"
    _description = "Court Reduction or Exemption"
    _inherit = ["rehab.input.guard.mixin"]
    _guard_date_kinds = {"decision_date": "event"}
    _guard_bounds = {"months": (0, 36)}

    stay_id = fields.Many2one("rehab.stay", required=True, readonly=True)
    kind = fields.Selection(
        [("reduction", "Reduce the term"), ("exemption", "Exempt the remainder")],
        required=True,
        default="reduction",
    )
    months = fields.Integer(string="Months Reduced")
    decision_number = fields.Char(required=True)
    decision_date = fields.Date(required=True)
    decision_authority = fields.Char(string="Deciding Authority", required=True)
    expected_release_date = fields.Date(related="stay_id.expected_release_date")
    new_release_date = fields.Date(compute="_compute_new_release_date")
    eligibility = fields.Text(
        string="Decree 116 Art. 58 Check", compute="_compute_eligibility"
    )
    override_reason = fields.Text(
        help="Required when the court reduces the term although the facility's "
        "records do not show the conditions of Art. 58; kept in the history."
    )

    @api.depends("kind", "months", "decision_date", "stay_id")
    def _compute_eligibility(self):
        for wizard in self:
            wizard.eligibility = (
                wizard.stay_id._reduction_check_text(
                    wizard.months, wizard.decision_date
                )
                if wizard.kind == "reduction" and wizard.decision_date
                else False
            )

    @api.depends("kind", "months", "decision_date", "stay_id")
    def _compute_new_release_date(self):
        for wizard in self:
            release = wizard.stay_id.expected_release_date
            if not release:
                wizard.new_release_date = False
            elif wizard.kind == "exemption":
                wizard.new_release_date = wizard.decision_date
            else:
                wizard.new_release_date = release - relativedelta(months=wizard.months)

    def action_confirm(self):
        self.ensure_one()
        self.stay_id.record_court_decision(
            self.kind,
            {
                "number": self.decision_number,
                "date": self.decision_date,
                "authority": self.decision_authority,
            },
            months=self.months,
            override_reason=self.override_reason,
        )
        return {"type": "ir.actions.act_window_close"}
