"""The intake desk's duplicate search and the citizen-ID search bar, as the
intake officer (record rules and the real SQL, not the superuser)."""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RehabCase, cccd

BIRTH = date(1990, 5, 12)


@tagged("post_install", "-at_install")
class TestIntakeSearch(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.serial = 700000

    @classmethod
    def _person(cls, name, birthdate=BIRTH, sex="male", company=None, cid=True):
        cls.serial += 1
        return cls.env["rehab.resident"].create(
            {
                "name": name,
                "sex": sex,
                "birthdate": birthdate,
                "citizen_id": cid and cccd(sex, birthdate, f"{cls.serial:06d}"),
                "company_id": (company or cls.facility).id,
            }
        )

    def _offered(self, name, birthdate=BIRTH, sex="male"):
        """What the intake officer's search offers, in order."""
        wizard = (
            self.env["rehab.intake.wizard"]
            .with_user(self.intake_user)
            .with_company(self.facility)
            .create({"name": name, "birthdate": birthdate, "sex": sex})
        )
        wizard.action_search()
        return wizard.candidate_ids

    # ------------------------------------------------------- duplicate search
    def test_own_match_found_among_many_elsewhere(self):
        # 25 people of the other facility resemble more (same name and birth
        # date): ranked before the record rules, they filled the 20 places.
        elsewhere = self.env["rehab.resident"].create(
            [
                {
                    "name": "Lê Văn Tùng",
                    "sex": "male",
                    "birthdate": BIRTH,
                    "company_id": self.other_facility.id,
                }
                for __ in range(25)
            ]
        )
        own = self._person("Lê Văn Tùng", birthdate=date(1988, 1, 1))
        offered = self._offered("Lê Văn Tùng")
        self.assertEqual(offered, own)
        self.assertFalse(offered & elsewhere)
        # The officer cannot read them, and none is put in the wizard.
        self.assertFalse(elsewhere.with_user(self.intake_user).has_access("read"))

    def test_given_name_must_resemble(self):
        giang = self._person("Lê Văn Giang")
        plain = self._person("Le Van Tung", birthdate=date(1985, 2, 2))
        accented = self._person("Lê Văn Tùng", birthdate=date(1979, 3, 3))
        offered = self._offered("Lê Văn Tùng")
        self.assertNotIn(giang, offered)
        self.assertEqual(set(offered.ids), {plain.id, accented.id})
        # Accents typed or not, the same people.
        self.assertEqual(set(self._offered("Le Van Tung").ids), set(offered.ids))
        # Đ is D.
        dung = self._person("Đỗ Văn Dũng")
        self.assertIn(dung, self._offered("Do Van Dung"))

    def test_family_name_must_resemble(self):
        self._person("Trần Văn Tùng")
        le_van_tung = self._person("Lê Văn Tùng")
        self.assertEqual(self._offered("Lê Văn Tùng"), le_van_tung)

    def test_middle_name_may_differ(self):
        known = self._person("Nguyễn Hữu Bình")
        no_middle = self._person("Nguyễn Bình", birthdate=date(1970, 1, 1))
        offered = self._offered("Nguyễn Văn Bình")
        self.assertIn(known, offered)
        self.assertIn(no_middle, offered)

    def test_birth_date_and_sex_rank_first(self):
        other_year = self._person("Nguyễn Văn Bình", birthdate=date(1970, 1, 1))
        same_year = self._person("Nguyễn Văn Bình", birthdate=date(1990, 1, 1))
        same_day_other_sex = self._person(
            "Nguyễn Văn Bình", sex="female", birthdate=BIRTH
        )
        same_day = self._person("Nguyễn Văn Bình")
        # A different spelling of the same day and sex still comes first.
        self.assertEqual(
            self._offered("Nguyen Van Binh").ids,
            [same_day.id, same_day_other_sex.id, same_year.id, other_year.id],
        )

    def test_same_birth_date_lowers_the_bar(self):
        # Two middle names more: similar enough only with the same birth date.
        known = self._person("Lê Thị Ngọc Thu Hà", sex="female")
        self.assertIn(known, self._offered("Lê Hà", sex="female"))
        self.assertNotIn(
            known, self._offered("Lê Hà", birthdate=date(1991, 1, 1), sex="female")
        )

    def test_archived_person_still_searched(self):
        known = self._person("Phạm Đức Anh")
        known.active = False
        Resident = self.env["rehab.resident"].with_user(self.intake_user)
        self.assertEqual(Resident._find_similar("Pham Duc Anh", BIRTH, "male"), known)

    def test_query_count_flat_in_people(self):
        """Same queries for 3 and 30 similar people (own and other facility)."""
        Resident = self.env["rehab.resident"].with_user(self.intake_user)

        def search():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            found = Resident._find_similar("Vũ Văn Hải", BIRTH, "male")
            return self.env.cr.sql_log_count - before, found

        def add(count):
            for company in (self.facility, self.other_facility):
                for __ in range(count):
                    self._person("Vũ Văn Hải", company=company, cid=False)

        add(3)
        search()  # warms the access and rule caches
        small, found_small = search()
        add(27)
        large, found_large = search()
        self.assertEqual(small, large)
        self.assertLessEqual(small, 3)
        self.assertEqual((len(found_small), len(found_large)), (3, 20))

    def test_known_elsewhere_by_citizen_id_still_refused(self):
        """Identity is national: the exact CCCD is found in every facility,
        without naming the person or the facility."""
        elsewhere = self._person("Hồ Văn Xa", company=self.other_facility)
        wizard = (
            self.env["rehab.intake.wizard"]
            .with_user(self.intake_user)
            .with_company(self.facility)
            .create({"citizen_id": elsewhere.citizen_id, "name": "Hồ Văn Xa"})
        )
        with self.assertRefused(UserError, "already recorded at another facility") as c:
            wizard.action_search()
        self.assertNotIn("Hồ Văn Xa", str(c.exception))
        self.assertNotIn("Other Facility", str(c.exception))

    # ------------------------------------------------- citizen ID search bar
    def _sql(self, model, domain):
        return model._search(domain).select().code

    def test_twelve_digits_search_the_citizen_id_exactly(self):
        known = self._person("Trịnh Văn Mười")
        self._person("Trịnh Văn Một")
        Resident = self.env["rehab.resident"].with_user(self.intake_user)
        domain = [("display_name", "ilike", known.citizen_id)]
        self.assertEqual(Resident.search(domain), known)
        sql = self._sql(Resident, domain)
        self.assertIn('"citizen_id" = %s', sql)
        self.assertNotIn("ILIKE", sql.upper())
        self.assertEqual(
            [r[0] for r in Resident.name_search(f" {known.citizen_id} ")], known.ids
        )
        # Fewer digits: part of an ID, as before.
        partial = [("display_name", "ilike", known.citizen_id[:8])]
        self.assertIn("ILIKE", self._sql(Resident, partial).upper())
        self.assertIn(known, Resident.search(partial))

    def test_name_search_still_works(self):
        known = self._person("Trịnh Văn Mười")
        other = self._person("Trịnh Văn Một")
        Resident = self.env["rehab.resident"].with_user(self.intake_user)
        self.assertEqual(
            Resident.search([("display_name", "ilike", "Trịnh Văn")]), known | other
        )
        self.assertEqual(Resident.search([("display_name", "ilike", "Mười")]), known)

    def test_stay_search_bar(self):
        known = self._person("Trịnh Văn Mười")
        stay = self._stay(known)
        other_stay = self._stay(self._person("Trịnh Văn Một"))
        Stay = self.env["rehab.stay"].with_user(self.intake_user)
        for domain in (
            [("resident_id", "ilike", known.citizen_id)],  # the search bar's field
            [("display_name", "ilike", known.citizen_id)],
        ):
            self.assertEqual(Stay.search(domain), stay)
            self.assertNotIn("ILIKE", self._sql(Stay, domain).upper())
        self.assertEqual(
            Stay.search([("resident_id", "ilike", "Trịnh Văn")]), stay | other_stay
        )
        self.assertEqual(Stay.search([("display_name", "ilike", stay.name)]), stay)

    def test_resident_search_view_uses_the_display_name_search(self):
        arch = (
            self.env["rehab.resident"]
            .with_user(self.intake_user)
            .get_views([(False, "search")])["views"]["search"]["arch"]
        )
        self.assertIn("[('display_name', 'ilike', self)]", arch)
