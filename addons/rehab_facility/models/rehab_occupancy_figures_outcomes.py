"""More blocks of the period figures, through ``_extra_period_figures``:

- ``outcomes`` (sheet 7): after-care outcomes of the period, see
  ``rehab_statistics_sql.outcomes_sql``; coverage = managed / released home,
  relapse rate = relapsed / under management (fractions, None without a
  base);
- ``statistics`` (sheet 8): the QĐ 127/2009 breakdowns the other sheets do
  not carry (education, occupation, drug used, prior rehab, legal record),
  of the people in
  the facilities at the end of the period, by sex;
- ``plan`` (sheet 9): the yearly plans of the facilities reported on, their
  targets and the actuals (``rehab.plan._plan_rows``);
- ``pathway`` (sheet 10): residents by rehab stage and the monthly ratings
  (``rehab.pathway.figures``);
- ``transfers`` (sheet 11): transfers out and in, people in transit at the
  end (``rehab.transfer._period_figures``).

The module's blocks are all added here (one extension of the model per
module); each lives in its own model or SQL file.

Each is one grouped query whatever the number of people; labels are
resolved here (Vietnamese record names) or by the workbook (selections).
"""

from collections import defaultdict

from odoo import api, models

from . import rehab_statistics_sql as stat_sql

OUTCOME_KEYS = (
    "released_home",
    "managed",
    "jobs",
    "under_management",
    "relapsed",
    "managed_at_end",
)


class RehabOccupancyFigures(models.AbstractModel):
    _inherit = "rehab.occupancy.figures"

    @api.model
    def _extra_period_figures(self, company_ids, date_from, date_to):
        return {
            **super()._extra_period_figures(company_ids, date_from, date_to),
            "outcomes": self._outcome_figures(company_ids, date_from, date_to),
            "statistics": self._statistics_figures(company_ids, date_to),
            "plan": self.env["rehab.plan"]._plan_rows(company_ids, date_from, date_to)
            or None,
            "pathway": self.env["rehab.pathway.figures"]._pathway_figures(
                company_ids, date_from, date_to
            ),
            "transfers": self.env["rehab.transfer"]._period_figures(
                company_ids, date_from, date_to
            ),
        }

    @api.model
    def _outcome_figures(self, company_ids, date_from, date_to):
        """``{released_home, managed, jobs, under_management, relapsed,
        managed_at_end, coverage, relapse_rate}`` of the period."""
        self.env.flush_all()
        self.env.cr.execute(stat_sql.outcomes_sql(company_ids, date_from, date_to))
        row = self.env.cr.dictfetchone() or {}
        counts = {key: int(row.get(key) or 0) for key in OUTCOME_KEYS}
        return {
            **counts,
            "coverage": counts["managed"] / counts["released_home"]
            if counts["released_home"]
            else None,
            "relapse_rate": counts["relapsed"] / counts["under_management"]
            if counts["under_management"]
            else None,
        }

    @api.model
    def _statistics_figures(self, company_ids, day):
        """``{dimension: [{key, label, male, female}]}`` of the people in the
        facilities at the end of ``day``; ``label`` is set for occupations
        (as written) and drugs (the drug type's Vietnamese name)."""
        field = self.env["rehab.resident"]._fields["drug_type_ids"]
        self.env.flush_all()
        self.env.cr.execute(
            stat_sql.breakdown_sql(
                company_ids, day, (field.relation, field.column1, field.column2)
            )
        )
        cells = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        labels = {}
        for row in self.env.cr.dictfetchall():
            cells[row["dimension"]][row["key"]][row["sex"]] += int(row["count"])
            if row["label"]:
                labels[(row["dimension"], row["key"])] = row["label"]
        drug_ids = sorted(int(key) for key in cells["drug"] if key)
        drugs = (
            self.env["rehab.drug.type"]
            .sudo()
            .with_context(active_test=False, lang=self._report_lang())
            .browse(drug_ids)
        )
        for drug in drugs:
            labels[("drug", str(drug.id))] = drug.name
        result = {}
        for dimension in ("education", "occupation", "drug", "prior", "legal"):
            rows = [
                {
                    "key": key,
                    "label": labels.get((dimension, key), ""),
                    "male": by_sex.get("male", 0),
                    "female": by_sex.get("female", 0),
                }
                for key, by_sex in cells[dimension].items()
            ]
            rows.sort(key=lambda row: (row["key"] == "", row["label"], row["key"]))
            result[dimension] = rows
        return result
