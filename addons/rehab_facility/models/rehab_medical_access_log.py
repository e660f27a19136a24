from odoo import fields, models


class RehabMedicalAccessLog(models.Model):
    """Audit trail of reads of residents' medical data.

    Health data is sensitive personal data (Law 91/2025/QH15, Decree
    356/2025/NĐ-CP); HIV status may be disclosed only to listed people (HIV/AIDS
    Law Art. 30). Only the facility manager reads this log; nobody edits it.
    """

    _name = "rehab.medical.access.log"
    _description = "Medical Data Access Log"
    _order = "access_date desc, id desc"
    _log_access = True

    resident_id = fields.Many2one(
        "rehab.resident", required=True, index=True, ondelete="restrict", readonly=True
    )
    user_id = fields.Many2one("res.users", required=True, readonly=True)
    company_id = fields.Many2one("res.company", string="Facility", readonly=True)
    access_date = fields.Datetime(
        default=fields.Datetime.now, required=True, readonly=True
    )
