"""One worksheet of a Vietnamese administrative report: the national
heading, title, period, recipient and source lines, tables, and the
signature blocks (Decree 30/2020/NĐ-CP layout). No database access."""

from datetime import date

from ..models.rehab_report_period import vn_date

TITLE = "BÁO CÁO TÌNH HÌNH TIẾP NHẬN, QUẢN LÝ HỌC VIÊN CAI NGHIỆN MA TÚY"
SOURCES = {
    "live": "số liệu hiện tại trên hệ thống (đã gồm mọi cập nhật, điều chỉnh)",
    "snapshot": "số liệu ghi nhận hằng ngày (chốt lúc %s), như đã báo cáo",
}


class Sheet:
    """One worksheet with the common header, print setup and signatures."""

    def __init__(self, book, formats, meta, name, subtitle, widths):
        self.ws = book.add_worksheet(name)
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


def workbook_formats(book):
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
