"""The pathway block of the period figures (the dashboard's pathway tiles,
the workbook's pathway sheet), a block of ``rehab.occupancy.figures``
(``_extra_period_figures``, models/rehab_occupancy_figures_outcomes.py).

Definitions:

- **stage counts**, per month of the period: the people in the facility at
  the month's end (or at the period's end, when earlier), as the population
  counts them (DOMAIN §5), by the stage in force that day: the stage of the
  stay's latest stage move dated on or before it (``_stage_on``); a stay with
  no move yet (admitted before the pathway existed) counts as "no stage";
- **rating distribution**, per month: the ratings of the month's approved
  sheets by level; residents away the whole month are counted apart, not
  rated. Draft and proposed sheets do not count yet.

One grouped query whatever the number of stays and months; counts only (the
provincial authority reads them, never a person's record).
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

NO_STAGE = "none"
AWAY = "away"
_FOUR_DAYS = timedelta(days=4)


class RehabPathwayFigures(models.AbstractModel):
    _name = "rehab.pathway.figures"
    _description = "Pathway figures (stages, monthly ratings)"

    @api.model
    def _pathway_rows(self, company_ids, date_from, date_to):
        """``[{measure, month, key, count}]`` in one query."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH ends AS (
                    SELECT m::date AS month,
                           LEAST((m + interval '1 month - 1 day')::date,
                                 %(d2)s::date) AS day
                      FROM generate_series(date_trunc('month', %(d1)s::date),
                                           %(d2)s::date, interval '1 month') m)
                SELECT 'stage' AS measure, e.month, COALESCE(st.code, %(none)s) AS key,
                       COUNT(*) AS count
                  FROM ends e
                  JOIN rehab_stay s ON s.company_id = ANY(%(companies)s) AND s.active
                   AND s.state != 'intake' AND s.admission_date <= e.day
                   AND (s.release_date IS NULL OR s.release_date > e.day)
             LEFT JOIN LATERAL (
                    SELECT mv.to_stage_id FROM rehab_stay_stage_move mv
                     WHERE mv.stay_id = s.id AND mv.date <= e.day
                  ORDER BY mv.date DESC, mv.id DESC LIMIT 1) last ON TRUE
             LEFT JOIN rehab_stage st ON st.id = last.to_stage_id
              GROUP BY e.month, 3
                UNION ALL
                SELECT 'rating', e.month,
                       COALESCE(l.code, CASE WHEN r.away THEN %(away)s END), COUNT(*)
                  FROM ends e
                  JOIN rehab_rating r ON r.month = e.month
                   AND r.company_id = ANY(%(companies)s) AND r.state = 'approved'
             LEFT JOIN rehab_rating_level l ON l.id = r.level_id
              GROUP BY e.month, 3
                """,
                companies=list(company_ids),
                d1=date_from,
                d2=date_to,
                none=NO_STAGE,
                away=AWAY,
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _pathway_figures(self, company_ids, date_from, date_to):
        """``{stages: [{code, name}], levels: [{code, name}], months: [{month,
        stages: {code: n}, ratings: {code: n}}]}`` (JSON-ready, names in
        Vietnamese; ``none``: no stage yet, ``away``: away all month)."""
        lang = self.env["rehab.occupancy.figures"]._report_lang()
        months = defaultdict(lambda: {"stages": {}, "ratings": {}})
        for row in self._pathway_rows(company_ids, date_from, date_to):
            if row["key"] is None:
                continue
            bucket = "stages" if row["measure"] == "stage" else "ratings"
            months[row["month"].isoformat()][bucket][row["key"]] = int(row["count"])
        cursor = date_from.replace(day=1)
        ordered = []
        while cursor <= date_to:
            key = cursor.isoformat()
            ordered.append({"month": key, **months[key]})
            cursor = (cursor.replace(day=28) + _FOUR_DAYS).replace(day=1)
        stages = (
            self.env["rehab.stage"].sudo().with_context(lang=lang, active_test=False)
        )
        levels = self.env["rehab.rating.level"].sudo().with_context(lang=lang)
        return {
            "stages": [{"code": s.code, "name": s.name} for s in stages.search([])],
            "levels": [{"code": lv.code, "name": lv.name} for lv in levels.search([])],
            "months": ordered,
        }
