from collections import defaultdict

from odoo import api, models


class RehabGateListReport(models.AbstractModel):
    """The daily gate list: the visits expected on a day, per facility.

    Printed in Vietnamese whatever the user's language, for a user who may
    read the visits (intake, security; record rules of their facilities).
    """

    _name = "report.rehab_facility.report_visit_gate_list"
    _description = "Daily Gate List"

    @api.model
    def _get_report_values(self, docids, data=None):
        visits = self.env["rehab.visit"].browse(docids)
        visits.check_access("read")
        lang = self.env["res.lang"]._get_code("vi_VN") or self.env.lang
        env = self.with_context(lang=lang).env
        Visit = env["rehab.visit"]
        kinds = dict(Visit._fields["kind"]._description_selection(env))
        states = dict(Visit._fields["state"]._description_selection(env))
        relationships = dict(
            env["rehab.visitor"]._fields["relationship"]._description_selection(env)
        )
        pages = defaultdict(lambda: Visit.browse())
        for visit in visits.sorted(lambda v: (v.company_id.id, v.date_start, v.id)):
            pages[visit.company_id, visit.visit_date] |= visit
        return {
            "doc_ids": visits.ids,
            "doc_model": "rehab.visit",
            "docs": visits,
            "pages": [
                {"company": company, "day": day, "visits": page}
                for (company, day), page in pages.items()
            ],
            "kinds": kinds,
            "states": states,
            "relationships": relationships,
            "local_time": lambda visit, moment: visit._local_time(moment, "HH:mm"),
        }
