"""The vocational block of the facility's period figures (sheet 4 of the
report, the dashboard's attendance tile), added through rehab_facility's
``_extra_period_figures`` hook.

Definitions (README, "Definitions"):

- **classes running**: running or done, active, dates overlapping the period;
- **trainees**: distinct residents enrolled in those classes during the
  period (enrolled by its end, not withdrawn before its start); a resident
  trained in two trades is one trainee in the total;
- **sessions held**: confirmed sessions dated in the period;
- **attendance**: attended hours (present or late) over the hours of the
  confirmed sessions of the period, excused hours counting as missed, as an
  enrollment's rate counts them. Summed over the sessions' stored totals
  (``attended_hours_total`` / ``held_hours_total``), not over their lines;
- **certificates**: certificates dated in the period.
"""

from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL, create_index

MEASURES = ("classes", "trainees", "sessions", "attendance_rate", "certificates")


class RehabOccupancyFigures(models.AbstractModel):
    _inherit = "rehab.occupancy.figures"

    def init(self):
        """The certificates of a period are found through their date."""
        create_index(
            self.env.cr,
            "rehab_training_enrollment_certificate_date_idx",
            "rehab_training_enrollment",
            ["company_id", "certificate_date"],
            where="certificate_number IS NOT NULL",
        )
        return super().init()

    @api.model
    def _extra_period_figures(self, company_ids, date_from, date_to):
        return {
            **super()._extra_period_figures(company_ids, date_from, date_to),
            "vocational": self._vocational_figures(company_ids, date_from, date_to),
        }

    @api.model
    def _vocational_rows(self, company_ids, date_from, date_to):
        """``[{measure, trade_id, total, value, base}]``: one grouped query.

        ``total`` marks the all-trades row (GROUPING SETS), so a resident in
        two trades counts once in it. The sessions are read once (sessions
        held and their hours).
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH classes AS (
                    SELECT c.id, c.trade_id FROM rehab_training_class c
                     WHERE c.company_id = ANY(%(companies)s) AND c.active
                       AND c.state IN ('running', 'done')
                       AND c.date_start <= %(d2)s AND c.date_end >= %(d1)s),
                sessions AS (
                    SELECT s.trade_id, GROUPING(s.trade_id) = 1 AS total,
                           COUNT(*) AS sessions,
                           SUM(s.attended_hours_total) AS attended,
                           SUM(s.held_hours_total) AS held
                      FROM rehab_training_session s
                     WHERE s.company_id = ANY(%(companies)s)
                       AND s.state = 'confirmed'
                       AND s.date BETWEEN %(d1)s AND %(d2)s
                     GROUP BY GROUPING SETS ((s.trade_id), ()))
                SELECT 'classes' AS measure, trade_id, GROUPING(trade_id) = 1 AS total,
                       COUNT(*) AS value, 0 AS base
                  FROM classes GROUP BY GROUPING SETS ((trade_id), ())
                UNION ALL
                SELECT 'trainees', c.trade_id, GROUPING(c.trade_id) = 1,
                       COUNT(DISTINCT e.resident_id), 0
                  FROM rehab_training_enrollment e JOIN classes c ON c.id = e.class_id
                 WHERE e.date_enrolled <= %(d2)s
                   AND (e.date_withdrawn IS NULL OR e.date_withdrawn >= %(d1)s)
                 GROUP BY GROUPING SETS ((c.trade_id), ())
                UNION ALL
                SELECT 'sessions', trade_id, total, sessions, 0 FROM sessions
                UNION ALL
                SELECT 'attendance_rate', trade_id, total, attended, held
                  FROM sessions
                UNION ALL
                SELECT 'certificates', e.trade_id, GROUPING(e.trade_id) = 1, COUNT(*), 0
                  FROM rehab_training_enrollment e
                 WHERE e.company_id = ANY(%(companies)s)
                   AND e.certificate_number IS NOT NULL
                   AND e.certificate_date BETWEEN %(d1)s AND %(d2)s
                 GROUP BY GROUPING SETS ((e.trade_id), ())
                """,
                companies=list(company_ids),
                d1=date_from,
                d2=date_to,
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _vocational_figures(self, company_ids, date_from, date_to):
        """``{classes, trainees, sessions, attendance_rate, certificates,
        trades: [{trade, classes, …}]}`` of the period; rates are fractions
        (0.75 = 75 %), 0 when no hours were held."""

        def empty():
            return {**dict.fromkeys(MEASURES, 0), "attendance_rate": 0.0}

        totals = empty()
        by_trade = defaultdict(empty)
        for row in self._vocational_rows(company_ids, date_from, date_to):
            target = totals if row["total"] else by_trade[row["trade_id"]]
            if row["measure"] == "attendance_rate":
                base = float(row["base"] or 0)
                value = float(row["value"] or 0) / base if base else 0.0
            else:  # the UNION makes every value a float
                value = int(row["value"] or 0)
            target[row["measure"]] = value
        trades = (
            self.env["rehab.trade"]
            .sudo()
            .with_context(active_test=False, lang=self._report_lang())
            .browse(sorted(trade_id for trade_id in by_trade if trade_id))
            .sorted(lambda t: (t.sequence, t.name))
        )
        return {
            **totals,
            "trades": [{"trade": trade.name, **by_trade[trade.id]} for trade in trades],
        }
