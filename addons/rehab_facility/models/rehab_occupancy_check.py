"""Checks on the period figures: which stays break the identity, and where
the recorded figures differ from the current ones."""

from collections import defaultdict
from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from . import rehab_occupancy_sql as occ_sql

BED_COLUMNS = ("capacity", "occupied", "unavailable", "free")


class RehabOccupancyCheck(models.AbstractModel):
    _name = "rehab.occupancy.check"
    _description = "Occupancy Figures Checks"

    @api.model
    def _identity_breakers(self, company_ids, date_from, date_to):
        """Stays whose own movements do not add up over the period.

        Only run when the identity fails (one query): per stay its order kind
        in the opening and closing counts, at admission, at release and its
        conversions, so that the stays that break the identity are named.
        """
        day_before = date_from - timedelta(days=1)
        self.env.cr.execute(
            SQL(
                """
                SELECT s.id, s.name, r.name AS resident,
                       CASE WHEN %(in_open)s THEN o.kind END AS opening,
                       CASE WHEN s.admission_date BETWEEN %(d1)s AND %(d2)s
                            THEN adm.kind END AS admission,
                       CASE WHEN s.release_date BETWEEN %(d1)s AND %(d2)s
                            THEN rel.kind END AS release,
                       CASE WHEN %(in_close)s THEN cl.kind END AS closing,
                       ARRAY(SELECT f.kind || '>' || t.kind
                               FROM rehab_stay_basis_change bc
                               JOIN rehab_order_type f ON f.id = bc.from_order_type_id
                               JOIN rehab_order_type t ON t.id = bc.to_order_type_id
                              WHERE bc.stay_id = s.id
                                AND bc.date BETWEEN %(d1)s AND %(d2)s) AS conversions
                  FROM rehab_stay s
                  JOIN rehab_resident r ON r.id = s.resident_id
                  JOIN rehab_order_type o ON o.id = %(ot_open)s
                  JOIN rehab_order_type adm ON adm.id = %(ot_adm)s
                  JOIN rehab_order_type rel ON rel.id = %(ot_rel)s
                  JOIN rehab_order_type cl ON cl.id = %(ot_close)s
                 WHERE %(counted)s
                   AND (s.admission_date <= %(d2)s OR s.release_date <= %(d2)s)
                   AND (s.release_date IS NULL OR s.release_date >= %(d1)s
                        OR s.admission_date >= %(d1)s
                        OR EXISTS (SELECT 1 FROM rehab_stay_basis_change bc
                                    WHERE bc.stay_id = s.id
                                      AND bc.date BETWEEN %(d1)s AND %(d2)s))
                """,
                in_open=occ_sql.in_facility_sql(day_before),
                in_close=occ_sql.in_facility_sql(date_to),
                ot_open=occ_sql.order_type_on_sql(day_before),
                ot_adm=occ_sql.ORDER_TYPE_AT_ADMISSION,
                ot_rel=occ_sql.order_type_on_sql(
                    SQL("COALESCE(s.release_date, %s)", date_to)
                ),
                ot_close=occ_sql.order_type_on_sql(date_to),
                counted=occ_sql.counted_stays_sql(company_ids),
                d1=date_from,
                d2=date_to,
            )
        )
        return [row for row in self.env.cr.dictfetchall() if self._breaks(row)]

    @api.model
    def _breaks(self, row):
        residual = defaultdict(int)
        for key, sign in (("opening", 1), ("admission", 1), ("release", -1)):
            if row[key]:
                residual[row[key]] += sign
        if row["closing"]:
            residual[row["closing"]] -= 1
        for conversion in row["conversions"]:
            from_kind, to_kind = conversion.split(">")
            residual[from_kind] -= 1
            residual[to_kind] += 1
        return any(residual.values())

    # ----------------------------------------------------------- differences
    @api.model
    def _flatten(self, figures):
        """``{(block, line, column): count}`` of sheets 1 to 3, by keys (the
        workbook turns the keys into labels)."""
        flat = {}
        for kind, by_sex in figures["occupancy"]["by_kind_sex"].items():
            for sex, cell in by_sex.items():
                for column, count in cell.items():
                    flat[("occupancy", f"{kind}/{sex}", column)] = count
        for row in figures["occupancy"]["provinces"]:
            for sex in ("male", "female"):
                flat[("occupancy", f"province/{row['name']}", sex)] = row[sex]
        for line, by_kind in figures["movements"]["lines"].items():
            if line == "correction":  # only in recorded figures, on sheet 2
                continue
            for kind, count in by_kind.items():
                flat[("movements", line, kind)] = count
        for row in figures["beds"]:
            for column in BED_COLUMNS:
                flat[("beds", f"{row['facility']} / {row['area']}", column)] = row[
                    column
                ]
        return flat

    @api.model
    def _differences(self, recorded, current):
        """Where the recorded and current figures differ:
        ``[{"block", "line", "column", "recorded", "current"}]``."""
        old, new = self._flatten(recorded), self._flatten(current)
        return [
            {
                "block": block,
                "line": line,
                "column": column,
                "recorded": old.get((block, line, column), 0),
                "current": new.get((block, line, column), 0),
            }
            for block, line, column in sorted(set(old) | set(new))
            if old.get((block, line, column), 0) != new.get((block, line, column), 0)
        ]
