from datetime import timedelta

from odoo import api, fields, models

from ..models import rehab_report_period as period

PERIOD_TYPES = [
    ("month", "Month"),
    ("quarter", "Quarter"),
    ("half", "6 Months"),
    ("year", "Year"),
    ("custom", "Custom"),
]
SOURCES = [
    ("auto", "Recorded daily figures when complete, else current figures"),
    ("snapshot", "Recorded daily figures (as reported at the time)"),
    ("live", "Current figures (with later corrections)"),
]
RECIPIENT_PARAM = "rehab_facility.report_recipient"
POLICE_WITHOUT_PROVINCE = "Công an tỉnh"


class RehabReportExportWizard(models.TransientModel):
    """Export the periodic occupancy report (.xlsx) for the provincial authority.

    Sheets: 1. residents at the period end by order kind, sex, presence, age
    band, ethnicity and province; 2. movements (opening, admissions,
    conversions, releases by reason, escapes and returns, closing), refused
    when opening + in - out != closing, naming the stays that break it;
    3. beds by area; 4. vocational training when rehab_vocational is
    installed; 5. incidents by type and severity; the differences between
    recorded and current figures; an optional annex of residents (name,
    birth year, sex, order, dates only). Definitions: see
    ``rehab.occupancy.figures``. The wizard collects the parameters;
    ``rehab.occupancy.report.export`` checks, computes, renders and logs.
    """

    _name = "rehab.report.export.wizard"
    _description = "Export Occupancy Report"

    company_id = fields.Many2one(
        "res.company",
        string="Facility",
        domain=lambda self: [("id", "in", self.env.companies.ids)],
        help="Leave empty to report on all the facilities you work with.",
    )
    period_type = fields.Selection(PERIOD_TYPES, default="month", required=True)
    year = fields.Integer(default=lambda self: self._default_last_month().year)
    month = fields.Selection(
        [(str(m), str(m)) for m in range(1, 13)],
        default=lambda self: str(self._default_last_month().month),
    )
    quarter = fields.Selection(
        [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")],
        default=lambda self: str((self._default_last_month().month - 1) // 3 + 1),
    )
    half = fields.Selection(
        [("1", "First half"), ("2", "Second half")],
        string="Half-year",
        default=lambda self: "1" if self._default_last_month().month <= 6 else "2",
    )
    date_from = fields.Date(
        compute="_compute_dates",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    date_to = fields.Date(
        compute="_compute_dates",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    source = fields.Selection(
        SOURCES,
        string="Figures",
        default="auto",
        required=True,
        help="Recorded figures are stored every night; a report made from them "
        "comes out as it was sent, even after later corrections. The workbook "
        "says which figures it uses and lists the differences.",
    )
    recipient = fields.Char(
        compute="_compute_recipient",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        help="Authority the report is sent to; remembered for the facility.",
    )
    include_annex = fields.Boolean(
        string="Annex: List of Residents",
        help="Adds the residents present during the period: name, birth year, "
        "sex, order and dates only (never medical data).",
    )
    snapshot_complete = fields.Boolean(
        string="Recorded Figures Available", compute="_compute_snapshot_complete"
    )

    # ---------------------------------------------------------------- defaults
    def _default_last_month(self):
        return self.env.company.rehab_today().replace(day=1) - timedelta(days=1)

    @api.depends("period_type", "year", "month", "quarter", "half")
    def _compute_dates(self):
        for wizard in self:
            if wizard.period_type == "custom" or not wizard.year:
                if not wizard.date_from:
                    wizard.date_from, wizard.date_to = period.period_bounds(
                        "month",
                        self._default_last_month().year,
                        self._default_last_month().month,
                    )
                continue
            number = {
                "month": wizard.month,
                "quarter": wizard.quarter,
                "half": wizard.half,
                "year": "1",
            }[wizard.period_type]
            wizard.date_from, wizard.date_to = period.period_bounds(
                wizard.period_type, wizard.year, int(number or 1)
            )

    @api.depends("company_id")
    def _compute_recipient(self):
        params = self.env["ir.config_parameter"].sudo()
        default = params.get_param(RECIPIENT_PARAM, "")
        for wizard in self:
            company = wizard.company_id
            recipient = company.rehab_report_recipient or default
            # The shipped default ends with "Công an tỉnh": name the province.
            police = company._rehab_police_name() if company else ""
            if police and recipient.rstrip().endswith(POLICE_WITHOUT_PROVINCE):
                recipient = recipient.rstrip()[: -len(POLICE_WITHOUT_PROVINCE)] + police
            wizard.recipient = recipient

    @api.depends("company_id", "date_from", "date_to")
    def _compute_snapshot_complete(self):
        days = self.env["rehab.occupancy.day"]
        for wizard in self:
            wizard.snapshot_complete = bool(
                wizard.date_from
                and wizard.date_to
                and wizard.date_from <= wizard.date_to
                and not days._missing_days(
                    (wizard.company_id or self.env.companies).ids,
                    wizard.date_from,
                    wizard.date_to,
                )
            )

    # ------------------------------------------------------------------ export
    def _companies(self):
        """The facilities reported on: the chosen one or all the user's."""
        self.ensure_one()
        return self.company_id or self.env.companies

    def action_export(self):
        """One call to the report (checks, figures, workbook, log); download."""
        self.ensure_one()
        log = self.env["rehab.occupancy.report"].export(
            self._companies(),
            {
                "period_type": self.period_type,
                "date_from": self.date_from,
                "date_to": self.date_to,
                "source": self.source,
                "recipient": self.recipient,
                "include_annex": self.include_annex,
            },
        )
        if (
            self.company_id
            and self.recipient
            and self.env.user.has_group("rehab_facility.group_rehab_manager")
        ):
            self.company_id.sudo().rehab_report_recipient = self.recipient
        url = f"/web/content/{log.attachment_id.id}?download=true"
        # Download, confirm and close the dialog (static/src/dashboard/).
        return {
            "type": "ir.actions.client",
            "tag": "rehab_download_and_close",
            "url": url,
            "params": {
                "url": url,
                "message": self.env._(
                    "Report exported: %s. It is kept in Reports > Report Exports.",
                    log.filename,
                ),
            },
        }
