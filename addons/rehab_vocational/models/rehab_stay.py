from odoo import models

# Stay states that end a resident's classes, and the withdrawal reason given.
WITHDRAWING_STATES = {"released": "released", "absent": "escaped"}


class RehabStay(models.Model):
    _inherit = "rehab.stay"

    def write(self, vals):
        result = super().write(vals)
        reason = WITHDRAWING_STATES.get(vals.get("state"))
        if reason:
            self._withdraw_from_classes(reason)
        return result

    def _withdraw_from_classes(self, reason):
        """A resident released, transferred or escaped leaves their classes.

        Runs as superuser: the officer recording the release or the escape
        usually has no access to the vocational records.
        """
        Enrollment = self.env["rehab.training.enrollment"].sudo()
        enrollments = Enrollment.search(
            [
                ("resident_id", "in", self.resident_id.ids),
                ("state", "=", "enrolled"),
                ("class_id.state", "in", ("planned", "running")),
            ]
        )
        if not enrollments:
            return
        for stay in self:
            mine = enrollments.filtered(
                lambda e, s=stay: e.resident_id == s.resident_id
            )
            if not mine:
                continue
            stay_reason, note = stay._withdrawal_reason(reason)
            mine._withdraw(stay_reason, note)

    def _withdrawal_reason(self, reason):
        """(reason, note) of the withdrawal, from what the stay tells.

        A release may record why in a ``release_reason`` selection (term
        completed, transfer to another facility, escape not returned...): a
        transfer or an escape is told apart, and the label goes into the note.
        """
        self.ensure_one()
        field = self._fields.get("release_reason")
        if reason != "released" or not field or field.type != "selection":
            return reason, False
        value = self.release_reason
        if not value:
            return reason, False
        note = dict(field._description_selection(self.env)).get(value)
        if "transfer" in value:
            return "transferred", note
        if "escape" in value:
            return "escaped", note
        return reason, note
