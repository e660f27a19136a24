from odoo import api, models
from odoo.exceptions import UserError

NUMBER_FIELD = {
    "notice": "notice_number",
    "certificate": "certificate_number",
    "handover": "handover_number",
}
# Report template -> the document it renders (rehab.stay.release DOCUMENTS).
DOCUMENT_OF_TEMPLATE = {
    "report_release_notice": "notice",
    "report_release_certificate": "certificate",
    "report_release_handover": "handover",
}


class RehabReleaseReport(models.AbstractModel):
    """The release documents render only as the documents they are.

    A notice, a certificate or handover minutes is a legal document: it is
    printed for an eligible stay under the number its action issued, by a
    user who may read the stay. Any other rendering (an ineligible stay, a
    document never issued, a stay of another facility) is refused, whatever
    the URL.
    """

    _name = "report.rehab_facility.report_release_notice"
    _description = "Release Notice Report"
    _template = "report_release_notice"

    @api.model
    def _get_report_values(self, docids, data=None):
        stays = self.env["rehab.stay"].browse(docids)
        stays.check_access("read")
        document = DOCUMENT_OF_TEMPLATE[self._template]
        number_field = NUMBER_FIELD[document]
        for stay in stays:
            problem = stay._document_problem(document)
            if document == "notice" and stay.state == "released" and stay.notice_number:
                problem = False  # a notice already sent stays printable
            if problem:
                raise UserError(problem)
            if not stay[number_field]:
                raise UserError(
                    self.env._(
                        "%s has not been issued yet: use its button on the stay, "
                        "which gives it its number.",
                        self.env["ir.actions.report"]
                        ._get_report_from_name(f"rehab_facility.{self._template}")
                        .name,
                    )
                )
        return {"doc_ids": stays.ids, "doc_model": "rehab.stay", "docs": stays}


class RehabReleaseCertificateReport(models.AbstractModel):
    _name = "report.rehab_facility.report_release_certificate"
    _inherit = "report.rehab_facility.report_release_notice"
    _description = "Release Certificate Report"
    _template = "report_release_certificate"


class RehabReleaseHandoverReport(models.AbstractModel):
    _name = "report.rehab_facility.report_release_handover"
    _inherit = "report.rehab_facility.report_release_notice"
    _description = "Handover Minutes Report"
    _template = "report_release_handover"
