"""Sheet 4 of the periodic occupancy report (vocational training), added to
rehab_facility's workbook through its ``_sheets`` hook. Vietnamese, as the
whole workbook: the form's fixed wording is kept here."""

from odoo import api, models

SHEET_NAME = "4. Học nghề"
SUMMARY = [
    ("classes", "Số lớp đang tổ chức trong kỳ"),
    ("trainees", "Số học viên theo học"),
    ("sessions", "Số buổi học đã tổ chức"),
    ("attendance_rate", "Tỷ lệ chuyên cần bình quân"),
    ("certificates", "Số chứng chỉ, giấy chứng nhận đã cấp"),
]
TRADE_COLUMNS = [
    ("trade", "Nghề"),
    ("classes", "Số lớp"),
    ("trainees", "Học viên"),
    ("sessions", "Buổi học"),
    ("attendance_rate", "Tỷ lệ chuyên cần"),
    ("certificates", "Chứng chỉ đã cấp"),
]
RATE_NOTE = (
    "Tỷ lệ chuyên cần = số giờ có mặt hoặc đi muộn / tổng số giờ học của các buổi "
    "đã tổ chức trong kỳ (vắng có phép tính là vắng)."
)


class ReportOccupancyXlsx(models.AbstractModel):
    _inherit = "report.rehab_facility.occupancy_xlsx"

    @api.model
    def _sheets(self):
        sheets = super()._sheets()
        index = next(
            (i + 1 for i, (block, __, __) in enumerate(sheets) if block == "beds"),
            len(sheets),
        )
        sheets.insert(index, ("vocational", SHEET_NAME, "_write_vocational"))
        return sheets

    @api.model
    def _write_vocational(self, context, name, vocational):
        pct = context["formats"]["pct"]
        sheet = self._sheet(
            context,
            name,
            "Biểu 4: Dạy nghề, lao động trị liệu trong kỳ",
            [6, 40, 14, 14, 14, 16, 14],
        )
        sheet.table_header([], ["STT", "Chỉ tiêu", "Số lượng"], freeze=True)
        for index, (key, label) in enumerate(SUMMARY, 1):
            if key == "attendance_rate":
                sheet.line([index, label, ""])
                sheet.ws.write_number(sheet.row - 1, 2, vocational[key] or 0, pct)
            else:
                sheet.line([index, label, vocational[key]])
        sheet.caption(RATE_NOTE, "note")
        sheet.gap()
        sheet.caption("Theo nghề")
        sheet.table_header([], ["STT"] + [label for __, label in TRADE_COLUMNS])
        rate_col = 1 + [key for key, __ in TRADE_COLUMNS].index("attendance_rate")
        for index, row in enumerate(vocational["trades"], 1):
            sheet.line(
                [index]
                + [
                    "" if key == "attendance_rate" else row[key]
                    for key, __ in TRADE_COLUMNS
                ]
            )
            sheet.ws.write_number(
                sheet.row - 1, rate_col, row["attendance_rate"] or 0, pct
            )
        sheet.signatures()
