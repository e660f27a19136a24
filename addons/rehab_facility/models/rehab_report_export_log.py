from odoo import api, fields, models
from odoo.exceptions import UserError

from .rehab_occupancy_snapshot import PERIOD_SOURCES


class RehabReportExportLog(models.Model):
    """Who exported which occupancy report, when, for which facilities.

    Written by the export wizard only (as superuser); nobody edits or
    deletes a line. The file exactly as it was produced is kept with it,
    and so are the figures (without the annex of names).
    """

    _name = "rehab.report.export.log"
    _description = "Report Export Log"
    _inherit = ["rehab.guarded.mixin"]
    _order = "create_date desc, id desc"
    _rec_name = "filename"
    # Written by the export only: nothing is typed, nothing changes afterwards.
    _user_create_fields = None
    _user_write_fields = {}
    _guard_state_field = None

    user_id = fields.Many2one(
        "res.users", string="Exported By", required=True, readonly=True, index=True
    )
    create_date = fields.Datetime(string="Exported On", readonly=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        help="The user's current company when exporting (access rules).",
    )
    facility_ids = fields.Many2many(
        "res.company",
        "rehab_report_export_log_company_rel",
        "log_id",
        "company_id",
        string="Facilities",
        readonly=True,
    )
    period_type = fields.Selection(
        [
            ("month", "Month"),
            ("quarter", "Quarter"),
            ("half", "6 Months"),
            ("year", "Year"),
            ("custom", "Custom"),
        ],
        readonly=True,
    )
    date_from = fields.Date(string="From", readonly=True)
    date_to = fields.Date(string="To", readonly=True)
    period_label = fields.Char(string="Period", readonly=True)
    source = fields.Selection(PERIOD_SOURCES, string="Figures", readonly=True)
    recipient = fields.Char(readonly=True)
    include_annex = fields.Boolean(string="With List of Residents", readonly=True)
    filename = fields.Char(string="File", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="Workbook", readonly=True)
    figures = fields.Json(
        string="Figures Sent", readonly=True, help="The figures of the workbook."
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "The log of report exports cannot be deleted: it records what "
                "left the facility."
            )
        )

    def action_download(self):
        """Download the workbook exactly as it was exported."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }
