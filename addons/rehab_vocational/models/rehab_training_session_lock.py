from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .rehab_training_class import MANAGER_GROUP

LOCK_DAYS_PARAM = "rehab_vocational.attendance_lock_days"


class RehabTrainingSessionLock(models.AbstractModel):
    """The lock of a confirmed attendance sheet, and "Everyone present".

    A confirmed sheet locks when its instructor (or a facility manager)
    presses Lock, or by itself N days after its confirmation (configuration
    parameter ``rehab_vocational.attendance_lock_days``). A locked sheet is
    read-only for instructors on every path (form, Everyone present,
    marking, RPC on the lines); a facility manager may still correct it and
    each change is written in the sheet's history.
    """

    _name = "rehab.training.session.lock.mixin"
    _description = "Attendance Sheet Lock"

    lock_date = fields.Date(
        string="Locked On",
        readonly=True,
        copy=False,
        help="Set by the Lock button; empty while the sheet only locks by itself.",
    )
    locked_by_id = fields.Many2one("res.users", readonly=True)
    auto_lock_date = fields.Date(
        string="Locks Automatically On",
        compute="_compute_locked",
        help="Confirmation date plus the lock delay of the settings.",
    )
    locked = fields.Boolean(
        compute="_compute_locked",
        help="Locked with the Lock button, or confirmed more than the "
        "configured number of days ago: only a facility manager can change "
        "the sheet.",
    )
    can_mark = fields.Boolean(compute="_compute_locked")
    can_lock = fields.Boolean(compute="_compute_locked")
    is_future = fields.Boolean(compute="_compute_locked")

    @api.model
    def _lock_days(self):
        return int(self.env["ir.config_parameter"].sudo().get_param(LOCK_DAYS_PARAM, 3))

    @api.depends("state", "confirmed_date", "date", "lock_date")
    @api.depends_context("uid")
    def _compute_locked(self):
        lock_days = self._lock_days()
        is_manager = self.env.user.has_group(MANAGER_GROUP)
        for session in self:
            today = (session.company_id or self.env.company).rehab_today()
            confirmed = session.state == "confirmed" and session.confirmed_date
            session.auto_lock_date = (
                session.confirmed_date + timedelta(days=lock_days)
                if confirmed
                else False
            )
            session.locked = bool(
                confirmed and (session.lock_date or today >= session.auto_lock_date)
            )
            session.is_future = bool(session.date and session.date > today)
            session.can_mark = (
                session.state != "cancelled"
                and not session.is_future
                and (not session.locked or is_manager)
            )
            session.can_lock = bool(
                confirmed and not session.lock_date and session._may_lock()
            )

    def _may_lock(self):
        """The class's instructor or a facility manager."""
        self.ensure_one()
        user = self.env.user
        return user.has_group(MANAGER_GROUP) or user in self.sudo().instructor_ids

    def _check_not_locked(self):
        """Refuse a change of a locked sheet to anyone but a manager."""
        locked = self.filtered("locked")
        if not locked or self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        session = locked[0]
        if session.lock_date:
            raise UserError(
                self.env._(
                    "The sheet of %(session)s was locked on %(date)s by %(user)s. "
                    "Ask a facility manager to correct it.",
                    session=session.display_name,
                    date=session.lock_date.strftime("%d/%m/%Y"),
                    user=session.locked_by_id.name or "",
                )
            )
        raise UserError(
            self.env._(
                "The sheet of %(session)s was confirmed on %(date)s and locked "
                "%(days)s days later. Ask a facility manager to correct it.",
                session=session.display_name,
                date=session.confirmed_date.strftime("%d/%m/%Y"),
                days=self._lock_days(),
            )
        )

    def _check_sheet_open(self):
        """Refuse attendance on a cancelled or future session, or in a closed
        class."""
        for session in self:
            day = session.date.strftime("%d/%m/%Y")
            if session.state == "cancelled":
                raise UserError(
                    self.env._(
                        "The session of %(date)s of “%(course)s” is cancelled: no "
                        "attendance can be taken.",
                        date=day,
                        course=session.class_id.name,
                    )
                )
            if session.date > session.company_id.rehab_today():
                raise UserError(
                    self.env._(
                        "The session of %(date)s of “%(course)s” has not taken "
                        "place yet: attendance is taken on the day.",
                        date=day,
                        course=session.class_id.name,
                    )
                )
            if session.class_id.state not in ("planned", "running"):
                raise UserError(
                    self.env._(
                        "“%s” is closed or cancelled: its sheets cannot change.",
                        session.class_id.name,
                    )
                )

    # ---------------------------------------------------------------- actions
    def action_lock(self):
        """Lock confirmed sheets now: the class's instructor or a manager."""
        self.check_access("write")
        for session in self:
            if session.state != "confirmed":
                raise UserError(
                    self.env._(
                        "Only a confirmed sheet can be locked: confirm the "
                        "attendance of %s first.",
                        session.display_name,
                    )
                )
            if session.lock_date:
                raise UserError(
                    self.env._(
                        "The sheet of %s is already locked.", session.display_name
                    )
                )
            if not session._may_lock():
                raise UserError(
                    self.env._(
                        "Only an instructor of “%s” or a facility manager can "
                        "lock its sheets.",
                        session.class_id.name,
                    )
                )
        for session in self:
            session.sudo().write(
                {
                    "lock_date": session.company_id.rehab_today(),
                    "locked_by_id": self.env.uid,
                }
            )
            session.message_post(
                body=self.env._("Sheet locked: only a facility manager can change it."),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _away_lines(self):
        """Lines of residents away on the session's day (escaped, in hospital,
        on leave, released)."""
        return self.line_ids.filtered(lambda line: line._away())

    def action_mark_all_present(self):
        """Mark present everyone but the residents away that day, who keep
        their status; tell the user who was left out."""
        self.check_access("write")
        self._check_sheet_open()
        self._check_not_locked()
        skipped = self.browse().line_ids
        for session in self:
            away = session._away_lines()
            skipped |= away
            session.action_mark(
                {
                    line.id: "present"
                    for line in session.line_ids - away
                    if line.status != "present"
                }
            )
        if not skipped:
            return True
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": False,
                "message": self.env._(
                    "Everyone else is present. Not in the facility that day, "
                    "left as they were: %s.",
                    ", ".join(skipped.resident_id.mapped("name")),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _post_attendance_changes(self, before):
        """Write in the session's history what changed on a confirmed sheet.

        ``before`` maps line ids to their (status, reason) before the change.
        """
        labels = dict(
            self.env["rehab.attendance.line"]
            ._fields["status"]
            ._description_selection(self.env)
        )
        for session in self:
            items = []
            for line in session.line_ids:
                if line.id not in before:
                    continue
                old_status, old_reason = before[line.id]
                if (old_status, old_reason) == (line.status, line.reason_id):
                    continue
                items.append(
                    Markup("<li>%s: %s → %s%s</li>")
                    % (
                        line.resident_id.name,
                        labels.get(old_status, ""),
                        labels.get(line.status, ""),
                        f" ({line.reason_id.name})" if line.reason_id else "",
                    )
                )
            if items:
                intro = (
                    self.env._("Attendance changed on a locked sheet:")
                    if session.locked
                    else self.env._("Attendance changed after confirmation:")
                )
                session.message_post(
                    body=Markup("<p>%s</p><ul>%s</ul>")
                    % (intro, Markup("").join(items)),
                    subtype_xmlid="mail.mt_note",
                )
