"""Query counts of the screens staff open all day must not grow with the data.

Each screen is measured as the intake officer (record rules included) on a
small and a ten times larger data set of the test facility: the number of
queries must be the same.
"""

from datetime import date

from odoo.tests import tagged

from .common import RehabCase, cccd

BED_BOARD_SPEC = {
    "status": {},
    "current_stay_state": {},
    "room_id": {"fields": {"display_name": {}}},
    "name": {},
    "current_resident_id": {"fields": {"display_name": {}}},
}
BED_PROGRESS_BAR = {
    "field": "status",
    "colors": {
        "occupied": "success",
        "free": "info",
        "reserved": "warning",
        "out_of_order": "danger",
        "isolation": "muted",
    },
}
RESIDENT_LIST_SPEC = {
    "name": {},
    "citizen_id": {},
    "birthdate": {},
    "sex": {},
    "province_id": {"fields": {"display_name": {}}},
    "commune_id": {"fields": {"display_name": {}}},
    "company_id": {"fields": {"display_name": {}}},
}
AREA_LIST_SPEC = {
    "sequence": {},
    "name": {},
    "kind": {},
    "sex": {},
    "age_group": {},
    "company_id": {"fields": {"display_name": {}}},
    "capacity": {},
    "present_count": {},
    "absent_count": {},
    "vacancy_count": {},
    "out_of_order_count": {},
}


@tagged("post_install", "-at_install")
class TestPerformance(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.serial = 500000
        cls.board_small = cls._board("S", beds=10, areas=2)
        cls.board_large = cls._board("L", beds=100, areas=5)
        cls.residents_small = cls._resident_list("S", 10)
        cls.residents_large = cls._resident_list("L", 100)
        cls.areas_small = cls._roll_areas("S", 10)
        cls.areas_large = cls._roll_areas("L", 100)

    # ----------------------------------------------------------------- data
    @classmethod
    def _occupy(cls, beds, prefix):
        """Admit one resident in each of ``beds``."""
        for bed in beds:
            cls.serial += 1
            resident = cls._resident(
                f"{prefix} occupant {cls.serial}", serial=f"{cls.serial:06d}"
            )
            cls._stay(resident, bed=bed)

    @classmethod
    def _board(cls, tag, beds, areas):
        """``beds`` beds spread over ``areas`` areas of 5-bed rooms; every
        third bed occupied, one escaped occupant, one bed out of order."""
        area_records = cls.env["rehab.area"].create(
            [
                {
                    "name": f"Board {tag} {n}",
                    "kind": "compulsory",
                    "sex": "male",
                    "company_id": cls.facility.id,
                }
                for n in range(areas)
            ]
        )
        per_area = beds // areas
        rooms = cls.env["rehab.room"].create(
            [
                {"name": f"P{n}", "area_id": area.id}
                for area in area_records
                for n in range(per_area // 5)
            ]
        )
        bed_records = cls.env["rehab.bed"].create(
            [{"name": f"G{n}", "room_id": room.id} for room in rooms for n in range(5)]
        )
        cls._occupy(bed_records[::3], f"Board {tag}")
        cls._send_away(bed_records[0].current_stay_id)
        bed_records[1].condition = "out_of_order"
        return area_records

    @classmethod
    def _resident_list(cls, tag, count):
        provinces = cls.env["rehab.province"].search([], limit=3)
        communes = cls.env["rehab.commune"].create(
            [
                {
                    "code": f"9{'SL'.index(tag)}{n:03d}",
                    "name": f"Xã {tag} {n}",
                    "province_id": provinces[n % len(provinces)].id,
                }
                for n in range(10)
            ]
        )
        values = []
        for n in range(count):
            cls.serial += 1
            commune = communes[n % len(communes)]
            birthdate = date(1980 + n % 20, 1 + n % 12, 1)
            sex = ("male", "female")[n % 2]
            values.append(
                {
                    "name": f"List {tag} {n:03d}",
                    "sex": sex,
                    "birthdate": birthdate,
                    "citizen_id": cccd(sex, birthdate, f"{cls.serial:06d}"),
                    "province_id": commune.province_id.id,
                    "commune_id": commune.id,
                    "company_id": cls.facility.id,
                }
            )
        return cls.env["rehab.resident"].create(values)

    @classmethod
    def _roll_areas(cls, tag, count):
        """``count`` areas of one room and two beds; the first bed of every
        tenth area occupied."""
        areas = cls.env["rehab.area"].create(
            [
                {
                    "name": f"Roll {tag} {n:03d}",
                    "kind": "compulsory",
                    "sex": "male",
                    "company_id": cls.facility.id,
                }
                for n in range(count)
            ]
        )
        rooms = cls.env["rehab.room"].create(
            [{"name": "R", "area_id": area.id} for area in areas]
        )
        beds = cls.env["rehab.bed"].create(
            [{"name": f"B{n}", "room_id": room.id} for room in rooms for n in (1, 2)]
        )
        cls._occupy(beds[::20], f"Roll {tag}")
        return areas

    # ---------------------------------------------------------- measuring
    def _count(self, func):
        """Return (queries, result) of ``func`` on a cold record cache."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = func()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before, result

    def _same_count(self, func, small, large):
        """``func(small)`` and ``func(large)`` run the same number of queries.

        Returns the count and both results. A first run warms the ormcaches
        (access rights, record rules) so that only the data differs.
        """
        func(small)
        count_small, result_small = self._count(lambda: func(small))
        count_large, result_large = self._count(lambda: func(large))
        self.assertEqual(
            count_small,
            count_large,
            f"{count_small} queries for {len(small)} records, "
            f"{count_large} for {len(large)}",
        )
        return count_small, result_small, result_large

    # --------------------------------------------------------------- tests
    def test_bed_board_cards(self):
        Bed = self.env["rehab.bed"].with_user(self.intake_user)

        def board(areas):
            return Bed.web_search_read([("area_id", "in", areas.ids)], BED_BOARD_SPEC)

        __, small, large = self._same_count(board, self.board_small, self.board_large)
        self.assertEqual(small["length"], 10)
        self.assertEqual(large["length"], 100)
        cards = [r for r in large["records"] if r["current_resident_id"]]
        self.assertEqual(len(cards), 34)
        self.assertTrue(all(c["status"] == "occupied" for c in cards))
        self.assertIn("occupant", cards[0]["current_resident_id"]["display_name"])
        self.assertIn("Board L", large["records"][0]["room_id"]["display_name"])
        self.assertEqual(
            sorted(
                r["current_stay_state"]
                for r in large["records"]
                if r["current_stay_state"]
            ),
            ["absent"] + ["in_rehab"] * 33,
        )
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            board(self.board_small)

    def test_bed_board_columns(self):
        Bed = self.env["rehab.bed"].with_user(self.intake_user)

        def columns(areas):
            domain = [("area_id", "in", areas.ids)]
            groups = Bed.web_read_group(domain, ["__count"], ["area_id"])
            bars = Bed.read_progress_bar(domain, "area_id", BED_PROGRESS_BAR)
            return groups, bars

        __, __, (groups, bars) = self._same_count(
            columns, self.board_small, self.board_large
        )
        self.assertEqual(groups["length"], 5)
        self.assertEqual([g["area_id_count"] for g in groups["groups"]], [20] * 5)
        first = str(self.board_large[0].id)
        self.assertEqual(
            bars[first],
            {
                "occupied": 7,
                "free": 12,
                "reserved": 0,
                "out_of_order": 1,
                "isolation": 0,
            },
        )
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            columns(self.board_small)

    def test_resident_list(self):
        Resident = self.env["rehab.resident"].with_user(self.intake_user)

        def resident_list(residents):
            return Resident.web_search_read(
                [("id", "in", residents.ids)], RESIDENT_LIST_SPEC
            )

        __, small, large = self._same_count(
            resident_list, self.residents_small, self.residents_large
        )
        self.assertEqual(len(small["records"]), 10)
        self.assertEqual(len(large["records"]), 100)
        row = large["records"][0]
        self.assertEqual(row["name"], "List L 000")
        self.assertTrue(row["commune_id"]["display_name"].startswith("Xã L 0, "))
        self.assertEqual(row["company_id"]["display_name"], "Test Facility")
        self.env.invalidate_all()
        # 5: the read rule on residents (readable where they had a stay, for
        # transfers) is also checked on the page's stays, in one query.
        with self.assertQueryCount(5):
            resident_list(self.residents_small)

    def test_roll_count_list(self):
        Area = self.env["rehab.area"].with_user(self.intake_user)

        def roll_count(areas):
            return Area.web_search_read([("id", "in", areas.ids)], AREA_LIST_SPEC)

        __, small, large = self._same_count(
            roll_count, self.areas_small, self.areas_large
        )
        self.assertEqual(len(large["records"]), 100)
        totals = {
            name: sum(r[name] for r in large["records"])
            for name in ("capacity", "present_count", "vacancy_count")
        }
        self.assertEqual(
            totals, {"capacity": 200, "present_count": 10, "vacancy_count": 190}
        )
        self.assertEqual(small["records"][0]["present_count"], 1)
        self.assertEqual(small["records"][1]["present_count"], 0)
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            roll_count(self.areas_small)
