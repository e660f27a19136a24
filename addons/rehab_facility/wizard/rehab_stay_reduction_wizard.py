from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class RehabStayReductionWizard(models.TransientModel):
    """Record a court decision reducing the term or exempting the remainder.

    Decree 116/2021 Art. 58: 1-3 months after serving half the term with good
    ratings, 3-6 months for a meritorious act; decided by the court. The
    decision becomes a line of the term ledger.
    """

    _name = "rehab.stay.reduction.wizard"
    _description = "Court Reduction or Exemption"

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
        stay = self.stay_id
        if not stay.expected_release_date:
            raise UserError(self.env._("This stay has no fixed term to reduce."))
        if stay.state == "released":
            raise UserError(self.env._("A released stay cannot be reduced."))
        if self.decision_date > stay.company_id.rehab_today():
            raise UserError(self.env._("The decision date cannot be in the future."))
        if self.decision_date < stay.admission_date:
            raise UserError(
                self.env._("The court decision cannot be dated before the admission.")
            )
        values = {
            "stay_id": stay.id,
            "date": self.decision_date,
            "kind": "court_reduction",
            "reference": self.decision_number,
            "reason": self.decision_authority,
        }
        if self.kind == "reduction":
            if self.months <= 0:
                raise UserError(self.env._("Enter the number of months reduced."))
            if self.new_release_date <= self.decision_date:
                remaining = (stay.expected_release_date - self.decision_date).days
                raise UserError(
                    self.env._(
                        "A reduction of %(months)s months is more than the %(days)s "
                        "days that remain of the term: record an exemption of the "
                        "remainder instead.",
                        months=self.months,
                        days=remaining,
                    )
                )
            values["months"] = self.months
        else:
            remaining = (stay.expected_release_date - self.decision_date).days
            if remaining <= 0:
                raise UserError(self.env._("Nothing remains of the term to exempt."))
            values["days"] = remaining
        # The court decision is checked above; the line is its record.
        self.env["rehab.stay.adjustment"].sudo().create(values)
        return {"type": "ir.actions.act_window_close"}
