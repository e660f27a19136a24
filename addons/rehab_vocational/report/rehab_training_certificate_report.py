from odoo import api, models
from odoo.exceptions import UserError


class ReportTrainingCertificate(models.AbstractModel):
    """Vocational certificate (chứng chỉ sơ cấp / giấy chứng nhận)."""

    _name = "report.rehab_vocational.report_training_certificate"
    _description = "Vocational Certificate"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["rehab.training.enrollment"].browse(docids)
        missing = docs.filtered(lambda e: not e.certificate_number)
        if missing:
            raise UserError(
                self.env._(
                    "No certificate has been issued to %s: issue it before "
                    "printing.",
                    ", ".join(missing.resident_id.mapped("name")),
                )
            )
        # Vietnamese names of the trades when the language is installed.
        lang = (
            "vi_VN"
            if self.env["res.lang"].search_count([("code", "=", "vi_VN")])
            else self.env.lang or "en_US"
        )
        return {
            "doc_ids": docids,
            "doc_model": "rehab.training.enrollment",
            "docs": docs,
            "certificate_lang": lang,
        }
