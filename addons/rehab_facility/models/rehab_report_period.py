"""Report periods: bounds, the Vietnamese name written on the report and the
ASCII file name. Plain functions, used by the export wizard and the report."""

import re
import unicodedata
from calendar import monthrange
from datetime import date

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def vn_date(value):
    """``YYYY-MM-DD`` (or a date) as dd/mm/yyyy."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")


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
