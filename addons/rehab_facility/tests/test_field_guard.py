"""Field groups hold on every path, and every medical reveal is logged.

Found by calling /web/dataset/call_kw as each demo role: grouping residents
by their drugs, or searching stays by the resident's HIV status, answered
what reading refused.
"""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RehabCase


@tagged("post_install", "-at_install")
class FieldGuardCase(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.heroin = cls.env["rehab.drug.type"].search([], limit=1)
        cls.resident = cls._resident(
            hiv_status="positive",
            medical_notes="ARV since 2024",
            drug_type_ids=[(6, 0, cls.heroin.ids)],
            drug_use_years=5,
            address="12 Hạ Long",
        )
        cls.stay = cls._stay(cls.resident, bed=cls.bed_c1)
        cls.roles = (
            cls.intake_user,
            cls.security_user,
            cls.medical_user,
            cls.instructor_user,
            cls.manager_user,
            cls.auditor_user,
        )

    def _log_count(self):
        return self.env["rehab.medical.access.log"].search_count([])

    def _last_logs(self, before):
        return self.env["rehab.medical.access.log"].search(
            [], order="id desc", limit=self._log_count() - before
        )


@tagged("post_install", "-at_install")
class TestRestrictedFieldsEveryPath(FieldGuardCase):
    def _restricted(self):
        """(model name, field) of every rehab field with groups."""
        for name, model in self.env.registry.items():
            if not name.startswith("rehab.") or model._abstract or model._transient:
                continue
            for field in model._fields.values():
                if field.groups:
                    yield name, field

    def _can_read_model(self, user, model_name):
        return self.env[model_name].with_user(user).has_access("read")

    def _paths(self, records, field):
        """The ways to learn ``field`` other than reading it."""
        name = field.name
        yield "search", lambda: records.search([(name, "!=", False)])
        yield "search_count", lambda: records.search_count([(name, "!=", False)])
        if field.store and field.type not in ("one2many", "binary"):
            yield "group", lambda: records.read_group([], ["__count"], [name])
            yield (
                "web_read_group",
                lambda: records.web_read_group([], ["__count"], [name]),
            )
        if field.store and field.column_type:
            yield (
                "aggregate",
                lambda: records._read_group([], [], [f"{name}:array_agg"]),
            )
            yield "order", lambda: records.search([], order=f"{name} desc")
        yield "export", lambda: records.search([], limit=2).export_data([name])

    def test_every_restricted_field_refused_on_every_path(self):
        checked = 0
        for model_name, field in self._restricted():
            for user in self.roles:
                records = self.env[model_name].with_user(user)
                if field.is_accessible(records.env) or not self._can_read_model(
                    user, model_name
                ):
                    continue
                for path, call in self._paths(records, field):
                    with (
                        self.subTest(
                            model=model_name,
                            field=field.name,
                            user=user.login,
                            path=path,
                        ),
                        self.assertRaises(AccessError),
                    ):
                        call()
                    checked += 1
        # The drug types of residents, their home address, the bed board's
        # occupant status at least.
        self.assertGreater(checked, 50)

    def test_dotted_paths_through_other_models(self):
        resident_fields = [
            field
            for field in self.env["rehab.resident"]._fields.values()
            if field.groups
        ]
        checked = 0
        for model_name in ("rehab.stay", "rehab.bed.assignment", "rehab.bed"):
            link = "current_resident_id" if model_name == "rehab.bed" else "resident_id"
            for user in self.roles:
                records = self.env[model_name].with_user(user)
                if not self._can_read_model(user, model_name):
                    continue
                for field in resident_fields:
                    if field.is_accessible(records.env):
                        continue
                    path = f"{link}.{field.name}"
                    for domain in (
                        [(path, "!=", False)],
                        [(link, "any", [(field.name, "!=", False)])],
                        ["|", ("id", "=", 0), (path, "=", "x")],
                    ):
                        with (
                            self.subTest(
                                model=model_name, user=user.login, domain=domain
                            ),
                            self.assertRaises(AccessError),
                        ):
                            records.search(domain)
                        checked += 1
                    with self.assertRaises(AccessError):
                        records.search([], limit=1).export_data(
                            [f"{link}/{field.name}"]
                        )
        self.assertGreater(checked, 30)

    def test_drugs_by_many2many_group_by_refused(self):
        """The call that leaked every resident's drugs to an instructor."""
        for user in (self.instructor_user, self.security_user):
            residents = self.env["rehab.resident"].with_user(user)
            with self.assertRaisesRegex(AccessError, "Drugs Used"):
                residents.read_group([], ["ids:array_agg(id)"], ["drug_type_ids"])
            with self.assertRaisesRegex(AccessError, "Drugs Used"):
                residents.web_read_group([], ["__count"], ["drug_type_ids"])
            with self.assertRaisesRegex(AccessError, "Drugs Used"):
                residents.search([("drug_type_ids.name", "=", self.heroin.name)])
        stays = self.env["rehab.stay"].with_user(self.security_user)
        with self.assertRaisesRegex(AccessError, "Drugs Used"):
            stays.search([("resident_id.drug_type_ids.name", "=", self.heroin.name)])

    def test_entitled_users_still_group_and_search(self):
        residents = self.env["rehab.resident"].with_user(self.intake_user)
        groups = residents.read_group(
            [("id", "=", self.resident.id)], ["__count"], ["drug_type_ids"]
        )
        self.assertEqual(groups[0]["drug_type_ids"][0], self.heroin.id)
        self.assertEqual(
            residents.search([("drug_type_ids", "in", self.heroin.ids)]), self.resident
        )
        stays = self.env["rehab.stay"].with_user(self.medical_user)
        self.assertEqual(
            stays.search([("resident_id.hiv_status", "=", "positive")]), self.stay
        )

    def test_bed_board_hides_the_occupant_status_from_instructors(self):
        beds = self.env["rehab.bed"].with_user(self.instructor_user)
        for name in ("current_stay_state", "area_kind", "current_stay_id"):
            self.assertFalse(beds._fields[name].is_accessible(beds.env))
        # The board's views still load for every role.
        for user in self.roles:
            views = (
                self.env["rehab.bed"]
                .with_user(user)
                .get_views([(False, "kanban"), (False, "list"), (False, "form")])
            )
            self.assertIn("kanban", views["views"])
        board = self.env["rehab.bed"].with_user(self.security_user)
        self.assertEqual(
            board.search([("current_stay_state", "=", "in_rehab")]), self.bed_c1
        )
        # An area's roll count is figures only: an instructor computes it.
        area = self.area_compulsory_m.with_user(self.instructor_user)
        self.assertIsInstance(area.capacity, int)
        self.env.invalidate_all()
        self.assertEqual(self.area_compulsory_m.with_user(self.intake_user).capacity, 3)


@tagged("post_install", "-at_install")
class TestMedicalRevealsLogged(FieldGuardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        export = cls.env.ref("base.group_allow_export")
        (cls.medical_user | cls.manager_user).write({"groups_id": [(4, export.id)]})

    def assertLogged(self, call, operation, count=1, user=None):
        before = self._log_count()
        call()
        self.assertEqual(self._log_count() - before, count, operation)
        lines = self._last_logs(before)
        self.assertEqual(set(lines.mapped("operation")), {operation})
        self.assertEqual(lines.user_id, user or self.medical_user)
        return lines

    def test_every_path_to_medical_data_is_logged(self):
        for user in (self.medical_user, self.manager_user):
            residents = self.env["rehab.resident"].with_user(user)
            stays = self.env["rehab.stay"].with_user(user)
            beds = self.env["rehab.bed"].with_user(user)
            resident = self.resident.with_user(user)
            with self.subTest(user=user.login):
                line = self.assertLogged(
                    lambda r=resident: r.read(["hiv_status"]), "read", user=user
                )
                self.assertEqual(line.resident_id, self.resident)
                self.assertLogged(
                    lambda r=resident: r.web_read({"medical_notes": {}}),
                    "read",
                    user=user,
                )
                line = self.assertLogged(
                    lambda r=residents: r.search_count(
                        [("hiv_status", "=", "positive")]
                    ),
                    "search",
                    user=user,
                )
                self.assertFalse(line.resident_id)
                self.assertEqual(line.field_names, "rehab.resident.hiv_status")
                self.assertEqual(line.record_count, 1)
                self.assertLogged(
                    lambda r=residents: r.read_group([], ["__count"], ["hiv_status"]),
                    "group",
                    user=user,
                )
                self.assertLogged(
                    lambda r=residents: r.web_read_group(
                        [], ["__count"], ["tb_status"]
                    ),
                    "group",
                    user=user,
                )
                self.assertLogged(
                    lambda r=residents: r._read_group(
                        [], [], ["medical_notes:array_agg"]
                    ),
                    "group",
                    user=user,
                )
                line = self.assertLogged(
                    lambda s=stays: s.search(
                        [("resident_id.hiv_status", "=", "positive")]
                    ),
                    "search",
                    user=user,
                )
                self.assertEqual(line.model_name, "rehab.stay")
                self.assertLogged(
                    lambda s=stays: s.search(
                        [("resident_id", "any", [("medical_notes", "ilike", "ARV")])]
                    ),
                    "search",
                    user=user,
                )
                self.assertLogged(
                    lambda b=beds: b.search(
                        [("current_resident_id.hiv_status", "=", "positive")]
                    ),
                    "search",
                    user=user,
                )
                line = self.assertLogged(
                    lambda s=stays: s.browse(self.stay.id).export_data(
                        ["name", "resident_id/hiv_status"]
                    ),
                    "export",
                    user=user,
                )
                self.assertEqual(line.resident_id, self.resident)
                self.assertEqual(line.model_name, "rehab.stay")
                self.assertLogged(
                    lambda r=resident: r.export_data(["name", "medical_notes"]),
                    "export",
                    user=user,
                )

    def test_no_log_without_medical_data(self):
        residents = self.env["rehab.resident"].with_user(self.medical_user)
        before = self._log_count()
        residents.search([("name", "ilike", "Nguyễn")]).read(["name", "citizen_id"])
        residents.read_group([], ["__count"], ["sex"])
        self.assertEqual(self._log_count(), before)

    def test_log_is_never_written_by_hand(self):
        self.resident.with_user(self.medical_user).read(["hiv_status"])
        line = self.env["rehab.medical.access.log"].search([], limit=1)
        log = self.env["rehab.medical.access.log"].with_user(self.manager_user)
        # AccessError is a UserError: either refusal is a refusal.
        with self.assertRaises(UserError):
            log.create({"user_id": self.manager_user.id, "operation": "read"})
        with self.assertRaises(UserError):
            line.with_user(self.manager_user).write({"user_id": self.intake_user.id})
        with self.assertRaises(UserError):
            line.with_user(self.manager_user).unlink()
        with self.assertRaises(UserError):
            line.unlink()
        self.assertTrue(line.exists())
        self.assertEqual(line.user_id, self.medical_user)


@tagged("post_install", "-at_install")
class TestMedicalChatter(FieldGuardCase):
    def test_chatter_names_the_change_never_the_value(self):
        self.env.cr.flush()
        resident = self.resident.with_user(self.medical_user)
        resident.write({"hiv_status": "negative", "tb_status": "treated"})
        self.env.cr.flush()
        messages = self.resident.message_ids
        self.assertIn("HIV Status", messages[0].body)
        medical = self.env["ir.model.fields"].search(
            [
                ("model", "=", "rehab.resident"),
                ("name", "in", ("hiv_status", "tb_status", "medical_notes")),
            ]
        )
        self.assertFalse(
            self.env["mail.tracking.value"].search(
                [
                    ("field_id", "in", medical.ids),
                    ("mail_message_id", "in", messages.ids),
                ]
            )
        )
        for message in messages:
            self.assertNotIn("Negative", message.body or "")
            self.assertNotIn("Under treatment", message.body or "")
