"""18.0.1.1.0: sessions store their attended and held hours (issue 11).

Fill ``attended_hours_total`` and ``held_hours_total`` of the existing
sessions in one UPDATE, as ``rehab.training.session._refresh_hour_totals``
does for new marks: the session's hours times its lines (present or late for
attended); 0 for sessions not confirmed.
"""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE rehab_training_session s
           SET attended_hours_total = t.attended, held_hours_total = t.held
          FROM (SELECT s2.id,
                       CASE WHEN s2.state = 'confirmed'
                            THEN s2.hours * COUNT(l.id)
                                 FILTER (WHERE l.status IN ('present', 'late'))
                            ELSE 0 END AS attended,
                       CASE WHEN s2.state = 'confirmed'
                            THEN s2.hours * COUNT(l.id) ELSE 0 END AS held
                  FROM rehab_training_session s2
                  LEFT JOIN rehab_attendance_line l ON l.session_id = s2.id
                 GROUP BY s2.id) t
         WHERE s.id = t.id
        """
    )
