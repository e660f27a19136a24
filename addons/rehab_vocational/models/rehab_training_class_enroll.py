from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL


def check_reachable(records, operation="read"):
    """Refuse records the user may not reach, without naming them.

    Odoo's own access error lists the records' names in debug mode: for a
    class or a resident of another facility that would tell what the user
    may not read.
    """
    if records.env.su or records.with_context(active_test=False).has_access(operation):
        return
    raise AccessError(
        records.env._(
            "Some of the chosen records (%s) are not of your facility or not "
            "yours to handle.",
            records._description,
        )
    )


class RehabTrainingClassEnroll(models.AbstractModel):
    """Putting residents on a class list: the one way in.

    An enrolment is a fact of the resident's file (it decides their sheets,
    their hours and their certificate), so it is never created by hand: the
    class's ``enroll`` checks the manager's access, locks the class, checks
    every rule, then writes in superuser mode. The enrolment wizard only
    collects the residents and calls it.
    """

    _name = "rehab.training.class.enroll"
    _description = "Class Enrolment Actions"

    def enroll(self, residents, date_enrolled=None):
        """Enroll ``residents`` (withdrawn ones again) in this class.

        Refused with the reason when the class is closed, full, or when a
        resident is not in rehab, too young, already in an overlapping class
        or not covered by their stay. ``residents`` may be ids (JSON-RPC):
        they are read with the acting user's rights either way. Returns the
        enrolments.
        """
        self.ensure_one()
        if isinstance(residents, models.BaseModel):
            residents = residents.ids
        residents = self.env["rehab.resident"].browse(residents)
        self._check_manager()
        check_reachable(self, "write")
        klass = self._guard_check_access("write")
        if not residents:
            raise UserError(self.env._("Choose the residents to enroll."))
        check_reachable(residents)
        residents = residents.sudo()
        day = fields.Date.to_date(date_enrolled) or klass._today()
        klass._check_enrolment_date(day)
        klass._lock_for_enrolment()
        Enrollment = self.env["rehab.training.enrollment"].sudo()
        existing = Enrollment.search(
            [("class_id", "=", klass.id), ("resident_id", "in", residents.ids)]
        )
        on_list = existing.filtered(lambda e: e.state != "withdrawn")
        if on_list:
            raise UserError(
                self.env._(
                    "Already on the list of “%(course)s”: %(names)s.",
                    course=klass.name,
                    names=", ".join(on_list.resident_id.mapped("name")),
                )
            )
        klass._check_room(len(residents))
        existing._reactivate(day)
        created = Enrollment.create(
            [
                {"class_id": klass.id, "resident_id": resident.id, "date_enrolled": day}
                for resident in residents - existing.resident_id
            ]
        )
        return (existing | created).sudo(self.env.su)

    def _check_enrolment_date(self, day):
        self.ensure_one()
        if day > self.date_end:
            raise UserError(
                self.env._(
                    "“%(course)s” ends on %(end)s: nobody can be enrolled after it.",
                    course=self.name,
                    end=self.date_end.strftime("%d/%m/%Y"),
                )
            )

    def _lock_for_enrolment(self):
        """Serialise enrolments into this class, so the capacity holds.

        An UPDATE of the class's row: a second transaction enrolling into the
        same class waits for the first. Once the first commits, PostgreSQL
        refuses the second's update (concurrent update under REPEATABLE READ)
        and Odoo replays the request, which then counts the first's residents
        and says the class is full.
        """
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE rehab_training_class SET write_date = write_date "
                "WHERE id IN %s",
                tuple(self.ids),
            )
        )

    def _check_room(self, count):
        """Refuse, with the numbers, an enrolment over the class's capacity."""
        self.ensure_one()
        enrolled = self._enrolled_counts().get(self, 0)
        if enrolled + count > self.capacity:
            raise UserError(
                self.env._(
                    "“%(course)s” is full: %(capacity)s places, %(enrolled)s taken, "
                    "%(count)s more asked.",
                    course=self.name,
                    capacity=self.capacity,
                    enrolled=enrolled,
                    count=count,
                )
            )

    @api.model
    def _demo_generate_attendance(self, class_ids, until, time_start, time_end):
        """Demo data: weekday sessions up to ``until`` (default: today).

        At most the last month before ``until`` (from the class start), so the
        demo installed on any day shows today's sheet to mark. The sheets
        before ``until`` (and before today) are marked and confirmed on their
        day, with a realistic share of absences; the sheet of ``until`` is
        left to mark. Called from demo XML.
        """
        until = fields.Date.to_date(until) if until else None
        reasons = [
            self.env.ref(f"rehab_vocational.absence_reason_{code}")
            for code in ("sick", "visit", "refused", "other", "hospital", "court")
        ]
        for klass in self.browse(class_ids):
            today = klass._today()
            class_until = min(until or today, klass.date_end)
            wizard = self.env["rehab.session.schedule.wizard"].create(
                {
                    "class_id": klass.id,
                    "date_from": max(
                        klass.date_start, class_until - timedelta(days=31)
                    ),
                    "date_to": class_until,
                    "time_start": time_start,
                    "time_end": time_end,
                }
            )
            sessions = self.env["rehab.training.session"].create(
                wizard._session_values()
            )
            enrollments = klass.enrollment_ids.sorted("id")
            for day_index, session in enumerate(sessions.sorted("date")):
                # Demo content is Vietnamese, like the classes' names.
                session.topic = "Bài %s" % (day_index + 1)
                if session.date >= min(class_until, today):
                    continue
                marks = []
                for rank, enrollment in enumerate(enrollments):
                    line = session.line_ids.filtered(
                        lambda line, e=enrollment: line.enrollment_id == e
                    )
                    if not line:
                        continue
                    # The last two residents miss a session in three; the
                    # others now and then, for a reason.
                    chronic = rank >= len(enrollments) - 2 and day_index % 3 == 0
                    roll = (rank * 7 + day_index * 11) % 53
                    if chronic or roll == 0:
                        reason = reasons[(rank + day_index) % len(reasons)]
                        status = "excused" if reason.counts_as_excused else "absent"
                        marks.append(({"status": status, "reason_id": reason.id}, line))
                    elif roll == 1:
                        marks.append(({"status": "late"}, line))
                self.env["rehab.attendance.line"]._apply_marks(marks)
                session.action_confirm()
                session.confirmed_date = session.date

    def _post_withdrawals(self, enrollments):
        """Tell the class chatter who was withdrawn and why."""
        reasons = dict(
            enrollments._fields["withdraw_reason"]._description_selection(self.env)
        )
        for klass in self:
            mine = enrollments.filtered(lambda e, k=klass: e.class_id == k)
            if not mine:
                continue
            items = Markup("").join(
                Markup("<li>%s: %s%s</li>")
                % (
                    enrollment.resident_id.name,
                    reasons.get(enrollment.withdraw_reason, ""),
                    f" ({enrollment.withdraw_note})"
                    if enrollment.withdraw_note
                    else "",
                )
                for enrollment in mine
            )
            klass.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (self.env._("Withdrawn from the class:"), items),
                subtype_xmlid="mail.mt_note",
            )
