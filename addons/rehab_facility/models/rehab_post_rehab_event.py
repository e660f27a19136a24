from odoo import api, fields, models
from odoo.exceptions import UserError

EVENT_KINDS = [
    ("contact", "Follow-up contact"),
    ("visit", "Home visit"),
    ("commune", "Report from the commune"),
    ("job", "Job placement"),
]
JOB_SOURCES = [
    ("referral", "Referred (facility, commune, employment service)"),
    ("self", "Found by the person"),
]


class RehabPostRehabEvent(models.Model):
    """What happened during post-rehab management (Law 73/2021 Art. 40-41):
    follow-up contacts and visits, the commune's reports, job placements.

    Written only through ``rehab.post.rehab.record_event`` (after its
    checks); never edited or deleted afterwards: a wrong entry is followed
    by a correcting one.
    """

    _name = "rehab.post.rehab.event"
    _description = "Post-rehab Follow-up"
    _inherit = ["rehab.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _user_create_fields = None
    _user_write_fields = {}
    _guard_state_field = None
    _guard_date_kinds = {"date": "event"}
    _guard_name_fields = ("employer",)

    post_rehab_id = fields.Many2one(
        "rehab.post.rehab",
        string="Post-rehab Management",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    company_id = fields.Many2one(
        related="post_rehab_id.company_id", store=True, string="Facility"
    )
    date = fields.Date(required=True, readonly=True)
    kind = fields.Selection(EVENT_KINDS, required=True, readonly=True)
    note = fields.Text(readonly=True)
    employer = fields.Char(readonly=True)
    work = fields.Char(string="Kind of Work", readonly=True)
    job_source = fields.Selection(JOB_SOURCES, string="Found Through", readonly=True)

    _sql_constraints = [
        (
            "job_has_work",
            "CHECK (kind != 'job' OR (work IS NOT NULL AND job_source IS NOT NULL))",
            "A job placement needs the kind of work and how it was found.",
        )
    ]

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A follow-up entry cannot be deleted: record a correcting entry."
            )
        )
