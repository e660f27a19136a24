"""How the facility's official documents write dates, numbers and labels.

Decree 30/2020/NĐ-CP Annex I sets the layout of administrative documents:
"<Địa danh>, ngày 05 tháng 02 năm 2026" (a day below 10 and a month below 3
take a leading zero), Times-like serif font. Documents are Vietnamese whatever
the printing user's language: quantities are integers when whole, with "."
between thousands and "," before decimals; money ends in "đồng".
"""

import base64
import functools
from datetime import date, datetime

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools.misc import file_path

DOC_LANG = "vi_VN"
FONT_FILES = (("normal", "Tinos-Regular.ttf"), ("bold", "Tinos-Bold.ttf"))
# Units typed in English before the product was Vietnamese (the old default).
UNIT_WORDS = {
    "item": "cái",
    "items": "cái",
    "piece": "cái",
    "pair": "đôi",
    "set": "bộ",
    "vnd": "đồng",
}


@functools.cache
def _font_css():
    """@font-face rules with the shipped fonts inline: wkhtmltopdf needs no
    server round-trip and no font installed on the machine."""
    rules = []
    for weight, name in FONT_FILES:
        with open(file_path(f"rehab_facility/static/fonts/{name}"), "rb") as font:
            data = base64.b64encode(font.read()).decode()
        rules.append(
            "@font-face { font-family: 'RehabSerif'; font-style: normal; "
            f"font-weight: {weight}; "
            f"src: url(data:font/truetype;base64,{data}) format('truetype'); }}"
        )
    return "\n".join(rules)


class RehabDocumentFormat(models.AbstractModel):
    _name = "rehab.document.format"
    _description = "Official Document Formatting"

    @api.model
    def font_css(self):
        return Markup(_font_css())

    @api.model
    def form_number(self, report_name):
        """The annex form number of a report (data on its action), or ''."""
        report = self.env["ir.actions.report"].sudo()._get_report_from_name(report_name)
        return report.rehab_form_number or ""

    @api.model
    def date(self, value):
        """dd/mm/yyyy, the one date format of the Vietnamese documents."""
        value = self._to_date(value)
        return value.strftime("%d/%m/%Y") if value else ""

    @api.model
    def date_words(self, value):
        """'ngày 05 tháng 02 năm 2026' (Decree 30/2020 Annex I, ô số 4)."""
        value = self._to_date(value)
        if not value:
            return "ngày ..... tháng ..... năm ........"
        day = f"{value.day:02d}" if value.day < 10 else str(value.day)
        month = f"{value.month:02d}" if value.month < 3 else str(value.month)
        return f"ngày {day} tháng {month} năm {value.year}"

    @api.model
    def place_date(self, company, value, place=None):
        """'<Địa danh>, ngày … tháng … năm …'."""
        place = place or company.rehab_place_name or company.city
        words = self.date_words(value)
        return f"{place}, {words}" if place else words.capitalize()

    @api.model
    def local_datetime(self, company, value):
        """A stored UTC datetime as the facility's local time."""
        if not value:
            return False
        value = fields.Datetime.to_datetime(value)
        tz = pytz.timezone(company.rehab_tz or "Asia/Ho_Chi_Minh")
        return pytz.utc.localize(value).astimezone(tz)

    @api.model
    def time_words(self, company, value):
        """'14 giờ 30 phút, ngày 05/12/2026' in the facility's time zone."""
        moment = self.local_datetime(company, value)
        if not moment:
            return "..... giờ ..... phút, ngày ..../..../........"
        return (
            f"{moment.hour:02d} giờ {moment.minute:02d} phút, ngày {self.date(moment)}"
        )

    @api.model
    def number(self, value, digits=2):
        """350000.0 -> '350.000', 1.0 -> '1', 1.5 -> '1,5'."""
        if value is None or value is False:
            return ""
        rounded = round(float(value), digits)
        if rounded == int(rounded):
            text = f"{int(rounded):,}"
        else:
            text = f"{rounded:,.{digits}f}".rstrip("0")
        return text.replace(",", " ").replace(".", ",").replace(" ", ".")

    @api.model
    def money(self, value):
        return f"{self.number(value, digits=0)} đồng"

    @api.model
    def unit(self, value):
        """A unit in Vietnamese (units typed as 'item' by the old default)."""
        value = (value or "").strip()
        return UNIT_WORDS.get(value.lower(), value)

    @api.model
    def label(self, record, field_name):
        """The Vietnamese label of a selection value, as the UI shows it."""
        value = record[field_name]
        if not value:
            return ""
        field = record._fields[field_name]
        labels = dict(
            field._description_selection(self.with_context(lang=DOC_LANG).env)
        )
        return labels.get(value, value)

    @api.model
    def _to_date(self, value):
        if not value:
            return False
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return fields.Date.to_date(value)
