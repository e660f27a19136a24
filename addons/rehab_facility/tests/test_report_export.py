"""The occupancy report: figures read back from the workbook (openpyxl) and
compared with counts made independently, in Python, from the records of a
known data set (October 2026 in the test facility):

- opening (in on 30/09): A, B, C, N (compulsory), I (compulsory, woman),
  H (voluntary); M was released on 30/09 and is not in it;
- admissions: D (relapse), J and F (women), E and E2 (minors), G (pending,
  made compulsory on 15/10: one admission, one conversion), T (temporary,
  a 17-year-old); K is still at intake, Z is archived, L came in November;
- releases: H on 31/10, the period's last day (court), I (death), J
  (transfer);
- escapes: B at 03:00 on 01/10 local time (20:00 UTC on 30/09) and back on
  12/10; C on 20/10, back only in November; N in hospital since 25/10;
- closing (in on 31/10): A, B, C, D, E, E2, F, G, N, T.
"""

import io
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import openpyxl
from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from ..models import rehab_report_period as period
from ..report import rehab_occupancy_xlsx as xlsx_report
from .common import RehabCase, cccd

OCT_1, OCT_31 = date(2026, 10, 1), date(2026, 10, 31)
KINDS = []
KIND_LABELS = {}
BAND_LABELS = {}
# The workbook's labels as it writes them (Vietnamese, from the selections),
# filled once the registry is there (load_labels).
xlsx = SimpleNamespace(period_label=period.period_label,
                       report_filename=period.report_filename)  # fmt: skip


def load_labels(env):
    """The workbook's sheet names and row/column labels, for reading it back."""
    labels = env["report.rehab_facility.occupancy_xlsx"]._labels()
    xlsx.SHEETS = dict(xlsx_report.SHEET_NAMES)
    xlsx.ORDER_KINDS = labels["kinds"]
    xlsx.SEXES = labels["sexes"]
    xlsx.AGE_BANDS = labels["age_bands"]
    xlsx.PRESENCES = labels["presences"]
    xlsx.SEVERITIES = labels["severities"]
    xlsx.INCREASES = labels["increases"]
    xlsx.DECREASES = labels["decreases"]
    xlsx.INTERNAL = labels["internal"]
    xlsx.RELEASE_REASONS = [
        (key[len("release_") :], label)
        for key, label in labels["decreases"]
        if key.startswith("release_")
    ]
    xlsx.OCCUPANCY_COLUMNS = env[
        "report.rehab_facility.occupancy_xlsx"
    ]._occupancy_columns(labels)
    KINDS[:] = [kind for kind, __ in xlsx.ORDER_KINDS]
    KIND_LABELS.clear()
    KIND_LABELS.update(xlsx.ORDER_KINDS)
    BAND_LABELS.clear()
    BAND_LABELS.update(xlsx.AGE_BANDS)


def utc(local_dt):
    """Naive UTC datetime of a Vietnam local time (UTC+7)."""
    return local_dt - timedelta(hours=7)


class ReportCase(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_labels(cls.env)
        cls.facility.write({"rehab_director_name": "Giám Đốc Test", "city": "Hạ Long"})
        cls.serial = 100
        cls.prov_22 = cls.env.ref("rehab_facility.province_22")
        cls.prov_01 = cls.env.ref("rehab_facility.province_01")
        cls.prov_31 = cls.env.ref("rehab_facility.province_31")
        more_c = list(cls._beds(cls.area_compulsory_m, 10, "R-more-c"))
        more_f = list(cls._beds(cls.area_compulsory_f, 2, "R-more-f"))
        more_minor = list(cls._beds(cls.area_minor_m, 2, "R-more-minor"))
        beds_c = [cls.bed_c1, cls.bed_c2, cls.bed_c3, *more_c]
        beds_f = [cls.bed_f1, *more_f]
        beds_minor = [cls.bed_minor1, *more_minor]

        def person(name, sex, birthdate, ethnicity="Kinh", province=None):
            cls.serial += 1
            return cls._resident(
                name,
                sex=sex,
                birthdate=birthdate,
                serial=f"{cls.serial:06d}",
                ethnicity=ethnicity,
                province_id=province.id if province else False,
            )

        adm = cls._admit
        cls.res_a = person("A Nguyễn", "male", date(1990, 2, 1), province=cls.prov_22)
        cls.stay_a = adm(cls.res_a, date(2026, 9, 1), beds_c[0])
        res_b = person("B Hoàng", "male", date(1998, 6, 15), "Tày", cls.prov_01)
        cls.stay_b = adm(res_b, date(2026, 9, 15), beds_c[1])
        cls._absence(
            cls.stay_b, "escape", datetime(2026, 10, 1, 3), datetime(2026, 10, 12, 9)
        )
        res_c = person("C Trần", "male", date(1985, 1, 1))
        cls.stay_c = adm(res_c, date(2026, 9, 20), beds_c[2])
        cls._absence(
            cls.stay_c, "escape", datetime(2026, 10, 20, 10), datetime(2026, 11, 10, 9)
        )
        res_d = person("D Lê", "male", date(1992, 3, 3), province=cls.prov_22)
        old = adm(res_d, date(2024, 1, 10), beds_c[3], term=24)
        old._release(date(2026, 1, 10), "completed")
        cls.stay_d = adm(res_d, date(2026, 10, 10), beds_c[4], term=36)
        res_e = person("E Phạm", "male", date(2011, 4, 1), province=cls.prov_31)
        cls.stay_e = adm(
            res_e, date(2026, 10, 3), beds_minor[0], kind="compulsory_minor"
        )
        res_e2 = person("E2 Vũ", "male", date(2013, 2, 1))
        cls.stay_e2 = adm(
            res_e2, date(2026, 10, 6), beds_minor[1], kind="compulsory_minor"
        )
        # Turns 30 on the period's last day: 30 and over at the period end.
        res_g = person("G Đặng", "male", date(1996, 10, 31), province=cls.prov_01)
        cls.stay_g = adm(res_g, date(2026, 10, 2), cls.bed_t1, kind="pending", term=0)
        form = Form(
            cls.env["rehab.stay.convert.wizard"].with_context(
                default_stay_id=cls.stay_g.id
            )
        )
        form.decision_number = "15/2026/QĐ-TA"
        form.decision_date = date(2026, 10, 15)
        form.decision_authority = "Tòa án nhân dân khu vực 1"
        # Out of the temporary area into a compulsory one, today.
        form.bed_id = form.fitting_bed_ids[0]
        form.save().action_confirm()
        res_h = person("H Bùi", "male", date(1980, 5, 5))
        cls.stay_h = adm(res_h, date(2026, 9, 5), cls.bed_v1, kind="voluntary", term=6)
        cls.stay_h._release(OCT_31, "court")
        res_i = person("I Đỗ", "female", date(1988, 8, 8))
        cls.stay_i = adm(res_i, date(2026, 8, 1), beds_f[0])
        cls.stay_i._release(date(2026, 10, 25), "death")
        res_j = person("J Hồ", "female", date(1999, 9, 9))
        cls.stay_j = adm(res_j, date(2026, 10, 5), beds_f[1])
        cls.stay_j._release(date(2026, 10, 28), "transfer")
        res_f = person("F Ngô", "female", date(2000, 1, 20), "Mường", cls.prov_22)
        cls.stay_f = adm(res_f, date(2026, 10, 8), beds_f[2])
        res_k = person("K Dương", "male", date(1991, 1, 1))
        cls.stay_k = cls._stay(res_k, admission=date(2026, 10, 20))  # at intake
        res_l = person("L Lý", "male", date(1993, 1, 1))
        cls.stay_l = adm(res_l, date(2026, 11, 3), beds_c[5])
        res_m = person("M Mai", "male", date(1994, 1, 1))
        cls.stay_m = adm(res_m, date(2026, 6, 10), beds_c[6], term=12)
        cls.stay_m._release(date(2026, 9, 30), "completed")
        res_n = person("N Đinh", "male", date(1975, 12, 12))
        cls.stay_n = adm(res_n, date(2026, 9, 10), beds_c[7])
        cls._absence(cls.stay_n, "suspension", datetime(2026, 10, 25, 8))
        res_t = person("T Tạ", "male", date(2008, 11, 5))
        cls.stay_t = adm(
            res_t, date(2026, 10, 29), beds_minor[2], kind="temporary", term=0
        )
        res_z = person("Z Lưu", "male", date(1989, 1, 1))
        cls.stay_z = adm(res_z, date(2026, 10, 12), beds_c[8])
        cls.stay_z.active = False
        # Another facility's resident, admitted in October.
        other_area = cls._area(
            "Other compulsory", "compulsory", "male", company=cls.other_facility
        )
        (other_bed,) = cls._beds(other_area, 1)
        cls.serial += 1
        res_o = cls._resident(
            "O Khác", serial=f"{cls.serial:06d}", company_id=cls.other_facility.id
        )
        cls.stay_o = cls._stay(res_o, admission=OCT_1, company_id=cls.other_facility.id)
        cls.stay_o.assign_bed(other_bed, when=utc(datetime(2026, 10, 1, 8)))
        cls.stay_o.action_admit()
        # Incidents.
        Incident = cls.env["rehab.incident"]
        ref = cls.env.ref
        fight = ref("rehab_facility.incident_type_fight")
        cls.incidents = Incident.create(
            [
                {
                    "type_id": fight.id,
                    "severity": "medium",
                    "date": utc(datetime(2026, 10, 10, 9)),
                    "description": "Đánh nhau",
                },
                {
                    "type_id": ref("rehab_facility.incident_type_escape").id,
                    "severity": "high",
                    "date": utc(datetime(2026, 10, 20, 10)),
                    "description": "Bỏ trốn",
                },
                {  # 20:00 on the last day, local time: in October
                    "type_id": ref("rehab_facility.incident_type_contraband").id,
                    "severity": "high",
                    "date": utc(datetime(2026, 10, 31, 20)),
                    "description": "Vật cấm",
                },
                {  # 02:00 on 1 November local time (31/10 in UTC): not October
                    "type_id": fight.id,
                    "severity": "low",
                    "date": utc(datetime(2026, 11, 1, 2)),
                    "description": "Cãi nhau",
                },
                {
                    "type_id": fight.id,
                    "severity": "medium",
                    "date": utc(datetime(2026, 10, 10, 9, 5)),
                    "description": "Trùng",
                },
                {
                    "type_id": fight.id,
                    "severity": "critical",
                    "date": utc(datetime(2026, 10, 11, 9)),
                    "description": "Nơi khác",
                    "company_id": cls.other_facility.id,
                },
            ]
        )
        cls.incidents[4].state = "duplicate"

    @classmethod
    def _beds(cls, area, count, room_name=None):
        if not room_name:
            return super()._beds(area, count)
        room = cls.env["rehab.room"].create({"name": room_name, "area_id": area.id})
        return cls.env["rehab.bed"].create(
            [{"name": f"X{i}", "room_id": room.id} for i in range(1, count + 1)]
        )

    @classmethod
    def _admit(cls, resident, admission, bed, kind="compulsory_adult", term=24):
        stay = cls._stay(resident, kind=kind, admission=admission, term=term)
        stay.assign_bed(bed, when=utc(datetime.combine(admission, datetime.min.time())))
        stay.action_admit()
        return stay

    @classmethod
    def _absence(cls, stay, kind, start_local, end_local=None):
        return cls.env["rehab.stay.absence"].create(
            {
                "stay_id": stay.id,
                "kind": kind,
                "date_start": utc(start_local),
                "date_end": utc(end_local) if end_local else False,
            }
        )

    # -------------------------------------------------------------- export
    def _export(self, user=None, **values):
        values.setdefault("period_type", "month")
        values.setdefault("year", 2026)
        values.setdefault("month", "10")
        values.setdefault("company_id", self.facility.id)
        values.setdefault("source", "live")
        model = self.env["rehab.report.export.wizard"]
        if user:
            model = model.with_user(user)
        wizard = model.create(values)
        action = wizard.action_export()
        log = self.env["rehab.report.export.log"].search([], limit=1)
        self.assertEqual(
            action["url"], f"/web/content/{log.attachment_id.id}?download=true"
        )
        book = openpyxl.load_workbook(io.BytesIO(log.attachment_id.raw))
        return book, log

    # ------------------------------------------------- independent counts
    def _expected(self, company, date_from, date_to):
        """The report's figures counted in Python from the records."""
        stays = self.env["rehab.stay"].search(
            [("company_id", "=", company.id), ("state", "!=", "intake")]
        )
        local = company.rehab_local_date

        def kind_on(stay, day):
            changes = stay.basis_change_ids.sorted(lambda c: (c.date, c.id))
            done = changes.filtered(lambda c: c.date <= day)
            if done:
                return done[-1].to_order_type_id.kind
            return (changes[:1].from_order_type_id or stay.order_type_id).kind

        def inside(stay, day):
            return stay.admission_date <= day and (
                not stay.release_date or stay.release_date > day
            )

        def presence(stay, day):
            for away in stay.absence_ids:
                if local(away.date_start) <= day and (
                    not away.date_end or local(away.date_end) > day
                ):
                    return "escaped" if away.kind == "escape" else "hospital"
            return "present"

        def band(birthdate, day):
            age = relativedelta(day, birthdate).years
            for limit, key in (
                (14, "lt14"),
                (16, "14_16"),
                (18, "16_18"),
                (30, "18_30"),
            ):
                if age < limit:
                    return key
            return "30p"

        occupancy, provinces, lines = {}, {}, {}

        def add(table, key, sub, count=1):
            table.setdefault(key, {}).setdefault(sub, 0)
            table[key][sub] += count

        before = date_from - timedelta(days=1)
        for stay in stays:
            resident = stay.resident_id
            if inside(stay, date_to):
                cell = occupancy.setdefault(kind_on(stay, date_to), {}).setdefault(
                    resident.sex, {}
                )
                for key in (
                    "total",
                    presence(stay, date_to),
                    band(resident.birthdate, date_to),
                    "kinh" if resident.is_kinh else "other",
                ):
                    cell[key] = cell.get(key, 0) + 1
                add(provinces, resident.province_id.name or "", resident.sex)
                add(lines, "closing", kind_on(stay, date_to))
            if inside(stay, before):
                add(lines, "opening", kind_on(stay, before))
            if date_from <= stay.admission_date <= date_to:
                changes = stay.basis_change_ids.sorted(lambda c: (c.date, c.id))
                kind = (changes[:1].from_order_type_id or stay.order_type_id).kind
                add(
                    lines,
                    "admission_relapse" if stay.is_relapse else "admission_first",
                    kind,
                )
            if stay.release_date and date_from <= stay.release_date <= date_to:
                add(
                    lines,
                    f"release_{stay.release_reason}",
                    kind_on(stay, stay.release_date),
                )
            for change in stay.basis_change_ids:
                if date_from <= change.date <= date_to:
                    add(lines, "conversion_in", change.to_order_type_id.kind)
                    add(lines, "conversion_out", change.from_order_type_id.kind)
            for away in stay.absence_ids:
                start = local(away.date_start)
                if date_from <= start <= date_to:
                    line = "escape" if away.kind == "escape" else "suspension"
                    add(lines, line, kind_on(stay, start))
                if away.date_end and date_from <= local(away.date_end) <= date_to:
                    line = "return" if away.kind == "escape" else "suspension_return"
                    add(lines, line, kind_on(stay, local(away.date_end)))
        return occupancy, provinces, lines

    # ------------------------------------------------------- read workbook
    @staticmethod
    def _find(ws, text, column=2, start=1):
        for row in range(start, ws.max_row + 1):
            if ws.cell(row, column).value == text:
                return row
        raise AssertionError(f"{text!r} not found in {ws.title}")

    def _occupancy_table(self, ws):
        """{(kind or 'total', sex or None): {column label: value}}."""
        head = self._find(ws, "Hình thức / giới tính")
        labels = {
            col: ws.cell(head + 1, col).value or ws.cell(head, col).value
            for col in range(3, ws.max_column + 1)
        }
        table, kind = {}, None
        for row in range(head + 2, ws.max_row + 1):
            first, label = ws.cell(row, 1).value, ws.cell(row, 2).value
            if label is None:
                break
            label = label.strip()
            if isinstance(first, int | float) and first:
                kind, sex = KINDS[int(first) - 1], None
            elif label == "TỔNG CỘNG":
                kind, sex = "total", None
            else:
                sex = {"Nam": "male", "Nữ": "female"}[label]
            table[(kind, sex)] = {
                labels[col]: ws.cell(row, col).value for col in labels if labels[col]
            }
        return table

    def _simple_table(self, ws, header_label, column=2, start=1, two_rows=False):
        """{row label: {column label: value}} of the table under a header."""
        head = self._find(ws, header_label, column, start)
        labels = {
            col: (two_rows and ws.cell(head + 1, col).value) or ws.cell(head, col).value
            for col in range(1, ws.max_column + 1)
        }
        table = {}
        for row in range(head + 1 + two_rows, ws.max_row + 1):
            label = ws.cell(row, column).value
            if label is None:
                break
            table[label.strip()] = {
                labels[col]: ws.cell(row, col).value for col in labels if labels[col]
            }
        return table, head

    def _movement_table(self, ws):
        table, __ = self._simple_table(ws, "Chỉ tiêu")
        for row in table.values():
            row.pop("STT", None)
        return table


@tagged("post_install", "-at_install")
class TestReportFigures(ReportCase):
    def test_occupancy_sheet_matches_records(self):
        book, __ = self._export()
        table = self._occupancy_table(book[xlsx.SHEETS["occupancy"]])
        occupancy, provinces, __ = self._expected(self.facility, OCT_1, OCT_31)
        columns = dict(xlsx.OCCUPANCY_COLUMNS)
        for kind in KINDS:
            for sex, __ in xlsx.SEXES:
                cell = occupancy.get(kind, {}).get(sex, {})
                for key, label in columns.items():
                    self.assertEqual(
                        table[(kind, sex)][label],
                        cell.get(key, 0),
                        f"{kind} {sex} {label}",
                    )
            for key, label in columns.items():
                self.assertEqual(
                    table[(kind, None)][label],
                    sum(
                        occupancy.get(kind, {}).get(s, {}).get(key, 0)
                        for s in ("male", "female")
                    ),
                )
        # The known data set, by hand.
        total = table[("total", None)]
        self.assertEqual(total["Tổng số"], 10)
        self.assertEqual(total["Có mặt"], 8)
        self.assertEqual(total[dict(xlsx.PRESENCES)["escaped"]], 1)  # C
        self.assertEqual(total[dict(xlsx.PRESENCES)["hospital"]], 1)  # N
        self.assertEqual(table[("total", "female")]["Tổng số"], 1)  # F
        self.assertEqual(table[("compulsory_adult", None)]["Tổng số"], 7)
        self.assertEqual(table[("pending", None)]["Tổng số"], 0)  # G converted
        self.assertEqual(table[("voluntary", None)]["Tổng số"], 0)  # H out on 31/10
        self.assertEqual(total[BAND_LABELS["lt14"]], 1)  # E2
        self.assertEqual(total[BAND_LABELS["14_16"]], 1)  # E
        self.assertEqual(total[BAND_LABELS["16_18"]], 1)  # T
        self.assertEqual(total[BAND_LABELS["18_30"]], 2)  # B, F
        self.assertEqual(total[BAND_LABELS["30p"]], 5)  # G turns 30 on 31/10
        self.assertEqual(total["Kinh"], 8)
        self.assertEqual(total["Dân tộc khác"], 2)

        province_table, __ = self._simple_table(
            book[xlsx.SHEETS["occupancy"]], "Tỉnh, thành phố"
        )
        for name, by_sex in provinces.items():
            row = province_table[name or "Chưa rõ nơi cư trú"]
            self.assertEqual(row["Nam"], by_sex.get("male", 0))
            self.assertEqual(row["Nữ"], by_sex.get("female", 0))
        self.assertEqual(province_table["Quảng Ninh"]["Tổng số"], 3)
        self.assertEqual(province_table["Chưa rõ nơi cư trú"]["Nam"], 4)
        self.assertEqual(province_table["TỔNG CỘNG"]["Tổng số"], 10)

    def test_movement_sheet_matches_records_and_identity(self):
        book, __ = self._export()
        table = self._movement_table(book[xlsx.SHEETS["movements"]])
        __, __, lines = self._expected(self.facility, OCT_1, OCT_31)
        labels = dict(
            [("opening", "Số học viên đầu kỳ"), ("closing", "Số học viên cuối kỳ")]
            + xlsx.INCREASES
            + xlsx.DECREASES
        )
        for line, label in labels.items():
            for kind in KINDS:
                self.assertEqual(
                    table[label][KIND_LABELS[kind]],
                    lines.get(line, {}).get(kind, 0),
                    f"{label} / {kind}",
                )
            self.assertEqual(table[label]["Tổng số"], sum(lines.get(line, {}).values()))
        internal, __ = self._simple_table(
            book[xlsx.SHEETS["movements"]],
            "Chỉ tiêu",
            start=self._find(book[xlsx.SHEETS["movements"]], "Chỉ tiêu") + 1,
        )
        for line, label in xlsx.INTERNAL:
            self.assertEqual(
                internal[label]["Tổng số"], sum(lines.get(line, {}).values()), label
            )
        # opening + in - out = closing, per order and in total.
        for column in [*KIND_LABELS.values(), "Tổng số"]:
            self.assertEqual(
                table["Số học viên đầu kỳ"][column]
                + table["Tăng trong kỳ"][column]
                - table["Giảm trong kỳ"][column],
                table["Số học viên cuối kỳ"][column],
                column,
            )
        self.assertEqual(table["Số học viên đầu kỳ"]["Tổng số"], 6)
        self.assertEqual(table["Tiếp nhận mới: lần đầu"]["Tổng số"], 6)
        self.assertEqual(table["Tiếp nhận mới: tái nghiện"]["Tổng số"], 1)  # D
        self.assertEqual(table["Giảm trong kỳ"]["Tổng số"] - 1, 3)  # + G's change
        self.assertEqual(table["Số học viên cuối kỳ"]["Tổng số"], 10)
        self.assertEqual(internal["Bỏ trốn"]["Tổng số"], 2)  # B (01/10 local), C
        self.assertEqual(internal["Trở lại sau khi bỏ trốn"]["Tổng số"], 1)  # B

    def test_release_on_last_day_is_out_of_closing(self):
        book, __ = self._export()
        table = self._movement_table(book[xlsx.SHEETS["movements"]])
        court = dict(xlsx.RELEASE_REASONS)["court"]
        self.assertEqual(table[court][KIND_LABELS["voluntary"]], 1)  # H, 31/10
        self.assertEqual(table["Số học viên đầu kỳ"][KIND_LABELS["voluntary"]], 1)
        self.assertEqual(table["Số học viên cuối kỳ"][KIND_LABELS["voluntary"]], 0)
        self.assertEqual(table[dict(xlsx.RELEASE_REASONS)["death"]]["Tổng số"], 1)
        self.assertEqual(table[dict(xlsx.RELEASE_REASONS)["transfer"]]["Tổng số"], 1)
        # M, released on 30/09, is neither in the opening nor a release.
        self.assertEqual(table[dict(xlsx.RELEASE_REASONS)["completed"]]["Tổng số"], 0)

    def test_pending_stay_made_compulsory_is_one_admission(self):
        book, __ = self._export()
        table = self._movement_table(book[xlsx.SHEETS["movements"]])
        pending, compulsory = KIND_LABELS["pending"], KIND_LABELS["compulsory_adult"]
        self.assertEqual(table["Tiếp nhận mới: lần đầu"][pending], 1)
        self.assertEqual(table["Tiếp nhận mới: lần đầu"]["Tổng số"], 6)
        conversion_in, conversion_out = xlsx.INCREASES[2][1], xlsx.DECREASES[-1][1]
        self.assertEqual(table[conversion_in][compulsory], 1)
        self.assertEqual(table[conversion_out][pending], 1)
        self.assertEqual(
            table[conversion_in]["Tổng số"], table[conversion_out]["Tổng số"]
        )
        self.assertEqual(table["Số học viên cuối kỳ"][pending], 0)
        # In November's report the stay is compulsory from the start.
        book, __ = self._export(
            period_type="custom",
            date_from=date(2026, 11, 1),
            date_to=date(2026, 11, 25),
        )
        table = self._movement_table(book[xlsx.SHEETS["movements"]])
        self.assertEqual(table["Số học viên đầu kỳ"][compulsory], 7)
        self.assertEqual(table["Tiếp nhận mới: lần đầu"][pending], 0)

    def test_escapee_keeps_counting_and_local_day_decides(self):
        """B left at 03:00 on 01/10 (20:00 UTC on 30/09): an October escape."""
        book, __ = self._export(month="9")
        table = self._movement_table(book[xlsx.SHEETS["movements"]])
        internal_start = self._find(book[xlsx.SHEETS["movements"]], "Chỉ tiêu") + 1
        internal, __ = self._simple_table(
            book[xlsx.SHEETS["movements"]], "Chỉ tiêu", start=internal_start
        )
        self.assertEqual(internal["Bỏ trốn"]["Tổng số"], 0)
        occupancy = self._occupancy_table(book[xlsx.SHEETS["occupancy"]])
        self.assertEqual(occupancy[("total", None)][dict(xlsx.PRESENCES)["escaped"]], 0)
        self.assertEqual(table["Số học viên cuối kỳ"]["Tổng số"], 6)
        # At the end of October C (escaped 20/10) is counted, as absent.
        book, __ = self._export()
        occupancy = self._occupancy_table(book[xlsx.SHEETS["occupancy"]])
        self.assertEqual(
            occupancy[("compulsory_adult", "male")][dict(xlsx.PRESENCES)["escaped"]], 1
        )

    def test_incident_sheet(self):
        book, __ = self._export()
        table, __ = self._simple_table(
            book[xlsx.SHEETS["incidents"]], "Loại sự cố", two_rows=True
        )
        # Names as the authority reads them: in Vietnamese.
        vietnamese = self.env(context={"lang": "vi_VN"})
        fight = vietnamese.ref("rehab_facility.incident_type_fight")
        contraband = vietnamese.ref("rehab_facility.incident_type_contraband")
        escape = vietnamese.ref("rehab_facility.incident_type_escape")
        self.assertNotEqual(fight.name, "Fight or violence")
        severities = dict(xlsx.SEVERITIES)
        # The duplicate, the other facility's and the 02:00 01/11 one are out.
        self.assertEqual(table[fight.name][severities["medium"]], 1)
        self.assertEqual(table[fight.name][severities["low"]], 0)
        self.assertEqual(table[fight.name][severities["critical"]], 0)
        self.assertEqual(table[contraband.name][severities["high"]], 1)
        self.assertEqual(table[escape.name][severities["high"]], 1)
        self.assertEqual(table["TỔNG CỘNG"]["Tổng số"], 3)

    def test_beds_sheet_matches_roll_count_today(self):
        book, __ = self._export(
            period_type="custom",
            date_from=date(2026, 11, 1),
            date_to=date(2026, 11, 25),
        )
        table, __ = self._simple_table(book[xlsx.SHEETS["beds"]], "Khu", column=3)
        counts = self.env["rehab.bed"]._roll_count(
            [("company_id", "=", self.facility.id)]
        )
        areas = self.env["rehab.area"].search([("company_id", "=", self.facility.id)])
        for area in areas:
            row, roll = table[area.name], counts[area.id]
            self.assertEqual(row["Số giường"], roll["capacity"])
            self.assertEqual(row["Đang sử dụng"], roll["present"] + roll["absent"])
            self.assertEqual(row["Còn trống"], roll["free"])
            self.assertAlmostEqual(
                row["Tỷ lệ sử dụng"],
                (roll["present"] + roll["absent"]) / roll["capacity"],
            )
        total = table[""]  # the total line: "TỔNG CỘNG" in the facility column
        self.assertEqual(total["Cơ sở"], "TỔNG CỘNG")
        self.assertEqual(
            total["Số giường"], sum(r["capacity"] for r in counts.values())
        )

    def test_beds_at_a_past_period_end_follow_bed_history(self):
        book, __ = self._export()
        table, __ = self._simple_table(book[xlsx.SHEETS["beds"]], "Khu", column=3)
        end = datetime(2026, 10, 31, 17)  # midnight 01/11 local, in UTC
        for area in self.env["rehab.area"].search(
            [("company_id", "=", self.facility.id)]
        ):
            occupied = self.env["rehab.bed.assignment"].search_count(
                [
                    ("bed_id.area_id", "=", area.id),
                    ("date_from", "<", end),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", end),
                ]
            )
            self.assertEqual(table[area.name]["Đang sử dụng"], occupied, area.name)

    def test_workbook_layout_and_header(self):
        book, log = self._export(user=self.manager_user)
        self.assertEqual(log.filename, "BaoCao_TestFacility_2026-10.xlsx")
        self.assertEqual(
            book.sheetnames[:3],
            [xlsx.SHEETS["occupancy"], xlsx.SHEETS["movements"], xlsx.SHEETS["beds"]],
        )
        for ws in book.worksheets:
            self.assertEqual(ws.page_setup.orientation, "landscape", ws.title)
            self.assertEqual(str(ws.page_setup.paperSize), "9", ws.title)
            self.assertTrue(ws.freeze_panes, ws.title)
            self.assertTrue(ws.print_title_rows, ws.title)
            self.assertEqual(ws["A1"].value, "TEST FACILITY")
            texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
            self.assertIn(
                "Kỳ báo cáo: Tháng 10/2026 (từ ngày 01/10/2026 đến ngày 31/10/2026)",
                texts,
            )
            self.assertIn(f"Kính gửi: {log.recipient}", texts)
            self.assertIn(self.manager_user.name, texts)  # prepared by
            self.assertIn("Giám Đốc Test", texts)  # approved by
            self.assertTrue(
                any(t.startswith("Hạ Long, ngày 25 tháng 11") for t in texts)
            )
            self.assertTrue(any("số liệu hiện tại" in t for t in texts))

    def test_export_is_logged_and_kept(self):
        __, log = self._export(user=self.auditor_user, include_annex=True)
        self.assertEqual(log.user_id, self.auditor_user)
        self.assertEqual(log.facility_ids, self.facility)
        self.assertEqual((log.date_from, log.date_to), (OCT_1, OCT_31))
        self.assertEqual(log.period_label, "Tháng 10/2026")
        self.assertEqual(log.source, "live")
        self.assertTrue(log.include_annex)
        self.assertEqual(log.attachment_id.res_id, log.id)
        self.assertNotIn("annex", log.figures)
        log.with_user(self.auditor_user).check_access("read")
        self.assertEqual(
            log.with_user(self.auditor_user).action_download()["url"][:13],
            "/web/content/",
        )

    def test_only_managers_and_auditors(self):
        for user in (
            self.intake_user,
            self.security_user,
            self.medical_user,
            self.instructor_user,
        ):
            with self.assertRaises(AccessError):
                self.env["rehab.report.export.wizard"].with_user(user).create(
                    {"period_type": "month", "year": 2026, "month": "10"}
                )
        __, log = self._export(user=self.manager_user)
        with self.assertRaises(AccessError):
            log.with_user(self.intake_user).check_access("read")
        with self.assertRaises(AccessError):
            self.env["rehab.occupancy.snapshot"].with_user(self.intake_user).search([])
        # Someone else's facility cannot be reported on.
        with self.assertRaises(AccessError):
            self._export(user=self.manager_user, company_id=self.other_facility.id)

    def test_no_medical_data_and_minimal_annex(self):
        self.res_a.sudo().write({"hiv_status": "positive", "medical_notes": "ARV 2024"})
        book, __ = self._export(include_annex=True)
        texts = [
            str(cell.value).lower()
            for ws in book.worksheets
            for row in ws.iter_rows()
            for cell in row
            if cell.value is not None
        ]
        for word in ("hiv", "positive", "dương tính", "arv", "xét nghiệm", "viêm gan"):
            self.assertFalse([t for t in texts if word in t], word)
        ws = book[xlsx.SHEETS["annex"]]
        head = self._find(ws, "Họ và tên")
        self.assertEqual(
            [ws.cell(head, col).value for col in range(1, ws.max_column + 1)],
            [
                "STT",
                "Họ và tên",
                "Năm sinh",
                "Giới tính",
                "Hình thức",
                "Ngày vào",
                "Ngày ra",
            ],
        )
        annex, __ = self._simple_table(ws, "Họ và tên")
        expected = {
            "A Nguyễn",
            "B Hoàng",
            "C Trần",
            "D Lê",
            "E Phạm",
            "E2 Vũ",
            "G Đặng",
            "H Bùi",
            "I Đỗ",
            "J Hồ",
            "F Ngô",
            "N Đinh",
            "T Tạ",
        }  # not K (intake), Z (archived), L (November), M (out 30/09), O
        self.assertEqual(set(annex), expected)
        row = self._find(ws, "H Bùi")
        self.assertEqual(
            [ws.cell(row, col).value for col in range(3, 8)],
            [1980, "Nam", KIND_LABELS["voluntary"], "05/09/2026", "31/10/2026"],
        )

    def test_inconsistent_dates_refused_with_the_stays(self):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE rehab_stay SET state = 'released' WHERE id = %s", [self.stay_a.id]
        )
        self.env.invalidate_all()
        with self.assertRefused(UserError, r"inconsistent dates(.|\n)*A Nguyễn"):
            self._export()
        self.assertFalse(self.env["rehab.report.export.log"].search([]))

    def test_identity_failure_refused_naming_the_stay(self):
        """A conversion dated before the admission breaks opening + in - out."""
        serial = cccd("male", date(1987, 7, 7), "777001")
        resident = self.env["rehab.resident"].create(
            {
                "name": "P Quách",
                "sex": "male",
                "birthdate": date(1987, 7, 7),
                "citizen_id": serial,
            }
        )
        bed = self._beds(self.area_temporary_m, 1, "R-p")[0]
        stay = self._admit(resident, date(2026, 10, 10), bed, kind="pending", term=0)
        types = self.env["rehab.order.type"]
        self.env["rehab.stay.basis.change"].create(
            {
                "stay_id": stay.id,
                "date": date(2026, 9, 20),
                "from_order_type_id": stay.order_type_id.id,
                "to_order_type_id": types._find_for_date(
                    "compulsory_adult", date(2026, 9, 20)
                ).id,
            }
        )
        with self.assertRefused(UserError, r"do not add up(.|\n)*P Quách"):
            self._export()

    def test_period_must_have_ended(self):
        with self.assertRefused(UserError, "after today"):
            self._export(month="12")
        with self.assertRefused(UserError, "ends before it starts"):
            self._export(period_type="custom", date_from=OCT_31, date_to=OCT_1)

    def test_all_facilities(self):
        env = self.env(
            context=dict(
                self.env.context,
                allowed_company_ids=[self.facility.id, self.other_facility.id],
            )
        )
        wizard = env["rehab.report.export.wizard"].create(
            {"period_type": "month", "year": 2026, "month": "10", "source": "live"}
        )
        wizard.action_export()
        log = env["rehab.report.export.log"].search([], limit=1)
        figures = log.figures
        self.assertEqual(log.filename, "BaoCao_TatCaCoSo_2026-10.xlsx")
        self.assertEqual(
            figures["movements"]["lines"]["closing"]["compulsory_adult"], 8
        )
        facilities = {
            row["facility"]: row for row in figures["movements"]["facilities"]
        }
        self.assertEqual(facilities["Other Facility"]["closing"], 1)
        self.assertEqual(facilities["Test Facility"]["closing"], 10)
        self.assertIn("Các cơ sở:", figures["meta"]["facility_label"])
        self.assertEqual(len(log.facility_ids), 2)
        # A manager of one facility does not see that export.
        self.assertFalse(
            self.env["rehab.report.export.log"]
            .with_user(self.manager_user)
            .search([("id", "=", log.id)])
        )

    def test_wizard_periods_and_names(self):
        form = Form(self.env["rehab.report.export.wizard"].with_user(self.manager_user))
        self.assertEqual((form.date_from, form.date_to), (OCT_1, OCT_31))  # last month
        form.period_type = "quarter"
        form.year = 2026
        form.quarter = "3"
        self.assertEqual(
            (form.date_from, form.date_to), (date(2026, 7, 1), date(2026, 9, 30))
        )
        form.period_type = "half"
        form.half = "1"
        self.assertEqual(
            (form.date_from, form.date_to), (date(2026, 1, 1), date(2026, 6, 30))
        )
        form.period_type = "year"
        form.year = 2025
        self.assertEqual(
            (form.date_from, form.date_to), (date(2025, 1, 1), date(2025, 12, 31))
        )
        self.assertEqual(
            xlsx.period_label("quarter", date(2026, 7, 1), date(2026, 9, 30)),
            "Quý III năm 2026",
        )
        self.assertEqual(
            xlsx.period_label("half", date(2026, 7, 1), date(2026, 12, 31)),
            "6 tháng cuối năm 2026",
        )
        self.assertEqual(
            xlsx.report_filename(
                "Cơ sở cai nghiện Đồng Nai & Co",
                "quarter",
                date(2026, 7, 1),
                date(2026, 9, 30),
            ),
            "BaoCao_CoSoCaiNghienDongNaiCo_2026-Q3.xlsx",
        )
        self.assertEqual(
            xlsx.report_filename(
                "Cơ sở", "custom", date(2026, 3, 1), date(2026, 3, 15)
            ),
            "BaoCao_CoSo_20260301-20260315.xlsx",
        )

    def test_dashboard_tiles(self):
        dashboard = self.env["rehab.dashboard"].with_user(self.auditor_user).create({})
        occupancy, __, __ = self._expected(
            self.facility, date(2026, 11, 25), date(2026, 11, 25)
        )
        cells = [cell for by_sex in occupancy.values() for cell in by_sex.values()]
        self.assertEqual(dashboard.in_facility_count, sum(c["total"] for c in cells))
        self.assertEqual(dashboard.in_facility_count, 11)  # + L, - H, I, J
        self.assertEqual(dashboard.hospital_count, 1)  # N
        self.assertEqual(dashboard.escaped_count, 0)  # C came back on 10/11
        self.assertEqual(dashboard.admissions_month_count, 1)  # L
        self.assertEqual(dashboard.incidents_month_count, 1)  # 02:00 on 01/11
        self.assertIn(self.area_compulsory_m.name, dashboard.area_table)
        roll = self.env["rehab.bed"]._roll_count(
            [("company_id", "=", self.facility.id)]
        )
        self.assertEqual(
            dashboard.bed_capacity, sum(r["capacity"] for r in roll.values())
        )
        self.assertEqual(dashboard.bed_free, sum(r["free"] for r in roll.values()))
        Stay = self.env["rehab.stay"]
        action = dashboard.action_open_in_facility()
        self.assertEqual(Stay.search_count(action["domain"]), 11)
        action = dashboard.action_open_releases_due()
        self.assertEqual(
            Stay.search_count(action["domain"]), dashboard.releases_due_count
        )
        due = Stay.search(
            [
                ("company_id", "=", self.facility.id),
                ("state", "in", ("in_rehab", "absent", "suspended")),
                ("expected_release_date", ">=", date(2026, 11, 25)),
                ("expected_release_date", "<=", date(2026, 12, 25)),
            ]
        )
        self.assertEqual(dashboard.releases_due_count, len(due))
        action = dashboard.action_open_incidents_month()
        self.assertEqual(
            self.env["rehab.incident"].search_count(action["domain"]),
            dashboard.incidents_month_count,
        )
        self.assertEqual(
            dashboard.action_open_export()["res_model"], "rehab.report.export.wizard"
        )
        self.assertEqual(
            dashboard.action_open_history()["res_model"], "rehab.occupancy.snapshot"
        )
        with self.assertRaises(AccessError):
            self.env["rehab.dashboard"].with_user(self.intake_user).create({})

    def test_recipient_is_remembered_per_facility(self):
        self._export(user=self.manager_user, recipient="Công an tỉnh Quảng Ninh (PC04)")
        wizard = (
            self.env["rehab.report.export.wizard"]
            .with_user(self.manager_user)
            .create({"company_id": self.facility.id})
        )
        self.assertEqual(wizard.recipient, "Công an tỉnh Quảng Ninh (PC04)")
        self.assertEqual(
            self.facility.rehab_report_recipient, "Công an tỉnh Quảng Ninh (PC04)"
        )
        other = self.env["rehab.report.export.wizard"].create({"company_id": False})
        self.assertEqual(
            other.recipient,
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("rehab_facility.report_recipient"),
        )


@tagged("post_install", "-at_install")
class TestReportHistory(ReportCase):
    def _snapshot(self, first, last):
        Snapshot = self.env["rehab.occupancy.snapshot"]
        day = first
        while day <= last:
            Snapshot._record_day(self.facility.ids, day)
            day += timedelta(days=1)

    def test_recorded_figures_equal_live_ones(self):
        self._snapshot(date(2026, 9, 30), OCT_31)
        live, __ = self._export(source="live")
        recorded, log = self._export(source="snapshot")
        self.assertEqual(log.source, "snapshot")
        self.assertEqual(
            self._occupancy_table(live[xlsx.SHEETS["occupancy"]]),
            self._occupancy_table(recorded[xlsx.SHEETS["occupancy"]]),
        )
        live_moves = self._movement_table(live[xlsx.SHEETS["movements"]])
        recorded_moves = self._movement_table(recorded[xlsx.SHEETS["movements"]])
        for label, row in live_moves.items():
            if label in recorded_moves:
                self.assertEqual(row, recorded_moves[label], label)
        corrections = recorded_moves[
            "Điều chỉnh do cập nhật muộn hoặc sửa số liệu ngày trước (+/-)"
        ]
        self.assertEqual(corrections["Tổng số"], 0)
        ws = recorded[xlsx.SHEETS["differences"]]
        self.assertTrue(self._find(ws, "Không có chênh lệch.", column=1))
        texts = [
            str(c.value)
            for row in recorded[xlsx.SHEETS["occupancy"]].iter_rows()
            for c in row
            if c.value
        ]
        self.assertTrue(any("số liệu ghi nhận hằng ngày (chốt lúc" in t for t in texts))

    def test_report_as_sent_after_later_corrections(self):
        self._snapshot(date(2026, 10, 28), OCT_31)
        period = {
            "period_type": "custom",
            "date_from": date(2026, 10, 29),
            "date_to": OCT_31,
        }
        # Corrections after the figures were sent: T's stay withdrawn, A's
        # ethnicity corrected.
        self.stay_t.active = False
        self.res_a.ethnicity = "Tày"
        recorded, __ = self._export(source="snapshot", **period)
        occupancy = self._occupancy_table(recorded[xlsx.SHEETS["occupancy"]])
        self.assertEqual(occupancy[("temporary", None)]["Tổng số"], 1)  # as sent
        self.assertEqual(occupancy[("total", None)]["Kinh"], 8)
        live, __ = self._export(source="live", **period)
        occupancy = self._occupancy_table(live[xlsx.SHEETS["occupancy"]])
        self.assertEqual(occupancy[("temporary", None)]["Tổng số"], 0)
        self.assertEqual(occupancy[("total", None)]["Kinh"], 6)
        for book in (recorded, live):
            ws = book[xlsx.SHEETS["differences"]]
            head = self._find(ws, "Chỉ tiêu", column=3)
            rows = {
                (ws.cell(r, 2).value, ws.cell(r, 3).value, ws.cell(r, 4).value): (
                    ws.cell(r, 5).value,
                    ws.cell(r, 6).value,
                    ws.cell(r, 7).value,
                )
                for r in range(head + 1, ws.max_row + 1)
                if ws.cell(r, 3).value
            }
            temporary = f"{KIND_LABELS['temporary']} - Nam"
            self.assertEqual(
                rows[(xlsx.SHEETS["occupancy"], temporary, "Tổng số")], (1, 0, -1)
            )
            self.assertEqual(
                rows[
                    (
                        xlsx.SHEETS["movements"],
                        "Số học viên cuối kỳ",
                        KIND_LABELS["temporary"],
                    )
                ],
                (1, 0, -1),
            )
            self.assertEqual(
                rows[
                    (
                        xlsx.SHEETS["movements"],
                        "Tiếp nhận mới: lần đầu",
                        KIND_LABELS["temporary"],
                    )
                ],
                (1, 0, -1),
            )
            adults = f"{KIND_LABELS['compulsory_adult']} - Nam"
            self.assertEqual(
                rows[(xlsx.SHEETS["occupancy"], adults, "Kinh")], (5, 4, -1)
            )
            self.assertEqual(
                rows[(xlsx.SHEETS["occupancy"], adults, "Dân tộc khác")], (1, 2, 1)
            )

    def test_later_recording_keeps_the_identity_with_a_correction_line(self):
        self._snapshot(date(2026, 10, 28), OCT_31)
        self.stay_t.active = False  # withdrawn after 31/10 was recorded
        self._snapshot(date(2026, 11, 1), date(2026, 11, 1))
        book, __ = self._export(
            source="snapshot",
            period_type="custom",
            date_from=date(2026, 10, 29),
            date_to=date(2026, 11, 1),
        )
        table = self._movement_table(book[xlsx.SHEETS["movements"]])
        temporary = KIND_LABELS["temporary"]
        correction = table[
            "Điều chỉnh do cập nhật muộn hoặc sửa số liệu ngày trước (+/-)"
        ]
        self.assertEqual(correction[temporary], -1)
        self.assertEqual(
            table["Tiếp nhận mới: lần đầu"][temporary], 1
        )  # recorded on 29/10
        self.assertEqual(table["Số học viên cuối kỳ"][temporary], 0)
        for column in [*KIND_LABELS.values(), "Tổng số"]:
            self.assertEqual(
                table["Số học viên đầu kỳ"][column]
                + table["Tăng trong kỳ"][column]
                - table["Giảm trong kỳ"][column]
                + correction[column],
                table["Số học viên cuối kỳ"][column],
            )

    def test_snapshot_source_needs_every_day(self):
        self._snapshot(date(2026, 10, 1), OCT_31)  # 30/09 missing
        with self.assertRefused(
            UserError, r"1 day\(s\) were not recorded \(first: 30/09/2026"
        ):
            self._export(source="snapshot")
        __, log = self._export(source="auto")
        self.assertEqual(log.source, "live")

    def test_daily_job_records_each_day_once_and_catches_up(self):
        Snapshot = self.env["rehab.occupancy.snapshot"]
        Snapshot._cron_snapshot()
        days = Snapshot.search([("company_id", "=", self.facility.id)]).mapped("date")
        self.assertEqual(set(days), {date(2026, 11, 24)})
        count = Snapshot.search_count([])
        Snapshot._cron_snapshot()
        self.assertEqual(Snapshot.search_count([]), count)
        with freeze_time("2026-11-28 05:00:00"):
            Snapshot._cron_snapshot()
        days = Snapshot.search([("company_id", "=", self.facility.id)]).mapped("date")
        self.assertEqual(set(days), {date(2026, 11, d) for d in (24, 25, 26, 27)})
        population = Snapshot._read_group(
            [
                ("company_id", "=", self.facility.id),
                ("date", "=", date(2026, 11, 24)),
                ("line_type", "=", "population"),
            ],
            [],
            ["resident_count:sum"],
        )[0][0]
        occupancy, __, __ = self._expected(
            self.facility, date(2026, 11, 24), date(2026, 11, 24)
        )
        self.assertEqual(
            population,
            sum(c["total"] for by_sex in occupancy.values() for c in by_sex.values()),
        )
        # The figures can be read as a pivot by the auditor.
        groups = Snapshot.with_user(self.auditor_user).read_group(
            [("line_type", "=", "population")], ["resident_count:sum"], ["order_kind"]
        )
        self.assertTrue(groups)


@tagged("post_install", "-at_install")
class ScaleCase(RehabCase):
    """A facility with ``stays`` stays of a known shape."""

    def _facility_with(self, stays, tag):
        company = self.env["res.company"].create({"name": f"Scale {tag}"})
        area = self._area(f"Area {tag}", "compulsory", "male", company=company)
        self._beds(area, 2)
        residents = self.env["rehab.resident"].create(
            [
                {
                    "name": f"R {tag} {i}",
                    "sex": "male" if i % 3 else "female",
                    "birthdate": date(1970 + i % 30, 1 + i % 12, 1),
                    "company_id": company.id,
                }
                for i in range(stays)
            ]
        )
        created = self.env["rehab.stay"].create(
            [
                {
                    "resident_id": resident.id,
                    "company_id": company.id,
                    "order_kind": "voluntary",
                    "admission_date": date(2026, 9, 1) + timedelta(days=i % 40),
                    "term_months": 6,
                }
                for i, resident in enumerate(residents)
            ]
        )
        created.sudo().write({"state": "in_rehab"})
        for i, stay in enumerate(created):
            if i % 5 == 0:
                stay._release(date(2026, 10, 20), "completed")
            elif i % 7 == 0:
                self.env["rehab.stay.absence"].create(
                    {
                        "stay_id": stay.id,
                        "kind": "escape",
                        "date_start": datetime(2026, 10, 15),
                    }
                )
        self.env["rehab.incident"].create(
            [
                {
                    "type_id": self.env.ref("rehab_facility.incident_type_fight").id,
                    "date": datetime(2026, 10, 2),
                    "description": "x",
                    "company_id": company.id,
                }
                for __ in range(stays // 10)
            ]
        )
        return company


@tagged("post_install", "-at_install")
class TestReportScale(ScaleCase):
    """The number of queries does not depend on the number of stays."""

    def _queries(self, company):
        env = self.env(context=dict(self.env.context, allowed_company_ids=[company.id]))
        wizard = env["rehab.report.export.wizard"].create(
            {
                "period_type": "month",
                "year": 2026,
                "month": "10",
                "source": "auto",
                "include_annex": True,
            }
        )
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        params = {
            "period_type": wizard.period_type,
            "date_from": wizard.date_from,
            "date_to": wizard.date_to,
            "source": wizard.source,
            "recipient": wizard.recipient,
            "include_annex": wizard.include_annex,
        }
        figures = wizard.env["rehab.occupancy.report"].report_figures(
            wizard._companies(), params
        )
        wizard.env["report.rehab_facility.occupancy_xlsx"].create_xlsx(figures)
        return self.env.cr.sql_log_count - start, figures

    def test_query_count_does_not_grow_with_stays(self):
        small = self._facility_with(10, "S")
        large = self._facility_with(100, "L")
        self._queries(small)  # warm the caches (user's companies, languages)
        small_count, small_figures = self._queries(small)
        large_count, large_figures = self._queries(large)
        self.assertEqual(small_count, large_count)
        self.assertLess(small_count, 40)
        self.assertEqual(len(large_figures["annex"]), 100)
        self.assertEqual(
            sum(large_figures["movements"]["lines"]["closing"].values()), 80
        )
        self.assertEqual(
            sum(small_figures["movements"]["lines"]["closing"].values()), 8
        )
