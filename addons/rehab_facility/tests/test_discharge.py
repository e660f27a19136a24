from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import RehabCase


class DischargeCase(RehabCase):
    """A voluntary stay whose term has ended, and the discharge wizard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.province = cls.env.ref("rehab_facility.province_22")
        cls.commune = cls.env["rehab.commune"].create(
            {
                "code": "99001",
                "name": "Phường Thử",
                "province_id": cls.province.id,
                "committee_name": "Ủy ban nhân dân phường Thử",
                "committee_address": "Số 1 đường Thử",
            }
        )
        cls.resident = cls._resident(
            province_id=cls.province.id, commune_id=cls.commune.id
        )
        # Voluntary, 6 months from 10/05/2026: the term ends on 10/11/2026.
        cls.stay = cls._stay(
            cls.resident,
            kind="voluntary",
            term=6,
            admission=date(2026, 5, 10),
            bed=cls.bed_v1,
        )
        cls.env["rehab.belonging"].create(
            [
                {"stay_id": cls.stay.id, "name": "Điện thoại", "quantity": 1},
                {
                    "stay_id": cls.stay.id,
                    "name": "Tiền mặt",
                    "quantity": 200000,
                    "uom": "VND",
                },
            ]
        )

    def _wizard(self, stay=None, user=None, **values):
        model = self.env["rehab.discharge.wizard"].with_user(user or self.manager_user)
        form = Form(model.with_context(default_stay_id=(stay or self.stay).id))
        form.receiver_name = "Nguyễn Thị Mẹ"
        form.receiver_id_number = "022170001234"
        form.receiver_relationship = "Mẹ"
        for field, value in values.items():
            setattr(form, field, value)
        return form.save()


@tagged("post_install", "-at_install")
class TestDischarge(DischargeCase):
    """The manager releases a resident lawfully and hands them to the commune."""

    def test_completed_term_discharge(self):
        wizard = self._wizard()
        self.assertEqual(wizard.destination_commune_id, self.commune)
        self.assertEqual(len(wizard.belonging_line_ids), 2)
        wizard.with_user(self.manager_user).action_confirm()
        stay = self.stay
        self.assertEqual(stay.state, "released")
        self.assertEqual(stay.release_reason, "completed")
        self.assertEqual(stay.release_date, date(2026, 11, 25))
        self.assertEqual(self.bed_v1.status, "free")
        self.assertTrue(stay.handover_number)
        self.assertEqual(stay.belonging_ids.mapped("returned_quantity"), [1, 200000])
        self.assertIn("Nguyễn Thị Mẹ", stay.message_ids[0].body)

    def test_post_rehab_record_follows_the_law(self):
        """Law 73/2021 Art. 40: 12 months after voluntary rehab."""
        self._wizard().with_user(self.manager_user).action_confirm()
        record = self.stay.post_rehab_ids
        self.assertEqual(record.commune_id, self.commune)
        self.assertEqual(record.months, 12)
        self.assertEqual(record.date_end, date(2027, 11, 25))
        # Wed 25/11/2026 + 5 working days = Wed 02/12/2026
        self.assertEqual(record.report_deadline, date(2026, 12, 2))
        self.assertEqual(record.state, "waiting")

    def test_adult_compulsory_gets_two_years(self):
        stay = self._stay(
            self._resident("Lê Văn Hai", serial="202020", commune_id=self.commune.id),
            admission=date(2024, 11, 1),
            decision_date=date(2024, 11, 1),
            term=24,
            bed=self.bed_c1,
        )
        self._wizard(stay).with_user(self.manager_user).action_confirm()
        self.assertEqual(stay.post_rehab_ids.months, 24)

    def test_completed_before_term_end_refused(self):
        stay = self._stay(
            self._resident("Lê Văn Sớm", serial="303030", commune_id=self.commune.id),
            bed=self.bed_c1,
        )
        wizard = self._wizard(stay)
        with self.assertRefused(ValidationError, "needs the court's reduction"):
            wizard.action_confirm()
        self.assertEqual(stay.state, "in_rehab")
        self.assertEqual(self.bed_c1.status, "occupied")

    def test_court_exemption_then_discharge(self):
        stay = self._stay(
            self._resident("Lê Văn Miễn", serial="404040", commune_id=self.commune.id),
            bed=self.bed_c1,
        )
        reduction = Form(
            self.env["rehab.stay.reduction.wizard"]
            .with_user(self.intake_user)
            .with_context(default_stay_id=stay.id)
        )
        reduction.kind = "exemption"
        reduction.decision_number = "77/QĐ-TA"
        reduction.decision_date = date(2026, 11, 20)
        reduction.decision_authority = "Tòa án nhân dân khu vực 1"
        reduction.save().with_user(self.intake_user).action_confirm()
        self.assertEqual(stay.expected_release_date, date(2026, 11, 20))
        wizard = self._wizard(stay, reason="court", document_reference="77/QĐ-TA")
        wizard.with_user(self.manager_user).action_confirm()
        self.assertEqual(stay.release_reason, "court")
        self.assertEqual(stay.release_document, "77/QĐ-TA")

    def test_court_release_needs_the_court_decision_recorded(self):
        stay = self._stay(
            self._resident("Lê Văn Chưa", serial="414141", commune_id=self.commune.id),
            bed=self.bed_c1,
        )
        wizard = self._wizard(stay, reason="court", document_reference="78/QĐ-TA")
        with self.assertRefused(ValidationError, "record the court's reduction"):
            wizard.action_confirm()
        self.assertEqual(stay.state, "in_rehab")

    def test_no_post_rehab_after_a_temporary_stay(self):
        stay = self._stay(
            self._resident("Lê Văn Tạm", serial="424242", commune_id=self.commune.id),
            kind="temporary",
            term=0,
            bed=self.bed_t1,
        )
        self._wizard(
            stay, reason="transfer", document_reference="3/QĐ"
        ).action_confirm()
        self.assertEqual(stay.state, "released")
        self.assertFalse(stay.post_rehab_ids)
        stay2 = self._stay(
            self._resident(
                "Lê Văn Tạm Hai", serial="434343", commune_id=self.commune.id
            ),
            kind="temporary",
            term=0,
            bed=self.bed_t1,
        )
        self._wizard(stay2).action_confirm()  # "completed": no fixed term
        self.assertFalse(stay2.post_rehab_ids)

    def test_release_date_in_future_refused(self):
        with self.assertRefused(ValidationError, "cannot be in the future"):
            self._wizard(release_date=date(2026, 11, 26))
        # Called directly, the discharge holds the same rule.
        with self.assertRefused(ValidationError, "cannot be in the future"):
            self._discharge(self.stay, release_date=date(2026, 11, 26))
        self.assertEqual(self.stay.state, "in_rehab")

    def test_release_before_admission_refused(self):
        wizard = self._wizard(
            reason="transfer",
            document_reference="5/QĐ-CA",
            release_date=date(2026, 5, 1),
        )
        with self.assertRefused(ValidationError, "before the admission date"):
            wizard.action_confirm()

    def test_already_released_refused(self):
        self._wizard().with_user(self.manager_user).action_confirm()
        wizard = self.env["rehab.discharge.wizard"].create(
            {
                "stay_id": self.stay.id,
                "reason": "completed",
                "receiver_name": "X",
                "receiver_id_number": "1",
            }
        )
        with self.assertRefused(UserError, "already released"):
            wizard.action_confirm()

    def test_missing_receiver_refused(self):
        wizard = self._wizard()
        wizard.receiver_name = False
        with self.assertRefused(ValidationError, "who receives the person"):
            wizard.action_confirm()
        self.assertEqual(self.stay.state, "in_rehab")

    def test_belongings_mismatch_needs_explanation(self):
        wizard = self._wizard()
        cash = wizard.belonging_line_ids.filtered(lambda line: line.name == "Tiền mặt")
        cash.returned_quantity = 150000
        with self.assertRefused(ValidationError, "Tiền mặt"):
            wizard.action_confirm()
        self.assertEqual(self.stay.state, "in_rehab")
        self.assertFalse(self.stay.belonging_ids.mapped("returned_quantity")[1])
        cash.explanation = "50.000 đ đã chi mua đồ dùng cá nhân theo đề nghị"
        wizard.action_confirm()
        self.assertEqual(self.stay.belonging_ids[1].return_note, cash.explanation)

    def test_death_needs_document_but_no_commune(self):
        wizard = self._wizard(reason="death", document_reference="GBT 1")
        self.assertFalse(wizard.needs_commune)
        wizard.document_reference = False
        with self.assertRefused(ValidationError, "decision or document"):
            wizard.action_confirm()
        wizard.document_reference = "Giấy báo tử 12/2026"
        wizard.action_confirm()
        self.assertEqual(self.stay.release_reason, "death")
        self.assertFalse(self.stay.post_rehab_ids)

    def test_absent_resident_cannot_complete_term(self):
        self.env["rehab.stay.absence"].create(
            {
                "stay_id": self.stay.id,
                "kind": "escape",
                "date_start": "2026-11-20 10:00:00",
            }
        )
        wizard = self._wizard()
        with self.assertRefused(ValidationError, "cannot be completed while away"):
            wizard.action_confirm()
        wizard.write({"reason": "escape", "receiver_name": False})
        wizard.action_confirm()
        self.assertEqual(self.stay.release_reason, "escape")
        self.assertFalse(self.stay.open_absence_id)

    def test_only_managers_discharge(self):
        with self.assertRaises(Exception):  # noqa: B017 - AccessError on the wizard
            self.env["rehab.discharge.wizard"].with_user(self.intake_user).create(
                {"stay_id": self.stay.id}
            )

    def test_documents_are_numbered_and_attached(self):
        self._wizard().with_user(self.manager_user).action_confirm()
        stay = self.stay.with_user(self.manager_user)
        stay.action_print_certificate()
        self.assertTrue(stay.certificate_number)
        number = stay.certificate_number
        stay.action_print_certificate()
        self.assertEqual(stay.certificate_number, number, "a number is given once")
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "rehab_facility.action_report_release_certificate", stay.ids
        )
        self.assertIn("GIẤY XÁC NHẬN HOÀN THÀNH", html.decode())
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "rehab_facility.action_report_release_handover", stay.ids
        )
        self.assertIn("BIÊN BẢN BÀN GIAO", html.decode())
        self.assertIn("Nguyễn Thị Mẹ", html.decode())

    def test_auditor_prints_but_does_not_issue(self):
        self._wizard().with_user(self.manager_user).action_confirm()
        with self.assertRefused(UserError, "Only the intake desk or a manager"):
            self.stay.with_user(self.auditor_user).action_print_certificate()
        self.assertFalse(self.stay.certificate_number)
        self.stay.with_user(self.manager_user).action_print_certificate()
        self.stay.with_user(self.auditor_user).action_print_certificate()

    def test_certificate_refused_for_death(self):
        self._wizard(reason="death", document_reference="GBT 1").action_confirm()
        with self.assertRefused(UserError, "certificate is issued only"):
            self.stay.action_print_certificate()

    def test_bed_is_free_from_the_release_day(self):
        """A release recorded late frees the bed from the release day itself."""
        # The fixture took the bed "now"; it was taken on admission.
        self.stay.assignment_ids.sudo().date_from = "2026-05-10 03:00:00"
        self._wizard(release_date=date(2026, 11, 20)).action_confirm()
        assignment = self.stay.assignment_ids
        # Noon of 20/11/2026 in Vietnam is 05:00 UTC.
        self.assertEqual(str(assignment.date_to), "2026-11-20 05:00:00")
        other = self._stay(
            self._resident("Lê Văn Sau", serial="505050"),
            kind="voluntary",
            term=6,
            admission=date(2026, 11, 21),
        )
        other.assign_bed(self.bed_v1)
        self.assertEqual(self.bed_v1.current_resident_id, other.resident_id)


@tagged("post_install", "-at_install")
class TestReleaseFollowUp(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        commune = cls.env["rehab.commune"].create(
            {
                "code": "99002",
                "name": "Xã Thử",
                "province_id": cls.env.ref("rehab_facility.province_22").id,
            }
        )
        cls.facility.rehab_release_user_id = cls.manager_user
        resident = cls._resident(commune_id=commune.id)
        # Compulsory under Law 73, 12 months from 05/12/2025: due 05/12/2026.
        cls.stay = cls._stay(
            resident,
            admission=date(2025, 12, 5),
            decision_date=date(2025, 12, 5),
            term=12,
            bed=cls.bed_c1,
        )

    def test_upcoming_release_reminder(self):
        self.assertEqual(self.stay.expected_release_date, date(2026, 12, 5))
        self.env["rehab.stay"].with_company(self.facility)._cron_release_follow_up()
        activity = self.stay.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("rehab_facility.mail_activity_release_notice")
        )
        self.assertEqual(activity.user_id, self.manager_user)
        self.assertEqual(activity.date_deadline, date(2026, 11, 20))
        # Run twice: still one reminder.
        self.env["rehab.stay"].with_company(self.facility)._cron_release_follow_up()
        self.assertEqual(len(self._release_activities()), 1)

    def _release_activities(self):
        """The release's to-dos (the pathway gives the stay its own)."""
        kinds = self.env.ref("rehab_facility.mail_activity_release_notice") | (
            self.env.ref("rehab_facility.mail_activity_release_overdue")
        )
        return self.stay.activity_ids.filtered(lambda a: a.activity_type_id in kinds)

    def test_printing_the_notice_numbers_it_and_closes_the_reminder(self):
        self.env["rehab.stay"].with_company(self.facility)._cron_release_follow_up()
        self.stay.with_user(self.intake_user).action_print_release_notice()
        self.assertTrue(self.stay.notice_number)
        self.assertEqual(self.stay.notice_date, date(2026, 11, 25))
        self.assertFalse(self._release_activities())
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "rehab_facility.action_report_release_notice", self.stay.ids
        )
        self.assertIn("Xã Thử", html.decode())
        self.assertIn("05/12/2026", html.decode())

    def test_past_release_date_flagged(self):
        with freeze_time("2026-12-10 05:00:00"):
            self.assertTrue(self.stay.release_overdue)
            self.assertIn(
                self.stay,
                self.env["rehab.stay"].search([("release_overdue", "=", True)]),
            )
            self.env["rehab.stay"].with_company(self.facility)._cron_release_follow_up()
            self.assertIn(
                self.env.ref("rehab_facility.mail_activity_release_overdue"),
                self.stay.activity_ids.activity_type_id,
            )

    def test_overdue_commune_acknowledgement(self):
        record = self.env["rehab.post.rehab"].create(
            {
                "stay_id": self.stay.id,
                "commune_id": self.stay.resident_id.commune_id.id,
                "date_start": date(2026, 11, 2),
                "months": 24,
            }
        )
        self.assertTrue(record.acknowledgement_overdue)  # deadline 09/11/2026
        self.env["rehab.post.rehab"].with_company(self.facility)._cron_flag_overdue()
        self.assertEqual(record.activity_ids.user_id, self.manager_user)
        record.acknowledged_date = date(2026, 11, 20)
        self.assertFalse(record.acknowledgement_overdue)
        self.assertEqual(record.state, "acknowledged")
        with self.assertRefused(ValidationError, "in the future"):
            record.reported_date = date(2026, 12, 1)
