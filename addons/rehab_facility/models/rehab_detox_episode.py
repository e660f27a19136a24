from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

MEDICAL_GROUPS = "rehab_facility.group_rehab_medical,rehab_facility.group_rehab_manager"
DETOX_FIELDS = ("date_start", "date_end", "protocol", "notes")
EPISODE_STATES = [("open", "In progress"), ("closed", "Closed")]


class RehabDetoxEpisode(models.Model):
    """Stage 2 of the pathway as a medical episode (Law 73/2021 Art. 29).

    Withdrawal, detox and treatment of mental and other disorders: start,
    end, protocol and notes, recorded by the medical staff. Health data is
    sensitive personal data (Law 91/2025/QH15, Decree 356/2025/NĐ-CP): only
    the medical group and the director have access to the model at all (no
    other role reads, searches, groups or exports it, directly or through the
    stay), and every reveal is written in the medical access log, one line
    per resident, as for the resident's medical fields.
    """

    _name = "rehab.detox.episode"
    _description = "Detox Episode"
    _inherit = ["rehab.guarded.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _user_create_fields = ("stay_id", "date_start", "protocol", "notes")
    _user_write_fields = {"open": ("protocol", "notes"), "closed": ("notes",)}
    _guard_medical_fields = DETOX_FIELDS
    _guard_date_kinds = {"date_start": "event", "date_end": "event"}

    stay_id = fields.Many2one(
        "rehab.stay", required=True, index=True, ondelete="restrict"
    )
    resident_id = fields.Many2one(
        related="stay_id.resident_id", store=True, index=True, string="Resident"
    )
    company_id = fields.Many2one(
        related="stay_id.company_id", store=True, index=True, string="Facility"
    )
    stage_line_id = fields.Many2one(
        "rehab.stay.stage",
        string="Pathway Stage",
        compute="_compute_stage_line",
        store=True,
    )
    state = fields.Selection(EPISODE_STATES, default="open", required=True)
    date_start = fields.Date(string="Detox Start", required=True)
    date_end = fields.Date(string="Detox End", readonly=True)
    protocol = fields.Char(
        string="Detox Protocol",
        required=True,
        help="The treatment followed, e.g. symptomatic treatment, traditional "
        "medicine (Cedemex), methadone-assisted withdrawal.",
    )
    notes = fields.Text(string="Medical Notes")
    closed_by_id = fields.Many2one("res.users", readonly=True)

    _sql_constraints = [
        (
            "dates_check",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "A detox episode cannot end before it starts.",
        )
    ]

    def init(self):
        # One episode in progress per stay, even under concurrent requests.
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS rehab_detox_episode_one_open
                   ON rehab_detox_episode (stay_id) WHERE state = 'open'"""
        )

    @api.depends("stay_id")
    def _compute_stage_line(self):
        for episode in self:
            episode.stage_line_id = episode.stay_id.sudo().stage_line_ids.filtered(
                "stage_id.is_detox"
            )[:1]

    def _compute_display_name(self):
        for episode in self:
            episode.display_name = self.env._(
                "Detox of %s", episode.resident_id.name or ""
            )

    @api.constrains("date_start", "stay_id")
    def _check_start(self):
        for episode in self:
            stay = episode.stay_id.sudo()
            if stay.admission_date and episode.date_start < stay.admission_date:
                raise ValidationError(
                    self.env._("Detox cannot start before the admission.")
                )
            if episode.date_start > stay.company_id.rehab_today():
                raise ValidationError(self.env._("Detox cannot start in the future."))

    @api.model_create_multi
    def create(self, vals_list):
        stays = self.env["rehab.stay"].browse(
            [vals.get("stay_id") for vals in vals_list if vals.get("stay_id")]
        )
        stays.check_access("read")
        for stay in stays.sudo():
            if stay.state not in ("in_rehab", "suspended"):
                raise UserError(
                    self.env._(
                        "%s is not in rehab at the facility: no detox episode "
                        "can start.",
                        stay.resident_id.name,
                    )
                )
        return super().create(vals_list)

    # ------------------------------------------------------------- actions
    def action_close(self, date_end=None):
        """The medical officer closes the episode (end of withdrawal)."""
        episodes = self._guard_check_access("write")
        for episode in episodes:
            if episode.state != "open":
                raise UserError(self.env._("This detox episode is already closed."))
            end = fields.Date.to_date(date_end) or episode.company_id.rehab_today()
            if end > episode.company_id.rehab_today():
                raise ValidationError(self.env._("Detox cannot end in the future."))
            if end < episode.date_start:
                raise ValidationError(
                    self.env._("A detox episode cannot end before it starts.")
                )
            episode.write(
                {"state": "closed", "date_end": end, "closed_by_id": self.env.uid}
            )
        return True

    # ----------------------------------------------------------------- log
    def _guard_log_records(self, operation, through, field_names):
        """One line per resident whose detox data was read or exported."""
        self.env["rehab.medical.access.log"]._record_reads(
            self.sudo().resident_id,
            operation,
            through=through,
            field_names=[f"{self._name}.{name}" for name in field_names],
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("A detox episode is part of the medical file: it is kept.")
        )
