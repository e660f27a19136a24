from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tools.discuss import Store

from .common import RehabCase, cccd

MEDICAL = ["hiv_status", "tb_status", "hepatitis_status", "medical_notes"]


@tagged("post_install", "-at_install")
class TestAccess(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resident = cls._resident(
            hiv_status="positive",
            tb_status="negative",
            hepatitis_status="hcv",
            medical_notes="ARV since 2024",
        )
        cls.resident_2 = cls._resident(
            name="Lê Văn Hai", birthdate=date(1990, 6, 1), serial="000456"
        )
        cls.stay = cls._stay(cls.resident, bed=cls.bed_c1)
        cls.Log = cls.env["rehab.medical.access.log"]
        # Another facility's people and beds.
        other = cls.other_facility
        other_area = cls._area("Other compulsory", "compulsory", "male", company=other)
        (cls.other_bed,) = cls._beds(other_area, 1)
        cls.other_resident = cls._resident(
            name="Người Nơi Khác", serial="999888", company_id=other.id
        )
        cls.other_stay = cls._stay(cls.other_resident, company_id=other.id)

    def _logs(self, resident=None):
        return self.Log.search([("resident_id", "=", (resident or self.resident).id)])

    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    # ------------------------------------------------------------ medical data
    def test_medical_fields_hidden_from_other_roles(self):
        for user in (
            self.intake_user,
            self.security_user,
            self.auditor_user,
            self.instructor_user,
        ):
            resident = self.resident.with_user(user)
            with self.subTest(user=user.login):
                # What they may see still works (field level: an instructor
                # also needs the resident in one of their classes).
                resident.check_field_access_rights("read", ["name"])
                with self.assertRaises(AccessError):
                    resident.read(["name", "hiv_status"])
                with self.assertRaises(AccessError):
                    resident.invalidate_recordset()
                    resident.mapped("hiv_status")
                with self.assertRaises(AccessError):
                    resident.search([("hiv_status", "=", "positive")])
                for fname in MEDICAL:
                    self.assertNotIn(fname, resident.fields_get())
        with self.assertRaises(AccessError):
            self.resident.with_user(self.intake_user).write({"hiv_status": "negative"})
        self.assertEqual(self.resident.hiv_status, "positive")
        self.assertFalse(self._logs())

    def test_medical_and_manager_read_and_write_medical_fields(self):
        for user, value in ((self.medical_user, "none"), (self.manager_user, "hbv")):
            with self.subTest(user=user.login):
                resident = self.resident.with_user(user)
                resident.write(
                    {
                        "hepatitis_status": value,
                        "medical_notes": f"seen by {user.login}",
                    }
                )
                resident.invalidate_recordset()
                values = resident.read(MEDICAL)[0]
                self.assertEqual(values["hiv_status"], "positive")
                self.assertEqual(values["hepatitis_status"], value)
                self.assertEqual(values["medical_notes"], f"seen by {user.login}")
                self.assertIn("hiv_status", resident.fields_get())

    def test_reading_medical_data_is_logged(self):
        """Opening the form (web_read) or reading: one line per person read."""
        residents = self.resident | self.resident_2
        residents.with_user(self.medical_user).read(["name", "hiv_status"])
        self.resident.with_user(self.manager_user).web_read(
            {"name": {}, "tb_status": {}, "medical_notes": {}}
        )
        medical_lines = self.Log.search(
            [
                ("resident_id", "in", residents.ids),
                ("user_id", "=", self.medical_user.id),
            ]
        )
        self.assertEqual(medical_lines.resident_id, residents)
        self.assertEqual(len(medical_lines), 2)
        manager_line = self._logs().filtered(
            lambda log: log.user_id == self.manager_user
        )
        self.assertEqual(len(manager_line), 1)
        self.assertEqual(manager_line.company_id, self.facility)
        self.assertTrue(manager_line.access_date)

    def test_reading_other_fields_is_not_logged(self):
        for user in (self.medical_user, self.manager_user, self.intake_user):
            resident = self.resident.with_user(user)
            resident.read(["name", "citizen_id", "birthdate", "sex"])
            resident.web_read({"name": {}, "citizen_id": {}, "province_id": {}})
            resident.search_read([("id", "=", resident.id)], ["name", "citizen_id"])
        self.assertFalse(self._logs())

    def test_every_way_of_reading_medical_data_is_logged(self):
        """DOMAIN §7: reads and exports of sensitive data leave an audit trail."""
        self.medical_user.groups_id += self.env.ref("base.group_allow_export")
        resident = self.resident.with_user(self.medical_user)

        def read_all_fields():
            return resident.read()[0]["hiv_status"]

        def search_read():
            domain = [("id", "=", resident.id)]
            return resident.search_read(domain, ["name", "hiv_status"])[0]["hiv_status"]

        def export():  # the list view's Export button
            return resident.export_data(["name", "hiv_status"])["datas"][0][1]

        reads = {
            "read all fields": read_all_fields,
            "search_read": search_read,
            "export": export,
        }
        for how, read in reads.items():
            with self.subTest(how=how):
                before = len(self._logs())
                self.assertIn(read(), ("positive", "Positive"))
                self.assertEqual(len(self._logs()), before + 1)

    def test_only_manager_reads_the_log(self):
        self.resident.with_user(self.medical_user).read(["hiv_status"])
        for user in (self.medical_user, self.intake_user, self.auditor_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Log.with_user(user).search([])
        lines = self.Log.with_user(self.manager_user).search(
            [("resident_id", "=", self.resident.id)]
        )
        self.assertEqual(lines.user_id, self.medical_user)
        # The manager of this facility does not read another facility's log.
        other_line = self.Log.create(
            {
                "resident_id": self.other_resident.id,
                "user_id": self.medical_user.id,
                "company_id": self.other_facility.id,
            }
        )
        self.assertNotIn(other_line, self.Log.with_user(self.manager_user).search([]))

    def test_nobody_edits_the_log(self):
        self.resident.with_user(self.medical_user).read(["hiv_status"])
        line = self._logs()
        self.assertEqual(len(line), 1)
        for user in (self.manager_user, self.medical_user):
            as_user = line.with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    as_user.write({"user_id": self.intake_user.id})
                with self.assertRaises(UserError):
                    as_user.unlink()
                with self.assertRaises(UserError):
                    self.Log.with_user(user).create(
                        {"resident_id": self.resident_2.id, "user_id": user.id}
                    )
        line.invalidate_recordset()
        self.assertEqual(line.user_id, self.medical_user)
        self.assertFalse(self._logs(self.resident_2))

    def test_chatter_never_carries_the_hiv_status(self):
        """The chatter says which medical fields changed, never their values.

        Every reader of the resident sees the chatter; Odoo hides tracking
        values of restricted fields in it, but a value kept out of the chatter
        cannot leak through any path (notification, export, a future widget).
        """
        self.env.cr.flush()
        self.resident.with_user(self.medical_user).write({"hiv_status": "negative"})
        self.env.cr.flush()  # writes the tracking values
        note = self.resident.message_ids[0]
        self.assertIn("HIV Status", note.body)
        self.assertEqual(note.author_id, self.medical_user.partner_id)
        self.assertFalse(self.resident.message_ids.tracking_value_ids)
        for user in (self.medical_user, self.intake_user, self.security_user):
            data = Store(
                self.resident.message_ids.with_user(user), for_current_user=True
            ).get_result()
            self.assertNotIn("Negative", str(data["mail.message"]))
            tracked = [
                tracking["fieldName"]
                for message in data["mail.message"]
                for tracking in message["trackingValues"]
            ]
            self.assertNotIn("hiv_status", tracked)

    # ------------------------------------------------------------ roles
    def test_auditor_reads_but_changes_nothing(self):
        Resident = self.env["rehab.resident"].with_user(self.auditor_user)
        Stay = self.env["rehab.stay"].with_user(self.auditor_user)
        Bed = self.env["rehab.bed"].with_user(self.auditor_user)
        self.assertIn(self.resident, Resident.search([]))
        self.assertEqual(
            Stay.search([("resident_id", "=", self.resident.id)]), self.stay
        )
        self.assertEqual(self.stay.with_user(self.auditor_user).state, "in_rehab")
        self.assertEqual(Bed.browse(self.bed_c1.id).status, "occupied")

        with self.assertRaises(AccessError):
            Resident.register_person(
                {"name": "X", "sex": "male", "birthdate": date(1990, 1, 1)}
            )
        with self.assertRaises(UserError):
            Resident.create({"name": "X", "sex": "male", "birthdate": date(1990, 1, 1)})
        with self.assertRaises(UserError):
            self.resident.with_user(self.auditor_user).write({"name": "Renamed"})
        with self.assertRaises(UserError):
            self.stay.with_user(self.auditor_user).write({"health_notes": "Edited"})
        with self.assertRaises(AccessError):
            self._stay_vals_create(Stay, self.resident_2)
        with self.assertRaises(AccessError):
            self.bed_c2.with_user(self.auditor_user).write(
                {"condition": "out_of_order"}
            )
        self.assertEqual(self.resident.name, "Nguyễn Văn Test")
        self.assertEqual(self.bed_c2.condition, "available")

    def test_instructor_reads_names_not_stays(self):
        # Which residents they see is rehab_vocational's business (their
        # trainees); here: identity fields yes, stays no.
        Resident = self.env["rehab.resident"].with_user(self.instructor_user)
        Resident.check_field_access_rights("read", ["name", "citizen_id", "image_128"])
        with self.assertRaises(AccessError):
            self.env["rehab.stay"].with_user(self.instructor_user).search([])
        with self.assertRaises(AccessError):
            self.stay.with_user(self.instructor_user).read(["name", "state"])
        with self.assertRaises(AccessError):
            Resident.browse(self.resident.id).read(["stay_ids"])

    def test_security_reads_stays_cannot_create_residents(self):
        Stay = self.env["rehab.stay"].with_user(self.security_user)
        stay = Stay.search([("resident_id", "=", self.resident.id)])
        self.assertEqual(stay, self.stay)
        self.assertEqual(stay.read(["state"])[0]["state"], "in_rehab")
        with self.assertRaises(AccessError):
            self.env["rehab.resident"].with_user(self.security_user).register_person(
                {"name": "Người Mới", "sex": "male", "birthdate": date(1990, 1, 1)}
            )
        with self.assertRaises(AccessError):
            self._stay_vals_create(Stay, self.resident_2)
        self.assertFalse(
            self.env["rehab.resident"].search([("name", "=", "Người Mới")])
        )

    def test_intake_officer_receives_but_cannot_delete_or_change_law(self):
        Resident = self.env["rehab.resident"].with_user(self.intake_user)
        Stay = self.env["rehab.stay"].with_user(self.intake_user)
        birth = date(1992, 4, 2)
        person = Resident.register_person(
            {
                "name": "Đặng Văn Nhận",
                "sex": "male",
                "birthdate": birth,
                "citizen_id": cccd("male", birth, "314159"),
            }
        )
        stay = self._stay_vals_create(Stay, person)
        stay.assign_bed(self.bed_c2.with_user(self.intake_user))
        stay.action_admit()
        self.assertEqual(stay.state, "in_rehab")
        self.assertEqual(self.bed_c2.current_resident_id, person)

        with self.assertRaisesRegex(UserError, "cannot be deleted|not allowed to"):
            stay.unlink()
        self.assertTrue(stay.exists())
        # A stay still at intake (entered by mistake) is archived with a reason.
        draft = self._stay_vals_create(Stay, self.resident_2)
        with self.assertRaisesRegex(UserError, "cannot be deleted|not allowed to"):
            draft.unlink()
        draft.action_archive_with_reason("Entered by mistake")
        self.assertFalse(draft.active)

        order_type = stay.order_type_id.with_user(self.intake_user)
        with self.assertRaises(AccessError):
            order_type.write({"term_max_months": 48})
        with self.assertRaises(AccessError):
            order_type.copy({"name": "Homemade order"})
        order_type.invalidate_recordset()
        self.assertEqual(order_type.sudo().term_max_months, 24)

    def _stay_vals_create(self, Stay, resident):
        return Stay.open_stay(
            {
                "resident_id": resident.id,
                "order_kind": "compulsory_adult",
                "admission_date": date(2026, 11, 20),
                "term_months": 24,
                "decision_number": "77/2026/QĐ-TA",
                "decision_date": date(2026, 11, 18),
                "decision_authority": "Tòa án nhân dân khu vực 2 - Quảng Ninh",
            }
        )

    # ------------------------------------------------------------ facilities
    def test_other_facility_is_invisible(self):
        for user in (self.intake_user, self.manager_user, self.auditor_user):
            with self.subTest(user=user.login):
                for record in (self.other_resident, self.other_stay, self.other_bed):
                    model = self.env[record._name].with_user(user)
                    self.assertFalse(model.search([("id", "=", record.id)]))
                    with self.assertRaises(AccessError):
                        model.browse(record.id).read(["display_name"])
                found = (
                    self.env["rehab.resident"]
                    .with_user(user)
                    .name_search(self.other_resident.citizen_id)
                )
                self.assertFalse(found)
                # Their own facility's records are there.
                self.assertTrue(
                    self.env["rehab.stay"]
                    .with_user(user)
                    .search([("id", "=", self.stay.id)])
                )

    # ------------------------------------------------------------ menus
    def test_menus_per_role(self):
        ref = self.env.ref
        intake_wizard = ref("rehab_facility.menu_rehab_intake_wizard").id
        root = ref("rehab_facility.menu_rehab_root").id
        medical_log = ref("rehab_facility.menu_rehab_medical_log").id
        residents = ref("rehab_facility.menu_rehab_residents").id

        intake = self._visible_menus(self.intake_user)
        self.assertIn(intake_wizard, intake)
        self.assertIn(residents, intake)
        self.assertNotIn(medical_log, intake)

        auditor = self._visible_menus(self.auditor_user)
        self.assertIn(root, auditor)
        self.assertIn(residents, auditor)
        self.assertNotIn(intake_wizard, auditor)

        self.assertNotIn(root, self._visible_menus(self.instructor_user))
        self.assertNotIn(medical_log, self._visible_menus(self.medical_user))

        manager = self._visible_menus(self.manager_user)
        self.assertIn(medical_log, manager)
        self.assertIn(intake_wizard, manager)


@tagged("post_install", "-at_install")
class TestDrugUseIsSensitive(RehabCase):
    def test_instructor_does_not_see_drug_use(self):
        heroin = self.env.ref("rehab_facility.drug_type_heroin")
        resident = self._resident(drug_type_ids=[(6, 0, heroin.ids)], drug_use_years=4)
        as_instructor = resident.with_user(self.instructor_user)
        as_instructor.check_field_access_rights("read", ["name"])
        with self.assertRaises(AccessError):
            as_instructor.read(["drug_type_ids"])
        with self.assertRaises(AccessError):
            as_instructor.read(["drug_use_years"])
        self.assertNotIn("drug_type_ids", as_instructor.fields_get())
        residents = self.env["rehab.resident"].with_user(self.instructor_user)
        for domain in (
            [("drug_type_ids", "in", heroin.ids)],
            [("drug_type_ids.name", "ilike", "heroin")],
            [("incident_participation_ids", "!=", False)],
        ):
            with self.assertRaises(AccessError):
                residents.search(domain)
        as_intake = resident.with_user(self.intake_user)
        self.assertEqual(as_intake.drug_type_ids, heroin)
        self.assertEqual(as_intake.drug_use_years, 4)
