from odoo import api, fields, models
from odoo.tools import SQL

ATTENDANCE_STATUSES = [
    ("present", "Present"),
    ("absent", "Absent"),
    ("excused", "Excused"),
]


class RehabCounsellingAttendance(models.Model):
    """One attendee of a counselling or education session.

    Created by the session (``add_attendees``), marked by ``action_mark`` of
    the session or in the sheet while the session is a draft. On the stay,
    these lines are the resident's counselling and education record.
    """

    _name = "rehab.counselling.attendance"
    _description = "Counselling Session Attendee"
    _inherit = ["rehab.guarded.mixin"]
    _order = "session_date desc, resident_name, id"
    _user_create_fields = None
    _user_write_fields = {"draft": ("status", "note")}
    _guard_state_field = "session_state"

    session_id = fields.Many2one(
        "rehab.counselling.session", required=True, index=True, ondelete="cascade"
    )
    stay_id = fields.Many2one(
        "rehab.stay", required=True, index=True, ondelete="restrict"
    )
    resident_id = fields.Many2one(
        related="stay_id.resident_id", store=True, string="Resident"
    )
    resident_name = fields.Char(related="stay_id.resident_id.name", store=True)
    company_id = fields.Many2one(
        related="session_id.company_id", store=True, index=True, string="Facility"
    )
    session_state = fields.Selection(related="session_id.state", store=True)
    session_date = fields.Date(related="session_id.date", store=True, string="Date")
    session_kind = fields.Selection(related="session_id.kind", string="Kind")
    session_category = fields.Selection(
        related="session_id.category", string="Category"
    )
    topic = fields.Char(related="session_id.topic")
    counsellor_id = fields.Many2one(related="session_id.counsellor_id")
    status = fields.Selection(ATTENDANCE_STATUSES, default="present", required=True)
    note = fields.Char()

    _sql_constraints = [
        (
            "session_stay_unique",
            "UNIQUE(session_id, stay_id)",
            "A resident attends a session once.",
        )
    ]

    @api.model
    def _apply_marks(self, by_status):
        """``{status: [line ids]}``: one SQL UPDATE per status.

        Rights and record rules are checked with the ORM on all the lines
        first (batched), then each status is written in one statement.
        """
        lines = self.browse([i for ids in by_status.values() for i in ids])
        if not lines:
            return
        lines.check_access("write")
        self.flush_model()
        for status, ids in by_status.items():
            self.env.cr.execute(
                SQL(
                    """UPDATE rehab_counselling_attendance
                          SET status = %s, write_uid = %s, write_date = %s
                        WHERE id = ANY(%s)""",
                    status,
                    self.env.uid,
                    self.env.cr.now(),
                    list(ids),
                )
            )
        lines.invalidate_recordset(["status", "write_uid", "write_date"])
        lines.modified(["status"])
