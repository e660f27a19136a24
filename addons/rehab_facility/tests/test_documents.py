"""The release documents render only as the documents they are.

Found by calling /report/pdf/rehab_facility.report_release_certificate/<id>:
any reader got a certificate for a stay that was not eligible, without its
number, and an intake officer's call stored the unnumbered PDF.
"""

from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval, time

from .common import RehabCase

REPORTS = {
    "notice": "rehab_facility.report_release_notice",
    "certificate": "rehab_facility.report_release_certificate",
    "handover": "rehab_facility.report_release_handover",
}
ACTIONS = {
    "notice": "rehab_facility.action_report_release_notice",
    "certificate": "rehab_facility.action_report_release_certificate",
    "handover": "rehab_facility.action_report_release_handover",
}


@tagged("post_install", "-at_install")
class TestReleaseDocuments(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        commune = cls.env["rehab.commune"].create(
            {
                "code": "99003",
                "name": "Xã Tài Liệu",
                "province_id": cls.env.ref("rehab_facility.province_22").id,
            }
        )
        cls.open_stay = cls._stay(
            cls._resident(commune_id=commune.id, serial="300001"), bed=cls.bed_c1
        )
        cls.done_stay = cls._stay(
            cls._resident(name="Trần Văn Xong", serial="300002", commune_id=commune.id),
            admission=date(2025, 10, 1),
            decision_date=date(2025, 10, 1),
            term=12,
            bed=cls.bed_c2,
        )
        cls._discharge(
            cls.done_stay, reason="completed", destination_commune_id=commune.id
        )
        cls.readers = (
            cls.intake_user,
            cls.security_user,
            cls.medical_user,
            cls.manager_user,
            cls.auditor_user,
        )
        cls.stranger = cls._user_elsewhere()

    @classmethod
    def _user_elsewhere(cls):
        return new_test_user(
            cls.env,
            login="rehab_test_docs_elsewhere",
            groups="base.group_user,rehab_facility.group_rehab_manager",
            company_id=cls.other_facility.id,
            company_ids=[(6, 0, [cls.other_facility.id])],
        )

    def _values(self, document, stay, user):
        report = self.env[f"report.{REPORTS[document]}"].with_user(user)
        return report._get_report_values(stay.ids)

    def test_nothing_renders_before_its_number(self):
        for document, stay in (
            ("notice", self.open_stay),
            ("certificate", self.done_stay),
            ("handover", self.open_stay),
        ):
            for user in self.readers:
                with (
                    self.subTest(document=document, user=user.login),
                    self.assertRaises(UserError),
                ):
                    self._values(document, stay, user)

    def test_ineligible_stay_refused_even_with_a_number(self):
        """A number forged onto an open stay does not make it a certificate."""
        self.open_stay.write(
            {"certificate_number": "99/GCN", "handover_number": "99/BB"}
        )
        for document in ("certificate", "handover"):
            for user in self.readers:
                with (
                    self.subTest(document=document, user=user.login),
                    self.assertRefused(UserError, "issued only|follow the discharge"),
                ):
                    self._values(document, self.open_stay, user)
        # A released stay gets no advance notice any more.
        with self.assertRefused(UserError, "while the person is in the facility"):
            self._values("notice", self.done_stay, self.manager_user)

    def test_issued_documents_render_for_readers_only(self):
        self.open_stay.with_user(self.intake_user).action_print_release_notice()
        done = self.done_stay.with_user(self.manager_user)
        done.action_print_certificate()
        self.assertTrue(self.done_stay.handover_number)  # issued at discharge
        for document, stay in (
            ("notice", self.open_stay),
            ("certificate", self.done_stay),
            ("handover", self.done_stay),
        ):
            for user in self.readers:
                with self.subTest(document=document, user=user.login):
                    values = self._values(document, stay, user)
                    self.assertEqual(values["docs"], stay)
            for user in (self.instructor_user, self.stranger):
                with (
                    self.subTest(document=document, user=user.login),
                    self.assertRaises(AccessError),
                ):
                    self._values(document, stay, user)

    def test_a_pdf_is_stored_only_under_its_number(self):
        action = self.env.ref(ACTIONS["notice"])
        stay = self.open_stay
        self.assertFalse(
            safe_eval(action.attachment, {"object": stay, "time": time}),
            "no stored PDF without a number",
        )
        reports = self.env["ir.actions.report"].with_user(self.intake_user)
        reports = reports.with_context(force_report_rendering=True)
        attachments = self.env["ir.attachment"].search_count(
            [("res_model", "=", "rehab.stay"), ("res_id", "=", stay.id)]
        )
        with self.assertRefused(UserError, "not been issued"):
            reports._render_qweb_pdf(REPORTS["notice"], stay.ids)
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "rehab.stay"), ("res_id", "=", stay.id)]
            ),
            attachments,
        )
        stay.with_user(self.intake_user).action_print_release_notice()
        name = safe_eval(action.attachment, {"object": stay, "time": time})
        self.assertIn(stay.notice_number.replace("/", "-"), name)
        pdf, kind = reports._render_qweb_pdf(REPORTS["notice"], stay.ids)
        self.assertEqual(kind, "pdf")
        stored = self.env["ir.attachment"].search(
            [("res_model", "=", "rehab.stay"), ("res_id", "=", stay.id)]
        )
        self.assertEqual(stored.mapped("name"), [name])
        # The stored PDF is no way around the facility's record rules.
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.stranger).with_context(
                force_report_rendering=True
            )._render_qweb_pdf(REPORTS["notice"], stay.ids)
