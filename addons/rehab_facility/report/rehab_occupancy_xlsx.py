"""Workbook of the periodic occupancy report to the provincial authority.

A document for a Vietnamese authority (since 03/2025 the provincial police
drug division PC04, historically DOLISA): Vietnamese whoever exports it. Row
labels that are values of a field (order kinds, sexes, presence, age bands,
release reasons, severities) are the field's selection labels in Vietnamese
(``i18n/vi.po``, the one place they are worded); titles, column headers and
signature blocks are the form's fixed wording, kept here.

Same shape as OCA ``report_xlsx`` (``generate_xlsx_report(workbook, data,
objs)`` on a ``report.<module>.<name>`` model), written by hand: the wheel
installs without its ``odoo`` dependency only, and the image would need it
too for one workbook. ``_sheets`` is the extension hook: rehab_vocational
adds its sheet for its figures block.

No sheet carries per-person medical data: counts only; the optional annex
lists name, birth year, sex, order kind and dates (DOMAIN §7).
"""

import io
import re

import xlsxwriter

from odoo import api, models

from ..models.rehab_report_period import vn_date
from .rehab_xlsx_sheet import TITLE, Sheet, workbook_formats

SHEET_NAMES = {
    "occupancy": "1. Hiện có",
    "movements": "2. Biến động",
    "beds": "3. Giường",
    "incidents": "5. Sự cố",
    "gate": "6. Thăm gặp, về phép",
    "facilities": "CS",  # + "1. <facility>", one sheet per facility
    "differences": "Chênh lệch",
    "annex": "Phụ lục danh sách",
}
ETHNICITIES = [("kinh", "Kinh"), ("other", "Dân tộc khác")]
INCREASES = [
    ("admission_first", "Tiếp nhận mới: lần đầu"),
    ("admission_relapse", "Tiếp nhận mới: tái nghiện"),
    ("conversion_in", "Chuyển đến từ hình thức khác (quyết định của Tòa án)"),
]
CONVERSION_OUT = (
    "conversion_out",
    "Chuyển sang hình thức khác (quyết định của Tòa án)",
)
INTERNAL = [
    ("escape", "Bỏ trốn"),
    ("return", "Trở lại sau khi bỏ trốn"),
    ("suspension", "Tạm đình chỉ để điều trị tại bệnh viện"),
    ("suspension_return", "Trở lại sau khi điều trị"),
]
BED_COLUMNS = [
    ("capacity", "Số giường"),
    ("occupied", "Đang sử dụng"),
    ("unavailable", "Không sử dụng được"),
    ("free", "Còn trống"),
]
UNKNOWN_PROVINCE = "Chưa rõ nơi cư trú"


class ReportOccupancyXlsx(models.AbstractModel):
    _name = "report.rehab_facility.occupancy_xlsx"
    _description = "Occupancy Report Workbook"

    # ---------------------------------------------------------------- labels
    @api.model
    def _labels_lang(self):
        return self.env["res.lang"]._get_code("vi_VN") or self.env.lang

    @api.model
    def _labels(self):
        """Vietnamese labels of the figures' keys, from the fields' selections."""
        env = self.with_context(lang=self._labels_lang()).env

        def selection(model, field):
            return env[model]._fields[field]._description_selection(env)

        kinds = selection("rehab.order.type", "kind")
        reasons = selection("rehab.stay", "release_reason")
        return {
            "kinds": kinds,
            "sexes": selection("rehab.resident", "sex"),
            "presences": selection("rehab.occupancy.snapshot", "presence"),
            "age_bands": selection("rehab.occupancy.snapshot", "age_band"),
            "severities": selection("rehab.incident", "severity"),
            "increases": INCREASES,
            "decreases": [(f"release_{key}", label) for key, label in reasons]
            + [CONVERSION_OUT],
            "internal": INTERNAL,
        }

    @api.model
    def _occupancy_columns(self, labels):
        return (
            [("total", "Tổng số")]
            + labels["presences"]
            + labels["age_bands"]
            + ETHNICITIES
        )

    # ---------------------------------------------------------------- sheets
    @api.model
    def _sheets(self):
        """``[(figures block, sheet name, writer method name)]`` in order.

        A sheet is written when its block is in the figures and not None.
        Modules insert theirs with ``super()``.
        """
        return [
            ("occupancy", SHEET_NAMES["occupancy"], "_write_occupancy"),
            ("movements", SHEET_NAMES["movements"], "_write_movements"),
            ("beds", SHEET_NAMES["beds"], "_write_beds"),
            ("incidents", SHEET_NAMES["incidents"], "_write_incidents"),
            ("gate", SHEET_NAMES["gate"], "_write_gate"),
            ("facilities", SHEET_NAMES["facilities"], "_write_facilities"),
            ("differences", SHEET_NAMES["differences"], "_write_differences"),
            ("annex", SHEET_NAMES["annex"], "_write_annex"),
        ]

    @api.model
    def generate_xlsx_report(self, workbook, data, objs):
        """Write every sheet of ``data`` (the figures) into ``workbook``."""
        meta = data["meta"]
        workbook.set_properties(
            {
                "title": f"{TITLE} - {meta['period_label']}",
                "subject": meta["facility_label"],
                "author": meta.get("prepared_by") or "",
                "company": meta["facility_label"],
            }
        )
        context = {
            "book": workbook,
            "formats": workbook_formats(workbook),
            "meta": meta,
            "labels": self._labels(),
        }
        for block, name, writer in self._sheets():
            if data.get(block) is not None:
                getattr(self, writer)(context, name, data[block])

    @api.model
    def create_xlsx(self, figures):
        """The .xlsx content (bytes) of ``figures``."""
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        self.generate_xlsx_report(workbook, figures, self.env["res.company"])
        workbook.close()
        return output.getvalue()

    @api.model
    def _sheet(self, context, name, subtitle, widths):
        return Sheet(
            context["book"], context["formats"], context["meta"], name, subtitle, widths
        )

    # ------------------------------------------------------------- sheet 1
    @api.model
    def _write_occupancy(self, context, name, occupancy):
        labels = context["labels"]
        columns = self._occupancy_columns(labels)
        sheet = self._sheet(
            context,
            name,
            "Biểu 1: Số học viên hiện có đến ngày cuối kỳ, theo hình thức cai nghiện, "
            "giới tính, tình trạng có mặt, độ tuổi, dân tộc và nơi cư trú",
            [6, 38] + [12] * len(columns),
        )
        sheet.table_header(
            [
                ("STT", 1),
                ("Hình thức / giới tính", 1),
                ("Tổng số", 1),
                ("Tình trạng", len(labels["presences"])),
                ("Độ tuổi (tính đến ngày cuối kỳ)", len(labels["age_bands"])),
                ("Dân tộc", len(ETHNICITIES)),
            ],
            ["STT", "Hình thức / giới tính"] + [label for __, label in columns],
            freeze=True,
        )
        keys = [key for key, __ in columns]
        sexes = labels["sexes"]
        totals = {sex: dict.fromkeys(keys, 0) for sex, __ in sexes}
        for index, (kind, label) in enumerate(labels["kinds"], start=1):
            cells = occupancy["by_kind_sex"].get(kind, {})
            kind_total = [
                sum(cells.get(sex, {}).get(k, 0) for sex, __ in sexes) for k in keys
            ]
            sheet.line([index, label, *kind_total], "cell_bold", "num_bold")
            for sex, sex_label in sexes:
                values = [cells.get(sex, {}).get(k, 0) for k in keys]
                for k, value in zip(keys, values, strict=True):
                    totals[sex][k] += value
                sheet.line(["", f"   {sex_label}", *values])
        grand = [sum(totals[sex][k] for sex, __ in sexes) for k in keys]
        sheet.line(["", "TỔNG CỘNG", *grand], "cell_bold", "num_bold")
        for sex, sex_label in sexes:
            sheet.line(["", f"   {sex_label}", *[totals[sex][k] for k in keys]])
        sheet.gap()
        self._write_provinces(sheet, occupancy["provinces"])
        sheet.signatures()

    @api.model
    def _write_provinces(self, sheet, provinces):
        sheet.caption("Nơi cư trú (tỉnh, thành phố) của học viên hiện có")
        sheet.table_header([], ["STT", "Tỉnh, thành phố", "Mã", "Nam", "Nữ", "Tổng số"])
        male = female = 0
        for index, row in enumerate(provinces, 1):
            sheet.line(
                [
                    index,
                    row["name"] or UNKNOWN_PROVINCE,
                    row["code"],
                    row["male"],
                    row["female"],
                    row["male"] + row["female"],
                ]
            )
            male += row["male"]
            female += row["female"]
        sheet.line(
            ["", "TỔNG CỘNG", "", male, female, male + female], "cell_bold", "num_bold"
        )

    # ------------------------------------------------------------- sheet 2
    @api.model
    def _write_movements(self, context, name, movements):
        sheet = self._sheet(
            context,
            name,
            "Biểu 2: Biến động học viên trong kỳ theo hình thức cai nghiện",
            [6, 52] + [16] * len(context["labels"]["kinds"]) + [12],
        )
        write = self._movement_table(sheet, context, movements["lines"])
        sheet.gap()
        sheet.caption("Biến động nội bộ (không làm thay đổi số học viên)")
        sheet.table_header([], self._movement_columns(context))
        for index, (key, label) in enumerate(context["labels"]["internal"], 1):
            write(str(index), label, [key])
        sheet.gap()
        self._write_facility_movements(sheet, movements["facilities"])
        sheet.signatures()

    @api.model
    def _movement_columns(self, context):
        kinds = context["labels"]["kinds"]
        return ["STT", "Chỉ tiêu"] + [label for __, label in kinds] + ["Tổng số"]

    @api.model
    def _movement_table(self, sheet, context, lines):
        """Opening, increases, decreases, (corrections,) closing and the
        identity check; returns the line writer for more lines."""
        labels, meta = context["labels"], context["meta"]
        kinds = [kind for kind, __ in labels["kinds"]]
        sheet.table_header([], self._movement_columns(context), freeze=True)

        def write(number, label, keys, bold=False):
            row = [
                sum(lines.get(key, {}).get(kind, 0) for key in keys) for kind in kinds
            ]
            sheet.line(
                [number, label, *row, sum(row)],
                "cell_bold" if bold else "cell",
                "num_bold" if bold else "num",
            )

        recorded = meta["source"] == "snapshot"
        write("1", "Số học viên đầu kỳ", ["opening"], bold=True)
        for number, title, entries in (
            ("2", "Tăng trong kỳ", labels["increases"]),
            ("3", "Giảm trong kỳ", labels["decreases"]),
        ):
            write(number, title, [key for key, __ in entries], bold=True)
            for index, (key, label) in enumerate(entries, 1):
                write(f"{number}.{index}", label, [key])
        if recorded:
            write(
                "4",
                "Điều chỉnh do cập nhật muộn hoặc sửa số liệu ngày trước (+/-)",
                ["correction"],
                bold=True,
            )
        write("5" if recorded else "4", "Số học viên cuối kỳ", ["closing"], bold=True)
        check = "Kiểm tra: đầu kỳ + tăng - giảm"
        check += (" + điều chỉnh" if recorded else "") + " = cuối kỳ: ĐÚNG"
        sheet.caption(check, "ok")
        sheet.caption(
            "Học viên đang bỏ trốn hoặc đang điều trị tại bệnh viện vẫn được tính "
            "trong số hiện có; học viên ra cơ sở vào ngày cuối kỳ không còn trong "
            "số cuối kỳ.",
            "note",
        )
        return write

    # ------------------------------------------------- one sheet per facility
    @api.model
    def _write_facilities(self, context, prefix, facilities):
        """A report on several facilities: one sheet per facility (its
        movements and its residents by order and sex), which add up to the
        total sheets (checked before writing: ``_per_facility``)."""
        labels = context["labels"]
        for index, facility in enumerate(facilities, 1):
            own = {
                **context,
                "meta": {**context["meta"], "facility_label": facility["facility"]},
            }
            name = re.sub(
                r"[\[\]:*?/\\]", " ", f"{prefix}{index}. {facility['facility']}"
            )
            sheet = self._sheet(
                own,
                name[:31],
                f"Biểu 2.{index}: Biến động học viên trong kỳ - {facility['facility']}",
                [6, 52] + [16] * len(labels["kinds"]) + [12],
            )
            self._movement_table(sheet, own, facility["movements"]["lines"])
            sheet.gap()
            sheet.caption("Học viên hiện có đến ngày cuối kỳ, theo giới tính")
            sexes = labels["sexes"]
            sheet.table_header(
                [], ["STT", "Hình thức"] + [label for __, label in sexes] + ["Tổng số"]
            )
            by_kind_sex = facility["occupancy"]["by_kind_sex"]
            for number, (kind, label) in enumerate(labels["kinds"], 1):
                counts = [
                    by_kind_sex.get(kind, {}).get(sex, {}).get("total", 0)
                    for sex, __ in sexes
                ]
                sheet.line([number, label, *counts, sum(counts)])
            sheet.caption("Tổng các cơ sở = số liệu toàn tỉnh (Biểu 1, 2): ĐÚNG", "ok")
            sheet.signatures()

    @api.model
    def _write_facility_movements(self, sheet, facilities):
        if not facilities:
            return
        columns = [
            ("facility", "Cơ sở"),
            ("opening", "Đầu kỳ"),
            ("admission", "Tiếp nhận"),
            ("conversion", "Chuyển hình thức (+/-)"),
            ("release", "Ra cơ sở"),
            ("correction", "Điều chỉnh (+/-)"),
            ("closing", "Cuối kỳ"),
        ]
        sheet.caption("Theo cơ sở")
        sheet.table_header([], ["STT"] + [label for __, label in columns])
        for index, row in enumerate(facilities, 1):
            sheet.line([index, *(row[key] for key, __ in columns)])

    # ------------------------------------------------------------- sheet 3
    @api.model
    def _write_beds(self, context, name, beds):
        formats = context["formats"]
        sheet = self._sheet(
            context,
            name,
            "Biểu 3: Giường theo khu, đến ngày cuối kỳ",
            [6, 30, 30, 12, 14, 16, 12, 14],
        )
        sheet.table_header(
            [],
            ["STT", "Cơ sở", "Khu"]
            + [label for __, label in BED_COLUMNS]
            + ["Tỷ lệ sử dụng"],
            freeze=True,
        )
        totals = dict.fromkeys((key for key, __ in BED_COLUMNS), 0)
        for index, row in enumerate(beds, 1):
            sheet.line(
                [index, row["facility"], row["area"]]
                + [row[key] for key, __ in BED_COLUMNS]
            )
            rate = row["occupied"] / row["capacity"] if row["capacity"] else 0
            sheet.ws.write_number(sheet.row - 1, 7, rate, formats["pct"])
            for key in totals:
                totals[key] += row[key]
        sheet.line(["", "TỔNG CỘNG", "", *totals.values()], "cell_bold", "num_bold")
        rate = totals["occupied"] / totals["capacity"] if totals["capacity"] else 0
        sheet.ws.write_number(sheet.row - 1, 7, rate, formats["pct_bold"])
        sheet.caption(
            "Số giường và giường không sử dụng được (đặt trước, hỏng, cách ly) theo "
            "hiện trạng giường; giường đang sử dụng theo lịch sử xếp giường đến hết "
            "ngày cuối kỳ.",
            "note",
        )
        sheet.signatures()

    # ------------------------------------------------------------- sheet 5
    @api.model
    def _write_incidents(self, context, name, incidents):
        severities = context["labels"]["severities"]
        sheet = self._sheet(
            context,
            name,
            "Biểu 5: Sự cố an ninh, trật tự trong kỳ theo loại và mức độ",
            [6, 40] + [13] * len(severities) + [12],
        )
        sheet.table_header(
            [
                ("STT", 1),
                ("Loại sự cố", 1),
                ("Mức độ", len(severities)),
                ("Tổng số", 1),
            ],
            ["STT", "Loại sự cố"] + [label for __, label in severities] + ["Tổng số"],
            freeze=True,
        )
        keys = [key for key, __ in severities]
        totals = dict.fromkeys(keys, 0)
        for index, row in enumerate(incidents, 1):
            counts = [row["by_severity"].get(key, 0) for key in keys]
            for key, value in zip(keys, counts, strict=True):
                totals[key] += value
            sheet.line([index, row["type"], *counts, sum(counts)])
        grand = list(totals.values())
        sheet.line(["", "TỔNG CỘNG", *grand, sum(grand)], "cell_bold", "num_bold")
        sheet.caption("Không tính sự cố đã đánh dấu trùng lặp hoặc đã lưu trữ.", "note")
        sheet.signatures()

    # ------------------------------------------------------------- sheet 6
    @api.model
    def _write_gate(self, context, name, gate):
        """Visits, items confiscated and funeral leave (Decree 116/2021 Art.
        69-70)."""
        env = self.with_context(lang=self._labels_lang()).env
        kinds = env["rehab.visit"]._fields["kind"]._description_selection(env)
        sheet = self._sheet(
            context,
            name,
            "Biểu 6: Thăm gặp, nhận quà và về phép chịu tang trong kỳ",
            [6, 60, 14, 4, 4],  # five columns: the two-sided heading needs them
        )
        sheet.table_header([], ["STT", "Chỉ tiêu", "Số lượng"], freeze=True)
        visits = gate["visits"]
        sheet.line([1, "Số lượt thăm gặp đã thực hiện", sum(visits.values())])
        for index, (kind, label) in enumerate(kinds, 1):
            sheet.line([f"1.{index}", f"   {label}", visits.get(kind, 0)])
        sheet.line([2, "Số lượt người thân đến thăm", gate["visitors"]])
        sheet.line([3, "Số đồ vật, quà bị tạm giữ", gate["items_confiscated"]])
        sheet.line([4, "   Trong đó: vật cấm", gate["contraband"]])
        sheet.line([5, "Số lượt về phép chịu tang", gate["leaves_departed"]])
        sheet.line(
            [6, "   Trong đó: trở lại quá hạn hoặc không trở lại", gate["leaves_late"]]
        )
        sheet.signatures()

    # --------------------------------------------------------- differences
    @api.model
    def _difference_labels(self, context, row):
        """``(sheet, line, column)`` labels of a difference's keys."""
        labels = context["labels"]
        kinds, sexes = dict(labels["kinds"]), dict(labels["sexes"])
        block, line, column = row["block"], row["line"], row["column"]
        if block == "occupancy" and line.startswith("province/"):
            return (
                SHEET_NAMES[block],
                line.split("/", 1)[1] or UNKNOWN_PROVINCE,
                sexes.get(column, column),
            )
        if block == "occupancy":
            kind, sex = line.split("/")
            columns = dict(self._occupancy_columns(labels))
            return (
                SHEET_NAMES[block],
                f"{kinds.get(kind)} - {sexes.get(sex)}",
                columns[column],
            )
        if block == "movements":
            lines = dict(
                [("opening", "Số học viên đầu kỳ"), ("closing", "Số học viên cuối kỳ")]
                + labels["increases"]
                + labels["decreases"]
                + labels["internal"]
            )
            return SHEET_NAMES[block], lines.get(line, line), kinds.get(column, column)
        return SHEET_NAMES[block], line, dict(BED_COLUMNS).get(column, column)

    @api.model
    def _write_differences(self, context, name, differences):
        sheet = self._sheet(
            context,
            name,
            "Chênh lệch giữa số liệu đã ghi nhận hằng ngày và số liệu hiện tại "
            "(sau cập nhật, điều chỉnh)",
            [6, 22, 52, 34, 14, 14, 12],
        )
        sheet.table_header(
            [],
            ["STT", "Biểu", "Chỉ tiêu", "Cột", "Đã ghi nhận", "Hiện tại", "Chênh lệch"],
            freeze=True,
        )
        if not differences:
            sheet.caption("Không có chênh lệch.", "note")
        for index, row in enumerate(differences, 1):
            labels = self._difference_labels(context, row)
            sheet.line([index, *labels, row["recorded"], row["current"]])
            sheet.ws.write_number(
                sheet.row - 1,
                6,
                row["current"] - row["recorded"],
                context["formats"]["signed"],
            )
        sheet.signatures()

    # --------------------------------------------------------------- annex
    @api.model
    def _write_annex(self, context, name, annex):
        labels = context["labels"]
        kinds, sexes = dict(labels["kinds"]), dict(labels["sexes"])
        sheet = self._sheet(
            context,
            name,
            "Phụ lục: Danh sách học viên có mặt tại cơ sở trong kỳ",
            [6, 34, 10, 10, 40, 14, 14],
        )
        sheet.table_header(
            [],
            [
                "STT",
                "Họ và tên",
                "Năm sinh",
                "Giới tính",
                "Hình thức",
                "Ngày vào",
                "Ngày ra",
            ],  # fmt: skip
            freeze=True,
        )
        for index, row in enumerate(annex, 1):
            sheet.line(
                [
                    index,
                    row["name"],
                    row["birth_year"],
                    sexes.get(row["sex"], ""),
                    kinds.get(row["order_kind"], row["order_kind"] or ""),
                    vn_date(row["admission"]),
                    vn_date(row["release"]),
                ]
            )
            if row["birth_year"]:
                sheet.ws.write_number(
                    sheet.row - 1, 2, row["birth_year"], context["formats"]["year"]
                )
        sheet.signatures()
