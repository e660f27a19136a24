"""Workbook of the periodic occupancy report to the provincial authority.

Pure functions over the figure dicts computed by
``rehab.occupancy.snapshot._assemble_figures`` and the export wizard: no
database access here, so the layout is testable on its own.

Language: the workbook is a document for a Vietnamese authority (since
2025 the provincial police drug division, historically DOLISA). Its title,
column headers, row labels and signature blocks are **Vietnamese by design**
and kept as literals in this module, not translated with the user's
language: whoever exports it, the authority receives the same wording.
Names coming from records (facilities, areas, provinces, incident types,
trades) are written as recorded.

No sheet carries per-person medical or HIV data: the figures are counts;
the optional annex lists only name, birth year, sex, order kind and the
admission and release dates (DOMAIN §7).
"""

import io
import re
import unicodedata
from calendar import monthrange
from datetime import date

import xlsxwriter

ORDER_KINDS = [
    ("voluntary", "Tự nguyện tại cơ sở"),
    ("compulsory_adult", "Bắt buộc (từ đủ 18 tuổi)"),
    ("compulsory_minor", "Bắt buộc (từ đủ 12 đến dưới 18 tuổi)"),
    ("pending", "Quản lý trong thời gian lập hồ sơ"),
    ("temporary", "Lưu trú tạm thời"),
]
SEXES = [("male", "Nam"), ("female", "Nữ")]
PRESENCES = [
    ("present", "Có mặt"),
    ("escaped", "Vắng: bỏ trốn"),
    ("hospital", "Vắng: điều trị tại bệnh viện"),
]
AGE_BANDS = [
    ("lt14", "Dưới 14"),
    ("14_16", "Từ 14 đến dưới 16"),
    ("16_18", "Từ 16 đến dưới 18"),
    ("18_30", "Từ 18 đến dưới 30"),
    ("30p", "Từ 30 trở lên"),
]
ETHNICITIES = [("kinh", "Kinh"), ("other", "Dân tộc khác")]
RELEASE_REASONS = [
    ("completed", "Chấp hành xong, hoàn thành thời hạn"),
    ("court", "Tòa án giảm thời hạn hoặc miễn chấp hành phần còn lại"),
    ("transfer", "Chuyển cơ sở khác"),
    ("hospital", "Chuyển viện, tạm đình chỉ"),
    ("death", "Chết"),
    ("escape", "Bỏ trốn không trở lại"),
]
INCREASES = [
    ("admission_first", "Tiếp nhận mới: lần đầu"),
    ("admission_relapse", "Tiếp nhận mới: tái nghiện"),
    ("conversion_in", "Chuyển đến từ hình thức khác (quyết định của Tòa án)"),
]
DECREASES = [(f"release_{key}", label) for key, label in RELEASE_REASONS] + [
    ("conversion_out", "Chuyển sang hình thức khác (quyết định của Tòa án)"),
]
INTERNAL = [
    ("escape", "Bỏ trốn"),
    ("return", "Trở lại sau khi bỏ trốn"),
    ("suspension", "Tạm đình chỉ để điều trị tại bệnh viện"),
    ("suspension_return", "Trở lại sau khi điều trị"),
]
SEVERITIES = [
    ("low", "Thấp"),
    ("medium", "Trung bình"),
    ("high", "Cao"),
    ("critical", "Nghiêm trọng"),
]
SOURCES = {
    "live": "số liệu hiện tại trên hệ thống (đã gồm mọi cập nhật, điều chỉnh)",
    "snapshot": "số liệu ghi nhận hằng ngày (chốt lúc %s), như đã báo cáo",
}
SHEETS = {
    "occupancy": "1. Hiện có",
    "movements": "2. Biến động",
    "beds": "3. Giường",
    "vocational": "4. Học nghề",
    "incidents": "5. Sự cố",
    "differences": "Chênh lệch",
    "annex": "Phụ lục danh sách",
}
TITLE = "BÁO CÁO TÌNH HÌNH TIẾP NHẬN, QUẢN LÝ HỌC VIÊN CAI NGHIỆN MA TÚY"
OCCUPANCY_COLUMNS = [("total", "Tổng số")] + PRESENCES + AGE_BANDS + ETHNICITIES


def vn_date(value):
    """``YYYY-MM-DD`` (or a date) as dd/mm/yyyy."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")


def kind_label(kind):
    return dict(ORDER_KINDS).get(kind, kind or "")


# ----------------------------------------------------------------- periods
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_bounds(period_type, year, number=1):
    """First and last day of a month, quarter, half-year (``number``) or year."""
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[period_type]
    first_month = (number - 1) * months + 1 if period_type != "year" else 1
    last_month = first_month + months - 1
    return (
        date(year, first_month, 1),
        date(year, last_month, monthrange(year, last_month)[1]),
    )


def period_label(period_type, date_from, date_to):
    """Vietnamese name of the period, as written on the report."""
    year = date_from.year
    if period_type == "month":
        return f"Tháng {date_from.month:02d}/{year}"
    if period_type == "quarter":
        return f"Quý {ROMAN[(date_from.month - 1) // 3 + 1]} năm {year}"
    if period_type == "half":
        return f"6 tháng {'đầu' if date_from.month == 1 else 'cuối'} năm {year}"
    if period_type == "year":
        return f"Năm {year}"
    return f"Từ {vn_date(date_from)} đến {vn_date(date_to)}"


def period_token(period_type, date_from, date_to):
    """Short ASCII name of the period for the file name."""
    year = date_from.year
    if period_type == "month":
        return f"{year}-{date_from.month:02d}"
    if period_type == "quarter":
        return f"{year}-Q{(date_from.month - 1) // 3 + 1}"
    if period_type == "half":
        return f"{year}-H{1 if date_from.month == 1 else 2}"
    if period_type == "year":
        return str(year)
    return f"{date_from:%Y%m%d}-{date_to:%Y%m%d}"


def ascii_name(text):
    """``Cơ sở cai nghiện Đồng Nai`` → ``CoSoCaiNghienDongNai`` (file names)."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = re.findall(r"[A-Za-z0-9]+", text)
    return "".join(word[:1].upper() + word[1:] for word in words)[:60] or "CoSo"


def report_filename(facility_label, period_type, date_from, date_to):
    """``BaoCao_<facility>_<period>.xlsx``, ASCII only."""
    token = period_token(period_type, date_from, date_to)
    return f"BaoCao_{ascii_name(facility_label)}_{token}.xlsx"


class _Sheet:
    """One worksheet with the common header, print setup and signatures."""

    def __init__(self, book, formats, meta, key, subtitle, widths):
        self.ws = book.add_worksheet(SHEETS[key])
        self.f = formats
        self.meta = meta
        self.ncols = len(widths)
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width)
        self.ws.set_landscape()
        self.ws.set_paper(9)  # A4
        self.ws.fit_to_pages(1, 0)
        self.ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        self.ws.center_horizontally()
        footer_name = (meta["facility_label"] or "").replace("&", "&&")
        self.ws.set_footer(f"&L&8{footer_name} - {meta['period_label']}&R&8Trang &P/&N")
        self.row = self._header(subtitle)

    def _header(self, subtitle):
        ws, f, meta, last = self.ws, self.f, self.meta, self.ncols - 1
        half = max(last // 2, 1)
        ws.merge_range(0, 0, 0, half - 1, meta["facility_label"].upper(), f["org"])
        ws.merge_range(0, half, 0, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f["org"])
        ws.merge_range(1, half, 1, last, "Độc lập - Tự do - Hạnh phúc", f["motto"])
        ws.merge_range(3, 0, 3, last, TITLE, f["title"])
        ws.merge_range(4, 0, 4, last, subtitle, f["subtitle"])
        dates = (
            f"từ ngày {vn_date(meta['date_from'])} đến ngày {vn_date(meta['date_to'])}"
        )
        period = (
            f"Kỳ báo cáo: {dates}"
            if meta.get("period_type") == "custom"
            else f"Kỳ báo cáo: {meta['period_label']} ({dates})"
        )
        ws.merge_range(5, 0, 5, last, period, f["center"])
        ws.merge_range(6, 0, 6, last, f"Kính gửi: {meta['recipient']}", f["center"])
        source = SOURCES[meta["source"]]
        if meta["source"] == "snapshot":
            source = source % (meta.get("recorded_at") or "")
        ws.merge_range(7, 0, 7, last, f"Nguồn số liệu: {source}.", f["note_center"])
        return 9

    def table_header(self, groups, columns, freeze=False):
        """Write a header; ``groups``: [(label, span)] over ``columns``.

        Returns the row of the first data line.
        """
        ws, f = self.ws, self.f
        first = self.row
        if groups:
            col = 0
            for label, span in groups:
                if span == 1:
                    ws.merge_range(first, col, first + 1, col, label, f["head"])
                else:
                    ws.merge_range(first, col, first, col + span - 1, label, f["head"])
                    for offset in range(span):
                        ws.write(
                            first + 1, col + offset, columns[col + offset], f["head"]
                        )
                col += span
            last = first + 1
        else:
            for col, label in enumerate(columns):
                ws.write(first, col, label, f["head"])
            last = first
        ws.set_row(last, 45 if groups else 32)
        if freeze:
            ws.freeze_panes(last + 1, 2)
            ws.repeat_rows(first, last)
        self.row = last + 1
        return self.row

    def line(self, values, style="cell", number_style="num"):
        ws, f = self.ws, self.f
        for col, value in enumerate(values):
            if isinstance(value, bool) or value is None:
                value = "" if value is None else str(value)
            if col == 0:  # the STT column
                bold = style == "cell_bold"
                ws.write(self.row, col, value, f["stt_bold" if bold else "stt"])
            elif isinstance(value, int | float):
                ws.write_number(self.row, col, value, f[number_style])
            else:
                ws.write_string(self.row, col, str(value), f[style])
        self.row += 1

    def caption(self, text, style="section"):
        self.ws.merge_range(self.row, 0, self.row, self.ncols - 1, text, self.f[style])
        self.row += 1

    def gap(self, rows=1):
        self.row += rows

    def signatures(self):
        ws, f, meta, last = self.ws, self.f, self.meta, self.ncols - 1
        half = max(last // 2, 1)
        row = self.row + 1
        today = date.fromisoformat(meta["generated_on"])
        place = meta.get("place") or "........"
        ws.merge_range(
            row,
            half,
            row,
            last,
            f"{place}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
            f["italic_center"],
        )
        ws.merge_range(row + 1, 0, row + 1, half - 1, "NGƯỜI LẬP BIỂU", f["sign"])
        ws.merge_range(row + 1, half, row + 1, last, "THỦ TRƯỞNG ĐƠN VỊ", f["sign"])
        ws.merge_range(
            row + 2, 0, row + 2, half - 1, "(Ký, ghi rõ họ tên)", f["italic_center"]
        )
        ws.merge_range(
            row + 2,
            half,
            row + 2,
            last,
            "(Ký tên, đóng dấu)",
            f["italic_center"],
        )
        ws.merge_range(
            row + 6, 0, row + 6, half - 1, meta.get("prepared_by") or "", f["sign"]
        )
        ws.merge_range(
            row + 6, half, row + 6, last, meta.get("approver") or "", f["sign"]
        )
        self.row = row + 7


def _formats(book):
    base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter"}

    def fmt(**extra):
        return book.add_format({**base, **extra})

    border = {"border": 1}
    return {
        "org": fmt(bold=True, align="center", text_wrap=True),
        "motto": fmt(bold=True, underline=True, align="center"),
        "title": fmt(bold=True, font_size=14, align="center"),
        "subtitle": fmt(bold=True, align="center", text_wrap=True),
        "center": fmt(align="center"),
        "note_center": fmt(italic=True, align="center", font_size=10),
        "italic_center": fmt(italic=True, align="center"),
        "sign": fmt(bold=True, align="center"),
        "section": fmt(bold=True, font_size=12),
        "note": fmt(italic=True, font_size=10, text_wrap=True),
        "ok": fmt(bold=True, font_color="#1E7B34"),
        "head": fmt(
            bold=True, align="center", text_wrap=True, bg_color="#DCE6F1", **border
        ),
        "cell": fmt(text_wrap=True, **border),
        "cell_bold": fmt(bold=True, text_wrap=True, **border),
        "stt": fmt(align="center", **border),
        "stt_bold": fmt(bold=True, align="center", bg_color="#F2F2F2", **border),
        "num": fmt(num_format="#,##0", **border),
        "num_bold": fmt(bold=True, num_format="#,##0", bg_color="#F2F2F2", **border),
        "signed": fmt(num_format="+#,##0;-#,##0;0", **border),
        "pct": fmt(num_format="0.0%", **border),
        "pct_bold": fmt(bold=True, num_format="0.0%", bg_color="#F2F2F2", **border),
        "year": fmt(num_format="0", align="center", **border),
    }


# ------------------------------------------------------------------ sheets
def _occupancy_sheet(book, formats, meta, occupancy):
    columns = ["STT", "Hình thức / giới tính"] + [
        label for __, label in OCCUPANCY_COLUMNS
    ]
    sheet = _Sheet(
        book,
        formats,
        meta,
        "occupancy",
        "Biểu 1: Số học viên hiện có đến ngày cuối kỳ, theo hình thức cai nghiện, "
        "giới tính, tình trạng có mặt, độ tuổi, dân tộc và nơi cư trú",
        [6, 38] + [12] * len(OCCUPANCY_COLUMNS),
    )
    sheet.table_header(
        [
            ("STT", 1),
            ("Hình thức / giới tính", 1),
            ("Tổng số", 1),
            ("Tình trạng", len(PRESENCES)),
            ("Độ tuổi (tính đến ngày cuối kỳ)", len(AGE_BANDS)),
            ("Dân tộc", len(ETHNICITIES)),
        ],
        columns,
        freeze=True,
    )
    by_kind_sex = occupancy["by_kind_sex"]
    keys = [key for key, __ in OCCUPANCY_COLUMNS]
    totals = {sex: dict.fromkeys(keys, 0) for sex, __ in SEXES}
    for index, (kind, label) in enumerate(ORDER_KINDS, start=1):
        cells = by_kind_sex.get(kind, {})
        kind_total = [
            sum(cells.get(sex, {}).get(k, 0) for sex, __ in SEXES) for k in keys
        ]
        sheet.line([index, label, *kind_total], "cell_bold", "num_bold")
        for sex, sex_label in SEXES:
            values = [cells.get(sex, {}).get(k, 0) for k in keys]
            for k, value in zip(keys, values, strict=True):
                totals[sex][k] += value
            sheet.line(["", f"   {sex_label}", *values])
    grand = [sum(totals[sex][k] for sex, __ in SEXES) for k in keys]
    sheet.line(["", "TỔNG CỘNG", *grand], "cell_bold", "num_bold")
    for sex, sex_label in SEXES:
        sheet.line(["", f"   {sex_label}", *[totals[sex][k] for k in keys]])
    sheet.gap()

    sheet.caption("Nơi cư trú (tỉnh, thành phố) của học viên hiện có")
    sheet.table_header([], ["STT", "Tỉnh, thành phố", "Mã", "Nam", "Nữ", "Tổng số"])
    male_total = female_total = 0
    for index, (code, name, male, female) in enumerate(occupancy["provinces"], 1):
        sheet.line(
            [index, name or "Chưa rõ nơi cư trú", code, male, female, male + female]
        )
        male_total += male
        female_total += female
    sheet.line(
        ["", "TỔNG CỘNG", "", male_total, female_total, male_total + female_total],
        "cell_bold",
        "num_bold",
    )
    sheet.signatures()


def _movement_sheet(book, formats, meta, movements):
    kinds = [kind for kind, __ in ORDER_KINDS]
    columns = ["STT", "Chỉ tiêu"] + [label for __, label in ORDER_KINDS] + ["Tổng số"]
    sheet = _Sheet(
        book,
        formats,
        meta,
        "movements",
        "Biểu 2: Biến động học viên trong kỳ theo hình thức cai nghiện",
        [6, 52] + [16] * len(kinds) + [12],
    )
    sheet.table_header([], columns, freeze=True)
    lines = movements["lines"]

    def values(keys):
        row = [sum(lines.get(key, {}).get(kind, 0) for key in keys) for kind in kinds]
        return [*row, sum(row)]

    def write(number, label, keys, bold=False):
        sheet.line(
            [number, label, *values(keys)],
            "cell_bold" if bold else "cell",
            "num_bold" if bold else "num",
        )

    write("1", "Số học viên đầu kỳ", ["opening"], bold=True)
    write("2", "Tăng trong kỳ", [key for key, __ in INCREASES], bold=True)
    for index, (key, label) in enumerate(INCREASES, 1):
        write(f"2.{index}", label, [key])
    write("3", "Giảm trong kỳ", [key for key, __ in DECREASES], bold=True)
    for index, (key, label) in enumerate(DECREASES, 1):
        write(f"3.{index}", label, [key])
    number = 4
    if meta["source"] == "snapshot":
        write(
            "4",
            "Điều chỉnh do cập nhật muộn hoặc sửa số liệu ngày trước (+/-)",
            ["correction"],
            bold=True,
        )
        number = 5
    write(str(number), "Số học viên cuối kỳ", ["closing"], bold=True)
    check = (
        "Kiểm tra: đầu kỳ + tăng - giảm"
        + (" + điều chỉnh" if meta["source"] == "snapshot" else "")
        + " = cuối kỳ: ĐÚNG"
    )
    sheet.ws.merge_range(sheet.row, 0, sheet.row, sheet.ncols - 1, check, formats["ok"])
    sheet.row += 1
    sheet.ws.merge_range(
        sheet.row,
        0,
        sheet.row,
        sheet.ncols - 1,
        "Học viên đang bỏ trốn hoặc đang điều trị tại bệnh viện vẫn được tính trong "
        "số hiện có; học viên ra cơ sở vào ngày cuối kỳ không còn trong số cuối kỳ.",
        formats["note"],
    )
    sheet.row += 1
    sheet.gap()

    sheet.caption("Biến động nội bộ (không làm thay đổi số học viên)")
    sheet.table_header([], columns)
    for index, (key, label) in enumerate(INTERNAL, 1):
        write(str(index), label, [key])
    sheet.gap()

    if movements["facilities"]:
        sheet.caption("Theo cơ sở")
        sheet.table_header(
            [],
            [
                "STT",
                "Cơ sở",
                "Đầu kỳ",
                "Tiếp nhận",
                "Chuyển hình thức (+/-)",
                "Ra cơ sở",
                "Điều chỉnh (+/-)",
                "Cuối kỳ",
            ],
        )
        for index, row in enumerate(movements["facilities"], 1):
            sheet.line([index, *row])
    sheet.signatures()


def _bed_sheet(book, formats, meta, beds):
    sheet = _Sheet(
        book,
        formats,
        meta,
        "beds",
        "Biểu 3: Giường theo khu, đến ngày cuối kỳ",
        [6, 30, 30, 12, 14, 16, 12, 14],
    )
    sheet.table_header(
        [],
        [
            "STT",
            "Cơ sở",
            "Khu",
            "Số giường",
            "Đang sử dụng",
            "Không sử dụng được",
            "Còn trống",
            "Tỷ lệ sử dụng",
        ],
        freeze=True,
    )
    totals = [0, 0, 0, 0]
    for index, (facility, area, capacity, occupied, unavailable, free) in enumerate(
        beds, 1
    ):
        sheet.line(
            [index, facility, area, capacity, occupied, unavailable, free],
        )
        sheet.ws.write_number(
            sheet.row - 1, 7, occupied / capacity if capacity else 0, formats["pct"]
        )
        for pos, value in enumerate((capacity, occupied, unavailable, free)):
            totals[pos] += value
    sheet.line(["", "TỔNG CỘNG", "", *totals], "cell_bold", "num_bold")
    sheet.ws.write_number(
        sheet.row - 1,
        7,
        totals[1] / totals[0] if totals[0] else 0,
        formats["pct_bold"],
    )
    sheet.ws.merge_range(
        sheet.row,
        0,
        sheet.row,
        sheet.ncols - 1,
        "Số giường và giường không sử dụng được (đặt trước, hỏng, cách ly) theo "
        "hiện trạng giường; giường đang sử dụng theo lịch sử xếp giường đến hết "
        "ngày cuối kỳ.",
        formats["note"],
    )
    sheet.row += 1
    sheet.signatures()


def _vocational_sheet(book, formats, meta, vocational):
    sheet = _Sheet(
        book,
        formats,
        meta,
        "vocational",
        "Biểu 4: Dạy nghề, lao động trị liệu trong kỳ",
        [6, 40, 14, 14, 14, 16, 14],
    )
    sheet.table_header([], ["STT", "Chỉ tiêu", "Số lượng"], freeze=True)
    rate = vocational["attendance_rate"]
    sheet.line([1, "Số lớp đang tổ chức trong kỳ", vocational["classes"]])
    sheet.line([2, "Số học viên theo học", vocational["trainees"]])
    sheet.line([3, "Số buổi học đã tổ chức", vocational["sessions"]])
    sheet.line([4, "Tỷ lệ chuyên cần bình quân", ""])
    sheet.ws.write_number(sheet.row - 1, 2, rate or 0, formats["pct"])
    sheet.line([5, "Số chứng chỉ, giấy chứng nhận đã cấp", vocational["certificates"]])
    sheet.ws.merge_range(
        sheet.row,
        0,
        sheet.row,
        sheet.ncols - 1,
        "Tỷ lệ chuyên cần = (có mặt + đi muộn) / tổng lượt điểm danh của các buổi học "
        "trong kỳ (vắng có phép tính là vắng).",
        formats["note"],
    )
    sheet.row += 2
    sheet.caption("Theo nghề")
    sheet.table_header(
        [],
        [
            "STT",
            "Nghề",
            "Số lớp",
            "Học viên",
            "Buổi học",
            "Tỷ lệ chuyên cần",
            "Chứng chỉ đã cấp",
        ],
    )
    for index, row in enumerate(vocational["trades"], 1):
        name, classes, trainees, sessions, trade_rate, certificates = row
        sheet.line([index, name, classes, trainees, sessions, "", certificates])
        sheet.ws.write_number(sheet.row - 1, 5, trade_rate or 0, formats["pct"])
    sheet.signatures()


def _incident_sheet(book, formats, meta, incidents):
    columns = ["STT", "Loại sự cố"] + [label for __, label in SEVERITIES] + ["Tổng số"]
    sheet = _Sheet(
        book,
        formats,
        meta,
        "incidents",
        "Biểu 5: Sự cố an ninh, trật tự trong kỳ theo loại và mức độ",
        [6, 40] + [13] * len(SEVERITIES) + [12],
    )
    sheet.table_header(
        [("STT", 1), ("Loại sự cố", 1), ("Mức độ", 4), ("Tổng số", 1)],
        columns,
        freeze=True,
    )
    keys = [key for key, __ in SEVERITIES]
    totals = dict.fromkeys(keys, 0)
    for index, (name, by_severity) in enumerate(incidents, 1):
        row = [by_severity.get(key, 0) for key in keys]
        for key, value in zip(keys, row, strict=True):
            totals[key] += value
        sheet.line([index, name, *row, sum(row)])
    grand = [totals[key] for key in keys]
    sheet.line(["", "TỔNG CỘNG", *grand, sum(grand)], "cell_bold", "num_bold")
    sheet.ws.merge_range(
        sheet.row,
        0,
        sheet.row,
        sheet.ncols - 1,
        "Không tính sự cố đã đánh dấu trùng lặp hoặc đã lưu trữ.",
        formats["note"],
    )
    sheet.row += 1
    sheet.signatures()


def _differences_sheet(book, formats, meta, differences):
    sheet = _Sheet(
        book,
        formats,
        meta,
        "differences",
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
    for index, (section, line, column, recorded, current) in enumerate(differences, 1):
        sheet.line([index, section, line, column, recorded, current])
        sheet.ws.write_number(sheet.row - 1, 6, current - recorded, formats["signed"])
    sheet.signatures()


def _annex_sheet(book, formats, meta, annex):
    sheet = _Sheet(
        book,
        formats,
        meta,
        "annex",
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
        ],
        freeze=True,
    )
    sexes = dict(SEXES)
    for index, (name, birth_year, sex, kind, admission, release) in enumerate(annex, 1):
        sheet.line(
            [
                index,
                name,
                birth_year,
                sexes.get(sex, ""),
                kind_label(kind),
                vn_date(admission),
                vn_date(release),
            ]
        )
        if birth_year:
            sheet.ws.write_number(sheet.row - 1, 2, birth_year, formats["year"])
    sheet.signatures()


def build_workbook(figures):
    """Return the .xlsx content (bytes) for ``figures``.

    ``figures``: ``meta`` (facility_label, period_label, date_from, date_to,
    recipient, prepared_by, approver, place, source, recorded_at,
    generated_on), ``occupancy``, ``movements``, ``beds``, ``incidents``,
    optional ``vocational``, ``differences`` and ``annex``.
    """
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    meta = figures["meta"]
    book.set_properties(
        {
            "title": f"{TITLE} - {meta['period_label']}",
            "subject": meta["facility_label"],
            "author": meta.get("prepared_by") or "",
            "company": meta["facility_label"],
        }
    )
    formats = _formats(book)
    _occupancy_sheet(book, formats, meta, figures["occupancy"])
    _movement_sheet(book, formats, meta, figures["movements"])
    _bed_sheet(book, formats, meta, figures["beds"])
    if figures.get("vocational") is not None:
        _vocational_sheet(book, formats, meta, figures["vocational"])
    _incident_sheet(book, formats, meta, figures["incidents"])
    if figures.get("differences") is not None:
        _differences_sheet(book, formats, meta, figures["differences"])
    if figures.get("annex") is not None:
        _annex_sheet(book, formats, meta, figures["annex"])
    book.close()
    return output.getvalue()


# ------------------------------------------------------------- differences
def flatten(figures):
    """{(sheet, line, column): value} for the counts of sheets 1 to 3."""
    flat = {}
    sheet1, sheet2, sheet3 = (SHEETS["occupancy"], SHEETS["movements"], SHEETS["beds"])
    for kind, kind_name in ORDER_KINDS:
        for sex, sex_name in SEXES:
            cell = figures["occupancy"]["by_kind_sex"].get(kind, {}).get(sex, {})
            for key, column in OCCUPANCY_COLUMNS:
                flat[(sheet1, f"{kind_name} - {sex_name}", column)] = cell.get(key, 0)
    for __, name, male, female in figures["occupancy"]["provinces"]:
        label = name or "Chưa rõ nơi cư trú"
        flat[(sheet1, label, "Nam")] = male
        flat[(sheet1, label, "Nữ")] = female
    labels = dict(
        [("opening", "Số học viên đầu kỳ"), ("closing", "Số học viên cuối kỳ")]
        + INCREASES
        + DECREASES
        + INTERNAL
        + [("correction", "Điều chỉnh")]
    )
    for line, by_kind in figures["movements"]["lines"].items():
        if line == "correction":  # only in recorded figures, shown on sheet 2
            continue
        for kind, count in by_kind.items():
            flat[(sheet2, labels.get(line, line), kind_label(kind))] = count
    for facility, area, *counts in figures["beds"]:
        for column, count in zip(
            ("Số giường", "Đang sử dụng", "Không sử dụng được", "Còn trống"),
            counts,
            strict=True,
        ):
            flat[(sheet3, f"{facility} / {area}", column)] = count
    return flat


def differences(recorded, current):
    """Rows (sheet, line, column, recorded, current) where the two differ."""
    old, new = flatten(recorded), flatten(current)
    return [
        [*key, old.get(key, 0), new.get(key, 0)]
        for key in sorted(set(old) | set(new))
        if old.get(key, 0) != new.get(key, 0)
    ]
