from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import api, models


class RehabStayTerm(models.AbstractModel):
    """How a stay's expected release date comes about: the term ledger.

    Term start + term, then each dated ledger line (credits, days away,
    court reductions, corrections), so the stay always shows why its release
    date is what it is.
    """

    _name = "rehab.stay.term"
    _description = "Stay Term Breakdown"

    def _release_steps(self):
        """Return the breakdown as (label, reference, resulting date) steps.

        Term start + term, then each ledger line in date order.
        """
        self.ensure_one()
        if not (self.order_type_id.fixed_term and self.term_start_date):
            return []
        kinds = dict(
            self.env["rehab.stay.adjustment"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        current = self.term_start_date + relativedelta(months=self.term_months)
        steps = [
            (
                self.env._(
                    "Term start %(start)s + %(months)s months",
                    start=self.term_start_date.strftime("%d/%m/%Y"),
                    months=self.term_months,
                ),
                "",
                current,
            )
        ]
        for line in self.adjustment_ids.sorted(lambda line: (line.date, line.id or 0)):
            current += relativedelta(months=line.signed_months, days=line.signed_days)
            amount = []
            if line.months:
                amount.append(self.env._("%s months", line.months))
            if line.days:
                amount.append(self.env._("%s days", line.days))
            sign = "+" if line.direction == "extend" else "−"
            steps.append(
                (
                    f"{sign} {' '.join(amount)}: {kinds.get(line.kind, '')}",
                    line.reference or line.reason or "",
                    current,
                )
            )
        return steps

    @api.depends(
        "term_start_date", "term_months", "adjustment_ids", "order_type_id.fixed_term"
    )
    def _compute_release_breakdown(self):
        for stay in self:
            steps = stay._release_steps()
            if not steps:
                stay.release_breakdown = Markup("<p>%s</p>") % self.env._(
                    "No fixed term: the release date follows the decision that "
                    "ends this stay."
                )
                continue
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (escape(label), escape(ref), result.strftime("%d/%m/%Y"))
                for label, ref, result in steps
            )
            stay.release_breakdown = Markup(
                '<table class="table table-sm o_rehab_breakdown"><thead><tr>'
                "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody>"
                "<tfoot><tr><th colspan='2'>%s</th><th>%s</th></tr></tfoot></table>"
            ) % (
                self.env._("Step"),
                self.env._("Document"),
                self.env._("Date"),
                rows,
                self.env._("Expected release date"),
                steps[-1][2].strftime("%d/%m/%Y"),
            )

    def _post_release_change(self, line, previous_date):
        """Tell the chatter how a ledger line moved the release date."""
        self.ensure_one()
        kinds = dict(line._fields["kind"]._description_selection(self.env))
        fmt = "%d/%m/%Y"
        self.message_post(
            body=self.env._(
                "Term ledger: %(sign)s%(months)s months %(days)s days (%(kind)s, "
                "%(ref)s). Expected release date: %(old)s → %(new)s.",
                sign="+" if line.direction == "extend" else "−",
                months=line.months,
                days=line.days,
                kind=kinds.get(line.kind),
                ref=line.reference or line.reason or "-",
                old=previous_date.strftime(fmt) if previous_date else "-",
                new=self.expected_release_date.strftime(fmt)
                if self.expected_release_date
                else "-",
            )
        )
