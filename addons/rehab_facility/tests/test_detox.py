"""Detox (stage 2) as a medical episode: the medical group and the director
only, on every path; every reveal in the medical access log."""

from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .pathway_common import PathwayCase


@tagged("post_install", "-at_install")
class TestDetox(PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stay = cls._stay(cls._resident(), bed=cls.bed_c1)  # 01/10/2026
        cls.episode = (
            cls.env["rehab.detox.episode"]
            .with_user(cls.medical_user)
            .create(
                {
                    "stay_id": cls.stay.id,
                    "date_start": date(2026, 10, 2),
                    "protocol": "Cắt cơn hỗ trợ bằng thuốc Cedemex",
                    "notes": "Hội chứng cai mức độ vừa",
                }
            )
            .with_env(cls.env)
        )
        cls.Log = cls.env["rehab.medical.access.log"]
        export = cls.env.ref("base.group_allow_export")
        for user in (
            cls.counsellor_user,
            cls.security_user,
            cls.intake_user,
            cls.auditor_user,
            cls.instructor_user,
            cls.medical_user,
        ):
            user.groups_id += export

    def _logs(self, user):
        return self.Log.search([("user_id", "=", user.id)])

    def test_hidden_from_non_medical_roles_on_every_path(self):
        for user in (
            self.counsellor_user,
            self.security_user,
            self.intake_user,
            self.auditor_user,
            self.instructor_user,
        ):
            Episode = self.env["rehab.detox.episode"].with_user(user)
            with self.assertRefused(AccessError, "not allowed"):
                Episode.search([])
            with self.assertRefused(AccessError, "not allowed"):
                self.episode.with_user(user).read(["protocol"])
            with self.assertRefused(AccessError, "not allowed"):
                Episode.read_group([], ["protocol"], ["protocol"])
            with self.assertRefused(AccessError, "not allowed"):
                self.episode.with_user(user).export_data(["protocol", "notes"])
            stays = self.env["rehab.stay"].with_user(user)
            if not stays.has_access("read"):
                continue
            # Through the stay: read, search, group-by, export all refused.
            with self.assertRefused(AccessError, "not allowed|enough rights"):
                self.stay.with_user(user).read(["detox_episode_ids"])
            with self.assertRefused(AccessError, "not allowed"):
                stays.search([("detox_episode_ids.protocol", "ilike", "Cedemex")])
            with self.assertRefused(AccessError, "not allowed"):
                stays.read_group([], ["detox_episode_ids"], ["detox_episode_ids"])
            with self.assertRefused(AccessError, "not allowed"):
                self.stay.with_user(user).export_data(["detox_episode_ids/notes"])
        self.assertFalse(self.Log.search([("model_name", "like", "detox")]))

    def test_medical_reads_are_logged(self):
        before = len(self._logs(self.medical_user))
        episode = self.episode.with_user(self.medical_user)
        self.assertEqual(episode.read(["protocol"])[0]["protocol"][:7], "Cắt cơn")
        lines = self._logs(self.medical_user)
        self.assertEqual(len(lines), before + 1)
        self.assertEqual(lines[0].resident_id, self.stay.resident_id)
        self.assertIn("rehab.detox.episode.protocol", lines[0].field_names)
        # Searching by a detox field through the stay: a summary line.
        found = (
            self.env["rehab.stay"]
            .with_user(self.medical_user)
            .search([("detox_episode_ids.protocol", "ilike", "Cedemex")])
        )
        self.assertEqual(found, self.stay)
        self.assertEqual(len(self._logs(self.medical_user)), before + 2)
        episode.export_data(["notes"])
        self.assertEqual(self._logs(self.medical_user)[0].operation, "export")
        # The director reads it too, logged as well.
        self.episode.with_user(self.manager_user).read(["notes"])
        self.assertTrue(self._logs(self.manager_user))

    def test_close_and_rules(self):
        Episode = self.env["rehab.detox.episode"].with_user(self.medical_user)
        with self.assertRefused(ValidationError, "before the admission"):
            other = self._stay(
                self._resident("Trần Văn Hai", serial="000222"), bed=self.bed_c2
            )
            Episode.create(
                {
                    "stay_id": other.id,
                    "date_start": date(2026, 9, 1),
                    "protocol": "x",
                }
            )
        with self.assertRefused(IntegrityError, "rehab_detox_episode_one_open"):
            Episode.create(
                {
                    "stay_id": self.stay.id,
                    "date_start": date(2026, 10, 3),
                    "protocol": "y",
                }
            )
        episode = self.episode.with_user(self.medical_user)
        with self.assertRefused(UserError, "cannot be changed by hand"):
            episode.write({"date_end": date(2026, 10, 20)})
        with self.assertRefused(ValidationError, "end before it starts"):
            episode.action_close(date(2026, 10, 1))
        with self.assertRefused(ValidationError, "future"):
            episode.action_close(date(2026, 12, 1))
        with self.assertRefused(AccessError, "not allowed"):
            self.episode.with_user(self.counsellor_user).action_close(
                date(2026, 10, 20)
            )
        episode.action_close(date(2026, 10, 20))
        self.assertEqual(
            (self.episode.state, self.episode.date_end, self.episode.closed_by_id),
            ("closed", date(2026, 10, 20), self.medical_user),
        )
        self.assertEqual(self.episode.stage_line_id.stage_id.code, "detox")
        with self.assertRefused(UserError, "already closed"):
            episode.action_close(date(2026, 10, 21))
        with self.assertRefused(UserError, "kept"):
            self.episode.unlink()
