from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import UserError

# Decree 116/2021 Art. 58: the months a court may reduce, by ground.
RATINGS_BOUNDS = (1, 3)
MERIT_BOUNDS = (3, 6)
RATED_MONTHS = 3


def month_end(day):
    return day.replace(day=1) + relativedelta(months=1, days=-1)


class RehabStayReduction(models.AbstractModel):
    """The conditions of a court reduction of the term (Decree 116/2021 Art. 58).

    1-3 months once half the term is served with the last 3 consecutive
    months rated "khá" or better; 3-6 months with a meritorious act (a reward
    of kind "merit"), also after half the term. The half-term day follows the
    term ledger: days away after an escape or a suspension and the credit of
    pending-decision management move it as they move the release date; a
    court reduction does not (it shortens the rest, not the half served).
    """

    _name = "rehab.stay.reduction"
    _description = "Stay: term reduction conditions"

    rating_ids = fields.One2many("rehab.rating", "stay_id", string="Monthly Ratings")
    reduction_override_reason = fields.Text(
        string="Last Art. 58 Override",
        readonly=True,
        tracking=True,
        help="Why a court reduction was recorded although the facility's "
        "records did not show the conditions of Decree 116/2021 Art. 58.",
    )

    def _half_term_date(self):
        """The day half the term is served, following the ledger."""
        self.ensure_one()
        if not (self.order_type_id.fixed_term and self.term_start_date):
            return False
        start = self.term_start_date
        nominal_end = start + relativedelta(months=self.term_months)
        half = start + timedelta(days=(nominal_end - start).days // 2)
        for line in self.adjustment_ids.sorted(lambda line: (line.date, line.id or 0)):
            if line.kind == "court_reduction" or line.date > half:
                continue
            half += relativedelta(months=line.signed_months, days=line.signed_days)
        return half

    def _reduction_facts(self, last_day):
        """{stay id: facts} of Art. 58 at ``last_day`` (a month's end).

        One search for the ratings and one for the rewards, whatever the
        number of stays.
        """
        first_month = last_day.replace(day=1) - relativedelta(months=RATED_MONTHS - 1)
        months = [first_month + relativedelta(months=i) for i in range(RATED_MONTHS)]
        ratings = (
            self.env["rehab.rating"]
            .sudo()
            .search(
                [
                    ("stay_id", "in", self.ids),
                    ("month", "in", months),
                    ("state", "=", "approved"),
                ]
            )
        )
        by_stay = {}
        for rating in ratings:
            by_stay.setdefault(rating.stay_id.id, {})[rating.month] = rating
        merits = (
            self.env["rehab.reward"]
            .sudo()
            .search(
                [
                    ("stay_id", "in", self.ids),
                    ("kind", "=", "merit"),
                    ("date", "<=", last_day),
                ]
            )
        )
        merit_by_stay = {}
        for reward in merits:
            merit_by_stay.setdefault(reward.stay_id.id, reward)
        facts = {}
        for stay in self:
            half = stay._half_term_date()
            rated = by_stay.get(stay.id, {})
            levels = [rated.get(month) for month in months]
            ratings_ok = all(r and r.meets_reduction for r in levels)
            merit = merit_by_stay.get(stay.id)
            half_ok = bool(half and half <= last_day)
            bounds = []
            if half_ok and ratings_ok:
                bounds.append(RATINGS_BOUNDS)
            if half_ok and merit:
                bounds.append(MERIT_BOUNDS)
            facts[stay.id] = {
                "stay": stay,
                "date": last_day,
                "half_term_date": half,
                "half_served": half_ok,
                "months": months,
                "ratings": levels,
                "ratings_ok": ratings_ok,
                "merit": merit,
                "bounds": bounds,
                "eligible": bool(bounds),
                "months_min": min((b[0] for b in bounds), default=0),
                "months_max": max((b[1] for b in bounds), default=0),
            }
        return facts

    def _reduction_facts_on(self, decision_date):
        """The most favourable facts of the last 3 month ends before a decision."""
        self.ensure_one()
        last = decision_date.replace(day=1) - timedelta(days=1)
        if month_end(decision_date) == decision_date:
            last = decision_date
        best = None
        for back in range(RATED_MONTHS):
            day = month_end(last - relativedelta(months=back))
            facts = self._reduction_facts(day)[self.id]
            if facts["eligible"] and (
                not best or facts["months_max"] > best["months_max"]
            ):
                best = facts
        return best or self._reduction_facts(last)[self.id]

    def _reduction_refusal(self, months, decision_date):
        """Why the records do not support ``months`` of reduction, or ''."""
        self.ensure_one()
        facts = self._reduction_facts_on(decision_date)
        fmt = "%d/%m/%Y"
        if not facts["half_served"]:
            half = facts["half_term_date"]
            return self.env._(
                "half the term is served only on %s",
                half.strftime(fmt) if half else "-",
            )
        if not facts["eligible"]:
            return self.env._(
                "the last 3 months are not all rated “khá” or better in approved "
                "sheets and no meritorious act is recorded"
            )
        if not any(low <= months <= high for low, high in facts["bounds"]):
            return self.env._(
                "%(months)s months is outside what Art. 58 allows here (%(low)s to "
                "%(high)s months)",
                months=months,
                low=facts["months_min"],
                high=facts["months_max"],
            )
        return ""

    def _reduction_check_text(self, months, decision_date):
        """The check as the wizard shows it."""
        self.ensure_one()
        if not (self.id and decision_date and self.expected_release_date):
            return False
        refusal = self._reduction_refusal(months or 0, decision_date)
        if refusal:
            return self.env._(
                "Not met: %s. Record it only with an override reason.", refusal
            )
        return self.env._(
            "Met: the conditions of Decree 116/2021 Art. 58 are recorded."
        )

    def record_court_decision(self, kind, decision, months=0, override_reason=None):
        """Check Art. 58 before a court reduction is written (an exemption of
        the remainder rests on other grounds and is not checked here)."""
        self.ensure_one()
        self._guard_check_access("write")
        date = fields.Date.to_date(decision.get("date"))
        checkable = (
            kind == "reduction"
            and self.expected_release_date
            and date
            and 1 <= (months or 0) <= 36
            and fields.Date.subtract(self.expected_release_date, months=months) > date
        )
        # Otherwise the stay's own checks say what is wrong with the input.
        if checkable:
            refusal = self._reduction_refusal(months, date)
            override_reason = (override_reason or "").strip()
            if refusal and not override_reason:
                raise UserError(
                    self.env._(
                        "The facility's records do not support this reduction: "
                        "%s (Decree 116/2021 Art. 58). Check the ratings and "
                        "rewards, or give the reason to record the court's "
                        "decision anyway.",
                        refusal,
                    )
                )
            line = super().record_court_decision(kind, decision, months=months)
            if refusal:
                self.sudo().reduction_override_reason = override_reason
                self.message_post(
                    body=self.env._(
                        "Court reduction recorded although %(refusal)s: %(reason)s",
                        refusal=refusal,
                        reason=override_reason,
                    )
                )
            return line
        return super().record_court_decision(kind, decision, months=months)
