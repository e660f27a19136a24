from odoo import models


class RehabPlanIndicator(models.Model):
    """Vocational trainees of a yearly plan: the trainees of the workbook's
    sheet 4 (``rehab.occupancy.figures._vocational_figures``), through
    rehab_facility's ``_value_vocational_trainees`` hook."""

    _inherit = "rehab.plan.indicator"

    def _value_vocational_trainees(self, company_ids, date_from, date_to, cache):
        if "vocational" not in cache:
            cache["vocational"] = self.env[
                "rehab.occupancy.figures"
            ]._vocational_figures(company_ids, date_from, date_to)
        return cache["vocational"]["trainees"]
