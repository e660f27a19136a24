from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import fields, models

from .rehab_pathway_figures import AWAY, NO_STAGE


class RehabDashboard(models.TransientModel):
    """The module's own dashboard tiles, through ``_extra_figures``:

    - the plan tile: this year's plans of the selected facilities (and of
      their province), each target with a bar of the actual against it and
      the actual at the end of every month; shown to the users who may read
      plans;
    - the pathway tiles: residents by rehab stage now, and the rating
      distribution of last month's approved sheets; same definitions and
      query as the workbook's pathway sheet (``rehab.pathway.figures``);
      counts only, which the provincial authority may see.
    """

    _inherit = "rehab.dashboard"

    plan_progress_html = fields.Html(
        string="Plan Progress", compute="_compute_figures", sanitize=False
    )
    pathway_stage_html = fields.Html(
        string="Residents by Stage", compute="_compute_figures", sanitize=False
    )
    pathway_rating_html = fields.Html(
        string="Ratings Last Month", compute="_compute_figures", sanitize=False
    )

    def _extra_figures(self, company_ids, today, month_start, week_start):
        return {
            **super()._extra_figures(company_ids, today, month_start, week_start),
            "plan_progress_html": self._plan_progress(company_ids, today),
            **self._pathway_tiles(company_ids, today, month_start),
        }

    def _plan_progress(self, company_ids, today):
        Plan = self.env["rehab.plan"]
        if not Plan.has_access("read"):
            return False
        provinces = self.env["res.company"].browse(company_ids).rehab_province_id
        plans = Plan.search(
            [
                ("year", "=", today.year),
                "|",
                ("company_id", "in", list(company_ids)),
                ("province_id", "in", provinces.ids),
            ]
        )
        if not plans:
            return False
        return Markup("").join(
            Markup("<h5>%s</h5>%s") % (plan.name, plan.sudo()._progress_table())
            for plan in plans
        )

    def _pathway_tiles(self, company_ids, today, month_start):
        last_month = month_start - relativedelta(months=1)
        figures = self.env["rehab.pathway.figures"]._pathway_figures(
            company_ids, last_month, today
        )
        months = figures["months"]
        return {
            "pathway_stage_html": self._pathway_table(
                [(s["code"], s["name"]) for s in figures["stages"]]
                + [(NO_STAGE, self.env._("No stage yet"))],
                months[-1]["stages"],
            ),
            "pathway_rating_html": self._pathway_table(
                [(lv["code"], lv["name"]) for lv in figures["levels"]]
                + [(AWAY, self.env._("Away all month (not rated)"))],
                months[0]["ratings"] if len(months) > 1 else {},
            ),
        }

    def _pathway_table(self, labels, counts):
        rows = Markup("").join(
            Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>")
            % (label, counts.get(code, 0))
            for code, label in labels
            if counts.get(code) or code not in (NO_STAGE, AWAY)
        )
        return (
            Markup(
                '<table class="table table-sm o_rehab_dashboard_pathway"><tbody>%s'
                "</tbody></table>"
            )
            % rows
        )
