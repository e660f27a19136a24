"""Browser tours of issue 16 (static/tests/tours/rehab_daily_screens_tour.js).

In the Vietnamese UI of the demo users: the intake desk without dead ends,
the security officer's escape in one step on a phone (390×844), and the
fight that an escaped resident cannot have started. The values to type and
expect are computed here and passed in the start URL's query string.

Needs Chromium and ``--odoo-http`` (pytest-odoo); see README, Tests.
"""

from datetime import datetime, timedelta
from urllib.parse import urlencode

from odoo.tests import HttpCase, tagged

from ..models.rehab_area import SHARED_AREA_KINDS
from ..models.rehab_resident import ACTIVE_STAY_STATES


class DailyScreensTourCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.intake_user = cls.env.ref("rehab_facility.user_intake")
        cls.security_user = cls.env.ref("rehab_facility.user_security")

    def _fmt_date(self, user, value):
        lang = self.env["res.lang"]._get_data(code=user.lang or "en_US")
        return value.strftime(lang.date_format)

    def _fmt_datetime(self, user, value):
        lang = self.env["res.lang"]._get_data(code=user.lang or "en_US")
        return value.strftime(f"{lang.date_format} {lang.time_format}")

    def _tour(self, tour, user, params, path="/odoo"):
        self.assertEqual(user.lang, "vi_VN", "the tours run in the Vietnamese UI")
        url = f"{path}?{urlencode(params)}"
        self.start_tour(url, tour, login=user.login, timeout=180)

    def _in_rehab(self):
        """Demo stays in rehab, never away, each resident found by one name."""
        stays = self.env["rehab.stay"].search(
            [
                ("company_id", "=", self.company.id),
                ("state", "=", "in_rehab"),
                ("absence_ids", "=", False),
                ("resident_id.citizen_id", "!=", False),
                ("admission_date", "<", self.company.rehab_today() - timedelta(days=3)),
            ],
            order="id",
        )
        return stays.filtered(
            lambda s: self.env["rehab.stay"].search_count(
                [
                    ("resident_id", "ilike", s.resident_id.name),
                    ("state", "in", ACTIVE_STAY_STATES),
                ]
            )
            == 1
        )


@tagged("post_install", "-at_install")
class TestIntakeScreensTour(DailyScreensTourCase):
    def _new_cccd(self, birth_year):
        residents = self.env["rehab.resident"].with_context(active_test=False)
        for serial in range(881001, 882000):
            value = f"0220{birth_year % 100:02d}{serial:06d}"
            if not residents.search_count([("citizen_id", "=", value)]):
                return value
        self.fail("no free citizen ID for the tour")

    def test_intake_without_dead_ends(self):
        user = self.intake_user
        inside = self._in_rehab()[:1]
        self.assertTrue(inside, "the demo facility has a resident in rehab")
        # A known man with a commune and a past stay: his namesake is new.
        candidate = self.env["rehab.resident"].search(
            [
                ("company_id", "=", self.company.id),
                ("sex", "=", "male"),
                ("citizen_id", "!=", False),
                ("commune_id", "!=", False),
                ("stay_ids", "!=", False),
                ("birthdate", "<", "1999-01-01"),
            ],
            limit=1,
        )
        self.assertTrue(candidate)
        birthdate = candidate.birthdate.replace(day=1) + timedelta(days=400)
        cccd = self._new_cccd(birthdate.year)
        today = self.company.rehab_today()
        decision_date = today - timedelta(days=2)
        order_type = self.env["rehab.order.type"]._find_for_date(
            "compulsory_adult", decision_date
        )
        beds = self.env["rehab.bed"]
        bed = beds.search(
            beds._fitting_domain(
                self.company, "male", False, order_type, shared_areas=False
            ),
            limit=1,
        )
        special_bed = beds.search(
            [
                *beds._fitting_domain(self.company, "male", False, order_type),
                ("area_kind", "=", "discipline"),
            ],
            limit=1,
        )
        self.assertTrue(bed and special_bed, "free beds of both kinds in the demo")
        self._tour(
            "rehab_intake_screens_tour",
            user,
            {
                "in_cccd": inside.resident_id.citizen_id,
                "in_stay": inside.name,
                "cccd": cccd,
                "name": candidate.name,
                "birthdate": self._fmt_date(user, birthdate),
                "cand_cccd": candidate.citizen_id,
                "cand_birthdate": self._fmt_date(user, candidate.birthdate),
                "cand_commune": candidate.commune_id.with_user(user).name,
                "cand_stay": candidate.stay_ids[:1].name,
                "reason": "Khác ngày sinh, khác quê",
                "decision_number": "302/2026/QĐ-TA",
                "decision_date": self._fmt_date(user, decision_date),
                "court": "Tòa án nhân dân khu vực 1 - Quảng Ninh",
                "bed": bed.with_user(user).display_name,
                "special_bed": special_bed.with_user(user).display_name,
                "special_bed_search": special_bed.name,
            },
        )
        stay = self.env["rehab.stay"].search([("resident_id.citizen_id", "=", cccd)])
        self.assertEqual(len(stay), 1)
        self.assertEqual(stay.state, "in_rehab")
        self.assertEqual(stay.current_bed_id, bed)
        self.assertNotIn(stay.current_bed_id.area_kind, SHARED_AREA_KINDS)
        self.assertEqual(stay.resident_id.sex, "male", "from the CCCD")
        self.assertNotEqual(stay.resident_id, candidate)
        self.assertEqual(special_bed.status, "free")
        self.assertEqual(inside.state, "in_rehab")
        self.assertEqual(
            self.env["rehab.stay"].search_count(
                [("resident_id", "=", inside.resident_id.id)]
            ),
            len(inside.resident_id.stay_ids),
        )


@tagged("post_install", "-at_install")
class TestSecurityPhoneTour(DailyScreensTourCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_escape_on_a_phone_creates_its_incident(self):
        user = self.security_user
        stay = self._in_rehab()[-1:]
        self.assertTrue(stay)
        away_since = datetime.now().replace(microsecond=0) - timedelta(days=2)
        escape_type = self.env.ref("rehab_facility.incident_type_escape")
        incidents = self.env["rehab.incident"].search([])
        states = dict(
            self.env["rehab.incident"]
            .with_user(user)
            .with_context(lang="vi_VN")
            ._fields["state"]
            ._description_selection(self.env(context={"lang": "vi_VN"}))
        )
        self._tour(
            "rehab_security_phone_tour",
            user,
            {
                "resident": stay.resident_id.name,
                "away_since": self._fmt_datetime(user, away_since),
                "pursuit_number": "78/QĐ-CSCN",
                "escape_type": escape_type.with_context(lang="vi_VN").name,
                "draft_label": states["draft"],
            },
            path="/odoo/rehab-stays",
        )
        stay.invalidate_recordset()
        self.assertEqual(stay.state, "absent")
        incident = self.env["rehab.incident"].search([]) - incidents
        self.assertEqual(len(incident), 1, "one incident, created with the escape")
        self.assertEqual(incident.type_id, escape_type)
        self.assertEqual(incident.create_uid, user)
        self.assertEqual(stay.absence_ids.incident_id, incident)
        self.assertEqual(incident.participant_ids.resident_id, stay.resident_id)
        self.assertEqual(incident.participant_ids.role, "escapee")


@tagged("post_install", "-at_install")
class TestAwayParticipantTour(DailyScreensTourCase):
    def test_escaped_resident_cannot_start_a_fight(self):
        user = self.security_user
        stay = self._in_rehab()[-2:-1]
        self.assertTrue(stay)
        since = datetime.now().replace(microsecond=0) - timedelta(days=3)
        stay.with_user(user).record_departure("escape", since)
        fight = self.env.ref("rehab_facility.incident_type_fight")
        incidents = self.env["rehab.incident"].search_count([])
        local = self.company.rehab_local_date(since)
        self._tour(
            "rehab_security_away_participant_tour",
            user,
            {
                "resident": stay.resident_id.name,
                "fight_search": fight.with_context(lang="vi_VN").name[:6],
                "fight_type": fight.with_context(lang="vi_VN").name,
                "escaped_since": local.strftime("%d/%m/%Y"),
            },
        )
        self.assertEqual(self.env["rehab.incident"].search_count([]), incidents)
