"""The bed board loads its open columns together: its query count does not
depend on the number of areas (rehab.board.mixin, the rehab_board view)."""

from urllib.parse import urlencode

from odoo.tests import HttpCase, new_test_user, tagged

from .common import RehabCase

PROGRESS_BAR = {
    "field": "status",
    "colors": {"occupied": "success", "free": "info", "out_of_order": "danger"},
}
# The web client opens at most 10 columns of a grouped kanban
# (RelationalModel.MAX_NUMBER_OPENED_GROUPS), 40 cards each.
OPEN_COLUMNS = 10
CARDS_PER_COLUMN = 40


def board_specification(beds):
    """The fields of the bed board's kanban, as this user's web client reads them."""
    fields = beds.get_views([(False, "kanban")])["models"]["rehab.bed"]["fields"]
    return {
        name: {"fields": {"display_name": {}}} if field["type"] == "many2one" else {}
        for name, field in fields.items()
    }


def column_requests(groups):
    return [
        {
            "domain": group["__domain"],
            "offset": 0,
            "limit": CARDS_PER_COLUMN,
            "order": "",
            "count_limit": 10_001,
        }
        for group in groups
        if group["area_id_count"]
    ][:OPEN_COLUMNS]


def load_board(beds):
    """What the bed board asks the server, in the order the client asks it."""
    groups = beds.web_read_group([], [], ["area_id"], lazy=True, orderby="")["groups"]
    beds.read_progress_bar([], "area_id", PROGRESS_BAR)
    requests = column_requests(groups)
    return groups, beds.web_search_read_columns(requests, board_specification(beds))


@tagged("post_install", "-at_install")
class TestBedBoard(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.serial = 800000
        cls.small_user = cls._board_facility("Small", 3)
        cls.large_user = cls._board_facility("Large", 30)

    @classmethod
    def _board_facility(cls, tag, areas):
        """A facility of ``areas`` areas (2 rooms of 2 beds, one occupied) and
        its intake officer."""
        company = cls.env["res.company"].create({"name": f"Board {tag}"})
        area_records = cls.env["rehab.area"].create(
            [
                {
                    "name": f"{tag} area {n:02d}",
                    "sequence": n,
                    "kind": "compulsory",
                    "sex": "male",
                    "company_id": company.id,
                }
                for n in range(areas)
            ]
        )
        rooms = cls.env["rehab.room"].create(
            [
                {"name": f"{tag} {n}.{r}", "area_id": area.id}
                for n, area in enumerate(area_records)
                for r in (1, 2)
            ]
        )
        beds = cls.env["rehab.bed"].create(
            [{"name": f"G{g}", "room_id": room.id} for room in rooms for g in (1, 2)]
        )
        for bed in beds[::4]:
            cls.serial += 1
            resident = cls._resident(
                f"Board occupant {cls.serial}",
                serial=f"{cls.serial:06d}",
                company_id=company.id,
            )
            cls._stay(resident, bed=bed, company_id=company.id)
        return new_test_user(
            cls.env,
            login=f"rehab_board_{tag.lower()}",
            groups="base.group_user,rehab_facility.group_rehab_intake",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )

    def _bed_model(self, user):
        """The bed model as ``user``'s web client calls it."""
        context = {"allowed_company_ids": user.company_ids.ids}
        return self.env["rehab.bed"].with_user(user).with_context(**context)

    def _queries(self, user):
        beds = self._bed_model(user)
        load_board(beds)  # warms the access, rule and view caches
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        groups, columns = load_board(beds)
        return self.env.cr.sql_log_count - before, groups, columns

    def test_board_queries_do_not_grow_with_areas(self):
        small, small_groups, small_columns = self._queries(self.small_user)
        large, large_groups, large_columns = self._queries(self.large_user)
        self.assertEqual((len(small_groups), len(large_groups)), (3, 30))
        self.assertEqual((len(small_columns), len(large_columns)), (3, OPEN_COLUMNS))
        self.assertLessEqual(large, small + 3, f"{small} queries for 3 areas")
        self.assertLessEqual(small, 10)

    def test_columns_are_what_web_search_read_gives(self):
        beds = self._bed_model(self.large_user)
        specification = board_specification(beds)
        groups, columns = load_board(beds)
        for group, column in zip(groups, columns, strict=False):
            self.assertEqual(
                column,
                beds.web_search_read(
                    group["__domain"],
                    specification,
                    limit=CARDS_PER_COLUMN,
                    count_limit=10_001,
                ),
            )
        first = columns[0]["records"]
        self.assertEqual([r["name"] for r in first], ["G1", "G2", "G1", "G2"])
        self.assertIn("Board occupant", first[0]["current_resident_id"]["display_name"])
        self.assertEqual(first[0]["current_stay_state"], "in_rehab")

    def test_column_count_beyond_its_cards(self):
        beds = self._bed_model(self.small_user)
        area = self.env["rehab.area"].search(
            [("company_id", "=", self.small_user.company_id.id)], limit=1
        )
        request = {"domain": [("area_id", "=", area.id)], "limit": 3}
        (column,) = beds.web_search_read_columns([request], {"name": {}})
        self.assertEqual((column["length"], len(column["records"])), (4, 3))
        request = {"domain": [("area_id", "=", area.id)], "limit": 3, "offset": 3}
        (column,) = beds.web_search_read_columns([request], {"name": {}})
        self.assertEqual((column["length"], len(column["records"])), (4, 1))

    def test_columns_follow_the_record_rules(self):
        other = self.env["rehab.bed"].search(
            [("company_id", "=", self.large_user.company_id.id)], limit=1
        )
        beds = self._bed_model(self.small_user)
        (column,) = beds.web_search_read_columns(
            [{"domain": [("id", "=", other.id)]}], {"name": {}}
        )
        self.assertEqual(column, {"length": 0, "records": []})

    def test_board_view_loads_columns_together(self):
        view = self.env.ref("rehab_facility.rehab_bed_view_kanban")
        self.assertIn('js_class="rehab_board"', view.arch)


@tagged("post_install", "-at_install")
class TestBedBoardTour(HttpCase):
    def test_bed_board_in_the_browser(self):
        user = self.env.ref("rehab_facility.user_intake")
        # The names the officer's browser shows: in the officer's language.
        beds = (
            self.env["rehab.bed"]
            .with_user(user)
            .with_company(user.company_id)
            .with_context(lang=user.lang)
        )
        groups, columns = load_board(beds)
        self.assertGreater(len(columns), 1, "the demo board has one column")
        first = next(r for r in columns[0]["records"] if r["current_resident_id"])
        last = columns[-1]["records"][0]
        open_groups = [g for g in groups if g["area_id_count"]][: len(columns)]
        params = {
            "first_area": open_groups[0]["area_id"][1],
            "first_bed": f"{first['room_name']} · {first['name']}",
            "first_occupant": first["current_resident_id"]["display_name"],
            "last_area": open_groups[-1]["area_id"][1],
            "last_bed": f"{last['room_name']} · {last['name']}",
        }
        self.start_tour(
            f"/odoo/rehab-beds?{urlencode(params)}",
            "rehab_bed_board_tour",
            login=user.login,
            timeout=120,
        )
