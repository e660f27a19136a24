from collections import defaultdict

from odoo import models


class RehabTrainingSessionClash(models.AbstractModel):
    """What else keeps the residents of a session busy at its time."""

    _name = "rehab.training.session.clash.mixin"
    _description = "Session Clashes"

    def _clash_sources(self):
        """Records that keep a resident away from class, by model.

        Extension point: each source is (model, label, resident field, start
        field, end field, extra domain). A source is used only when its model
        and fields exist, so this module works with or without the discipline,
        visit or medical modules; add a source by overriding this method.
        Start and end may be Date (whole days) or Datetime fields; an empty
        end means "still ongoing".
        """
        return [
            (
                "rehab.discipline",
                self.env._("Disciplinary room"),
                "resident_id",
                "date_start",
                "date_end",
                [("kind", "=", "room")],
            ),
            (
                "rehab.stay.absence",
                self.env._("Away (escape or hospital)"),
                "resident_id",
                "date_start",
                "date_end",
                [("kind", "in", ("escape", "suspension"))],
            ),
            (
                "rehab.stay.absence",
                self.env._("Funeral leave"),
                "resident_id",
                "date_start",
                "date_end",
                [("kind", "=", "funeral_leave")],
            ),
            (
                "rehab.visit",
                self.env._("Family visit"),
                "resident_id",
                "date_start",
                "date_end",
                [("state", "in", ("booked", "in_progress", "done"))],
            ),
            (
                "rehab.medical.appointment",
                self.env._("Medical appointment"),
                "resident_id",
                "date_start",
                "date_end",
                [],
            ),
        ]

    def _get_clashes(self):
        """Return {resident id: [labels]} of what overlaps this session.

        A user who may not read a source record (an instructor and the
        escape, discipline or medical records) sees "Unavailable" instead of
        its label: back-dated sheets would otherwise tell them the history.
        """
        self.ensure_one()
        unavailable = self.env._("Unavailable")
        clashes = defaultdict(list)
        residents = self.line_ids.resident_id
        if not residents or not self.datetime_start:
            return {}
        for model, label, res_field, start, end, domain in self._clash_sources():
            if model not in self.env:
                continue
            Model = self.env[model].sudo()
            if not {res_field, start, end} <= set(Model._fields):
                continue
            if Model._fields[start].type == "date":
                low, high = self.date, self.date
            else:
                low, high = self.datetime_start, self.datetime_end
            overlapping = Model.search(
                [
                    (res_field, "in", residents.ids),
                    (start, "<=" if Model._fields[start].type == "date" else "<", high),
                    "|",
                    (end, "=", False),
                    (end, ">=" if Model._fields[end].type == "date" else ">", low),
                    *domain,
                ]
            )
            # The reason (escape, discipline, hospital...) only for users who
            # may read the record; to the others the resident is just away.
            readable = (
                overlapping
                if self.env.su
                else overlapping.sudo(False)._filtered_access("read")
            )
            for record in overlapping:
                resident_id = record[res_field].id
                text = label if record in readable else unavailable
                if text not in clashes[resident_id]:
                    clashes[resident_id].append(text)
        return dict(clashes)
