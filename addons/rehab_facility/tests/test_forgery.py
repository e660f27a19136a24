"""No role forges a legal fact by writing it directly.

Every model inheriting ``rehab.guarded.mixin`` is attacked the way a user
would through the JSON-RPC API the web client uses (``create``/``write``,
also with ``default_*`` context keys): each stored field the model's
whitelist does not allow in the record's state is written by each role, and
must be refused with nothing changed. The list of models is read from the
registry, so a model (or a field) added later is attacked too.
"""

from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RehabCase

ROLES = ("intake", "security", "medical", "instructor", "manager", "auditor")


@tagged("post_install", "-at_install")
class TestForgery(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resident = cls._resident()
        cls.stay = cls._stay(cls.resident, bed=cls.bed_c1)
        cls.pending = cls._stay(
            cls._resident("Lò Văn Chờ", serial="000456"),
            kind="pending",
            term=0,
            admission=date(2026, 9, 1),
            bed=cls.bed_t1,
        )
        cls.pending.with_user(cls.intake_user).change_legal_basis(
            "compulsory_adult",
            {"number": "7/QĐ-TA", "date": date(2026, 10, 1), "authority": "Tòa án"},
            bed=cls.bed_c2,
        )
        cls.absence = cls._send_away(cls.stay)
        cls.users = {role: getattr(cls, f"{role}_user") for role in ROLES}

    def _guarded_models(self):
        return [
            name
            for name, model in self.env.registry.items()
            if not model._abstract
            and not model._transient
            and "rehab.guarded.mixin" in model._inherit_module
        ]

    def _sample(self, model_name):
        """A record of ``model_name`` in the test facility, if any."""
        return (
            self.env[model_name]
            .with_context(active_test=False)
            .search([("company_id", "=", self.facility.id)], limit=1, order="id desc")
            if "company_id" in self.env[model_name]._fields
            else self.env[model_name].search([], limit=1, order="id desc")
        )

    def _forged_value(self, record, field):
        """A plausible value different from the current one, or None."""
        current = record[field.name]
        if field.type in ("char", "text", "html"):
            return "FORGED"
        if field.type in ("integer", "float", "monetary"):
            return (current or 0) + 7
        if field.type == "boolean":
            return not current
        if field.type == "date":
            return date(1990, 1, 1) if current != date(1990, 1, 1) else date(2000, 1, 1)
        if field.type == "datetime":
            return datetime(1995, 1, 1, 8, 0)
        if field.type == "selection":
            values = [
                key
                for key, __ in field._description_selection(self.env)
                if key != current
            ]
            return values[0] if values else None
        if field.type == "many2one":
            other = self.env[field.comodel_name].search(
                [("id", "not in", current.ids)], limit=1
            )
            return other.id or None
        if field.type in ("one2many", "many2many") and current:
            return [(5, 0, 0)]
        return None

    def _protected_fields(self, record):
        model = self.env[record._name]
        allowed = record._guard_writable_fields() | model._guard_framework_fields()
        return [
            field
            for name, field in model._fields.items()
            if name not in allowed
            and (field.store or field.type == "one2many")
            and not field.related
        ]

    def test_every_protected_field_refused_for_every_role(self):
        attacked = 0
        for model_name in self._guarded_models():
            record = self._sample(model_name)
            if not record:
                continue
            for field in self._protected_fields(record):
                value = self._forged_value(record, field)
                if value is None:
                    continue
                before = record[field.name]
                for role, user in self.users.items():
                    with (
                        self.subTest(model=model_name, field=field.name, role=role),
                        self.assertRaises(UserError),
                    ):
                        record.with_user(user).write({field.name: value})
                    self.assertEqual(record[field.name], before)
                    attacked += 1
        # The stay, its ledger, legal basis, absences and bed history at least.
        self.assertGreater(attacked, 300)

    def test_records_created_by_actions_refuse_direct_create(self):
        for model_name in self._guarded_models():
            model = self.env[model_name]
            if model._user_create_fields is not None:
                continue
            for role, user in self.users.items():
                with (
                    self.subTest(model=model_name, role=role),
                    self.assertRaises(UserError),
                ):
                    model.with_user(user).create({})

    def test_basis_change_dated_1990_refused(self):
        """The attack that moved a release date to 1992."""
        for role in ("security", "intake", "manager"):
            with self.assertRefused(UserError, "not created by hand|not allowed"):
                self.env["rehab.stay.basis.change"].with_user(self.users[role]).create(
                    {
                        "stay_id": self.stay.id,
                        "date": date(1990, 1, 1),
                        "from_order_type_id": self.stay.order_type_id.id,
                        "to_order_type_id": self.stay.order_type_id.id,
                    }
                )
        self.assertEqual(self.stay.term_start_date, date(2026, 10, 1))
        self.assertEqual(self.stay.expected_release_date, date(2028, 10, 1))

    def test_stay_created_released_refused(self):
        values = {
            "resident_id": self._resident("Hà Văn Giả", serial="000789").id,
            "order_kind": "voluntary",
            "admission_date": date(2026, 10, 1),
            "term_months": 6,
        }
        stays = self.env["rehab.stay"].with_user(self.intake_user)
        forged = {"state": "released", "release_reason": "completed"}
        with self.assertRefused(UserError, "cannot be set by hand"):
            stays.open_stay({**values, **forged, "certificate_number": "1/GCN"})
        with self.assertRefused(UserError, "not created by hand"):
            stays.create(values)
        context = {f"default_{key}": value for key, value in forged.items()}
        stay = stays.with_context(**context, default_certificate_number="1").open_stay(
            values
        )
        self.assertEqual(stay.state, "intake")
        self.assertFalse(stay.release_reason or stay.certificate_number)
        with self.assertRefused(UserError, "A certificate is issued only"):
            stay.action_print_certificate()
        self.assertFalse(stay.certificate_number)

    def test_in_rehab_stay_not_archived(self):
        for role in ("intake", "manager"):
            with self.assertRefused(UserError, "cannot be changed by hand"):
                self.stay.with_user(self.users[role]).write({"active": False})
            with self.assertRefused(UserError, "discharge them first"):
                self.stay.with_user(self.users[role]).action_archive_with_reason("x")
        self.assertTrue(self.stay.active)

    def test_open_bed_line_not_closed_nor_past_line_inserted(self):
        line = self.pending.assignment_ids.filtered(lambda a: not a.date_to)
        with self.assertRefused(UserError, "cannot be changed by hand"):
            line.with_user(self.intake_user).write({"date_to": datetime(2026, 11, 1)})
        with self.assertRefused(UserError, "not created by hand"):
            self.env["rehab.bed.assignment"].with_user(self.intake_user).create(
                {
                    "stay_id": self.pending.id,
                    "bed_id": self.bed_c3.id,
                    "date_from": datetime(2026, 1, 1),
                    "date_to": datetime(2026, 2, 1),
                }
            )
        self.assertEqual(self.pending.current_bed_id, self.bed_c2)
        self.assertEqual(self.bed_c2.status, "occupied")

    def test_released_stay_changes_only_by_correction(self):
        stay = self._discharge(self.pending)
        for role in ("intake", "manager"):
            with self.assertRefused(UserError, "cannot be changed by hand"):
                stay.with_user(self.users[role]).write({"receiver_name": "Khác"})
        with self.assertRefused(UserError, "Only a facility manager"):
            stay.with_user(self.intake_user).correct_release_record(
                {"receiver_name": "Khác"}, "typo"
            )
        with self.assertRefused(UserError, "cannot be changed by hand"):
            stay.with_user(self.manager_user).correct_release_record(
                {"release_date": date(2026, 11, 1)}, "typo"
            )
        stay.with_user(self.manager_user).correct_release_record(
            {"receiver_name": "Trần Văn Nhân"}, "Name misspelt on the form"
        )
        self.assertEqual(stay.receiver_name, "Trần Văn Nhân")
        self.assertIn("misspelt", stay.message_ids[0].body)
        self.assertEqual(stay.release_date, date(2026, 11, 25))

    def test_bad_input_is_refused_in_words(self):
        as_intake = self.stay.with_user(self.intake_user)
        for days, pattern in ((10**12, "between 0 and"), (-3, "between 0 and")):
            with self.assertRefused(UserError, pattern):
                as_intake.add_term_correction("extend", "Typo", days=days)
        with self.assertRefused(UserError, "characters that cannot be typed"):
            as_intake.add_term_correction("extend", "Typo\x00", days=2)
        with self.assertRefused(UserError, "before the start of the term"):
            as_intake.add_term_correction("reduce", "Back to 1990", months=60)
        with self.assertRefused(UserError, "cannot be before 01/01/1990"):
            self.env["rehab.stay"].with_user(self.intake_user).open_stay(
                {
                    "resident_id": self._resident("Vi Văn Cũ", serial="000321").id,
                    "order_kind": "voluntary",
                    "admission_date": date(1900, 1, 1),
                    "term_months": 6,
                }
            )
        self.assertFalse(self.stay.adjustment_ids)
