"""The module's own sheets of the periodic report, through the workbook's
``_sheets`` hook (one extension of the report per module): after-care
outcomes (7), the QĐ 127/2009 breakdowns (8), the plan against its actuals
(9), residents by rehab stage and the monthly ratings (10), transfers
between facilities (11). Vietnamese, as the whole workbook; value labels
from the fields' selections (``_labels``) or the records' Vietnamese
names."""

from odoo import api, models

from ..models.rehab_pathway_figures import AWAY, NO_STAGE

SHEETS = [
    ("outcomes", "7. Sau cai nghiện", "_write_outcomes"),
    ("statistics", "8. Chỉ tiêu thống kê", "_write_statistics"),
    ("plan", "9. Kế hoạch", "_write_plan"),
    ("pathway", "10. Giai đoạn, xếp loại", "_write_pathway"),
    ("transfers", "11. Chuyển cơ sở", "_write_transfers"),
]
OUTCOME_LINES = [
    ("released_home", "Số người chấp hành xong, được về địa phương trong kỳ"),
    ("managed", "   Trong đó: được quản lý sau cai nghiện"),
    ("coverage", "Tỷ lệ được quản lý sau cai nghiện"),
    ("under_management", "Số người được quản lý sau cai nghiện trong kỳ"),
    ("managed_at_end", "Số người đang được quản lý sau cai nghiện cuối kỳ"),
    ("jobs", "Số người có việc làm sau cai nghiện (trong kỳ)"),
    ("relapsed", "Số người tái nghiện trong thời gian quản lý (trong kỳ)"),
    ("relapse_rate", "Tỷ lệ tái nghiện trong thời gian quản lý"),
]
BREAKDOWNS = [
    ("education", "Trình độ học vấn"),
    ("occupation", "Nghề nghiệp trước khi vào cơ sở"),
    ("drug", "Loại ma túy sử dụng (một người có thể dùng nhiều loại)"),
    ("prior", "Biện pháp cai nghiện trước đây"),
    ("legal", "Tiền án, tiền sự"),
]
PRIOR = {"first": "Lần đầu cai nghiện", "relapse": "Đã cai nghiện trước đây"}
NOT_RECORDED = {
    "education": "Chưa ghi nhận",
    "occupation": "Chưa ghi nhận",
    "drug": "Chưa ghi nhận loại ma túy",
    "legal": "Chưa ghi nhận",
}
PLAN_NOTE = (
    "Thực hiện tính theo cùng định nghĩa với các biểu của báo cáo: cai nghiện tại "
    "cơ sở = số học viên đầu kỳ + tiếp nhận mới (Biểu 2); học nghề = số học viên "
    "theo học (Biểu 4); việc làm, quản lý sau cai nghiện, tái nghiện: Biểu 7. "
    "cai nghiện tại gia đình, cộng đồng: số người bắt đầu theo báo cáo của Ủy ban "
    "nhân dân cấp xã. '-': chưa có số liệu."
)

PATHWAY_TITLE = (
    "Biểu 10: Học viên theo giai đoạn cai nghiện (cuối mỗi tháng) và kết quả "
    "xếp loại hằng tháng"
)
NO_STAGE_LABEL = "Chưa xác định giai đoạn"
AWAY_LABEL = "Vắng mặt cả tháng (không xếp loại)"
PATHWAY_NOTE = (
    "Giai đoạn: giai đoạn đang thực hiện vào ngày cuối tháng (hoặc ngày cuối kỳ) "
    "của học viên có mặt trong cơ sở (Điều 29 Luật Phòng, chống ma túy 2021). "
    "Xếp loại: theo bảng xếp loại hằng tháng đã được Giám đốc phê duyệt."
)


TRANSFER_COLUMNS = [
    ("transfers_out", "Chuyển đi trong kỳ"),
    ("transfers_in", "Tiếp nhận chuyển đến trong kỳ"),
    ("in_transit_out", "Đang chuyển đi cuối kỳ"),
    ("in_transit_in", "Đang chuyển đến cuối kỳ"),
]


class ReportOccupancyXlsx(models.AbstractModel):
    _inherit = "report.rehab_facility.occupancy_xlsx"

    @api.model
    def _sheets(self):
        sheets = super()._sheets()
        index = next(
            (i + 1 for i, (block, __, __) in enumerate(sheets) if block == "gate"),
            len(sheets),
        )
        sheets[index:index] = SHEETS
        return sheets

    @api.model
    def _write_outcomes(self, context, name, outcomes):
        sheet = self._sheet(
            context,
            name,
            "Biểu 7: Quản lý sau cai nghiện, việc làm và tái nghiện",
            [6, 64, 16, 4, 4],
        )
        sheet.table_header([], ["STT", "Chỉ tiêu", "Số lượng"], freeze=True)
        for index, (key, label) in enumerate(OUTCOME_LINES, 1):
            value = outcomes[key]
            if key in ("coverage", "relapse_rate"):
                sheet.line([index, label, "-" if value is None else ""])
                if value is not None:
                    sheet.ws.write_number(
                        sheet.row - 1, 2, value, context["formats"]["pct"]
                    )
            else:
                sheet.line([index, label, value])
        sheet.caption(
            "Người ra cơ sở do chuyển cơ sở, chết hoặc bỏ trốn không tính vào số "
            "được về địa phương; việc làm tính theo lần đầu có việc làm.",
            "note",
        )
        sheet.signatures()

    @api.model
    def _statistics_label(self, context, dimension, row):
        if not row["key"]:
            return NOT_RECORDED.get(dimension, "")
        if dimension in ("education", "legal"):
            return dict(context[dimension]).get(row["key"], row["key"])
        if dimension == "prior":
            return PRIOR.get(row["key"], row["key"])
        return row["label"] or row["key"]

    @api.model
    def _write_statistics(self, context, name, statistics):
        env = self.with_context(lang=self._labels_lang()).env
        resident = env["rehab.resident"]
        context = {
            **context,
            "education": resident._fields["education"]._description_selection(env),
            "legal": resident._fields["legal_record"]._description_selection(env),
        }
        sexes = context["labels"]["sexes"]
        sheet = self._sheet(
            context,
            name,
            "Biểu 8: Học viên hiện có đến ngày cuối kỳ theo trình độ học vấn, nghề "
            "nghiệp, loại ma túy, biện pháp cai nghiện trước đây và tiền án, tiền sự "
            "(QĐ 127/2009)",
            [6, 48] + [12] * (len(sexes) + 1),
        )
        for number, (dimension, caption) in enumerate(BREAKDOWNS):
            sheet.caption(caption)
            sheet.table_header(
                [],
                ["STT", "Chỉ tiêu"] + [label for __, label in sexes] + ["Tổng số"],
                freeze=not number,
            )
            for index, row in enumerate(statistics[dimension], 1):
                counts = [row.get(sex, 0) for sex, __ in sexes]
                label = self._statistics_label(context, dimension, row)
                sheet.line([index, label, *counts, sum(counts)])
            sheet.gap()
        sheet.caption(
            "Độ tuổi, giới tính, dân tộc, nơi cư trú và hình thức cai nghiện: Biểu 1; "
            "người được quản lý sau cai nghiện: Biểu 7. Tiền án, tiền sự: hệ thống "
            "chưa ghi nhận.",
            "note",
        )
        sheet.signatures()

    @api.model
    def _plan_value(self, sheet, context, column, unit, value):
        """Write a plan figure; percentages as such."""
        if value is None:
            sheet.ws.write_string(
                sheet.row - 1, column, "-", context["formats"]["cell"]
            )
        elif unit == "percent":
            sheet.ws.write_number(
                sheet.row - 1, column, value / 100.0, context["formats"]["pct"]
            )
        else:
            sheet.ws.write_number(
                sheet.row - 1, column, value, context["formats"]["num"]
            )

    @api.model
    def _write_plan(self, context, name, plans):
        sheet = self._sheet(
            context,
            name,
            "Biểu 9: Kết quả thực hiện kế hoạch năm",
            [6, 52, 14, 14, 16, 14],
        )
        columns = ["STT", "Chỉ tiêu", "Kế hoạch năm", "Thực hiện trong kỳ"]
        columns += ["Lũy kế từ đầu năm", "Đạt (%)"]
        for number, plan in enumerate(plans):
            sheet.caption(f"Kế hoạch {plan['plan']}")
            sheet.table_header([], columns, freeze=not number)
            for index, row in enumerate(plan["targets"], 1):
                sheet.line([index, row["indicator"], "", "", "", ""])
                for column, key in ((2, "target"), (3, "period"), (4, "year")):
                    self._plan_value(sheet, context, column, row["unit"], row[key])
                progress = row["progress"]
                self._plan_value(
                    sheet,
                    context,
                    5,
                    "percent",
                    None if progress is None else progress,
                )
            sheet.gap()
        sheet.caption(PLAN_NOTE, "note")
        sheet.signatures()

    @api.model
    def _write_pathway(self, context, name, pathway):
        months = pathway["months"]
        sheet = self._sheet(
            context, name, PATHWAY_TITLE, [6, 52] + [12] * max(len(months), 4)
        )
        columns = ["STT", "Chỉ tiêu"] + [
            f"{m['month'][5:7]}/{m['month'][:4]}" for m in months
        ]
        sheet.caption("Số học viên theo giai đoạn")
        sheet.table_header([], columns, freeze=True)
        stages = [(s["code"], s["name"]) for s in pathway["stages"]]
        self._pathway_lines(
            sheet, stages + [(NO_STAGE, NO_STAGE_LABEL)], months, "stages"
        )
        sheet.gap()
        sheet.caption("Kết quả xếp loại hằng tháng")
        sheet.table_header([], columns)
        levels = [(lv["code"], lv["name"]) for lv in pathway["levels"]]
        self._pathway_lines(sheet, levels + [(AWAY, AWAY_LABEL)], months, "ratings")
        sheet.caption(PATHWAY_NOTE, "note")
        sheet.signatures()

    @api.model
    def _pathway_lines(self, sheet, labels, months, bucket):
        for index, (code, label) in enumerate(labels, 1):
            sheet.line([index, label] + [m[bucket].get(code, 0) for m in months])
        sheet.line(
            ["", "Tổng số"] + [sum(m[bucket].values()) for m in months],
            "cell_bold",
            "num_bold",
        )

    @api.model
    def _write_transfers(self, context, name, transfers):
        """Transfers: a release at the sending facility, an admission at the
        receiving one; in between, on neither roll (counted here)."""
        sheet = self._sheet(
            context,
            name,
            "Biểu 11: Chuyển cơ sở cai nghiện",
            [6, 48] + [16] * len(TRANSFER_COLUMNS),
        )
        sheet.table_header(
            [], ["STT", "Cơ sở"] + [label for __, label in TRANSFER_COLUMNS], True
        )
        for index, row in enumerate(transfers["facilities"], 1):
            sheet.line(
                [index, row["facility"]] + [row[k] for k, __ in TRANSFER_COLUMNS]
            )
        total = transfers["total"]
        sheet.line(
            ["", "Tổng số"] + [total[k] for k, __ in TRANSFER_COLUMNS],
            "cell_bold",
            "num_bold",
        )
        sheet.caption(
            "Người đang chuyển giữa hai cơ sở không có tên trong danh sách học viên "
            "hiện có của cơ sở nào; họ được tính ở đây.",
            "note",
        )
        sheet.signatures()
