"""The citizen ID (CCCD) and age rules of a person, shared by the intake desk."""

import re

from dateutil.relativedelta import relativedelta

# \A...\Z: exactly 12 digits, no trailing newline ($ would accept one).
CITIZEN_ID_RE = re.compile(r"\A\d{12}\Z")
# TT 59/2021/TT-BCA Art. 4: 4th digit = century and sex.
CENTURY_SEX_DIGITS = {
    "0": (1900, "male"),
    "1": (1900, "female"),
    "2": (2000, "male"),
    "3": (2000, "female"),
    "4": (2100, "male"),
    "5": (2100, "female"),
}


def age_on(birthdate, on_date):
    """Age in full years on ``on_date``."""
    return relativedelta(on_date, birthdate).years


def citizen_id_problem(env, citizen_id, sex=None, birthdate=None):
    """Return why ``citizen_id`` is invalid or contradicts sex/birth year.

    CCCD structure, TT 59/2021/TT-BCA Art. 4: 12 digits; digits 1-3 the
    province of birth registration (pre-2025 codes, not checked); digit 4 the
    century and sex; digits 5-6 the last two digits of the birth year.
    """
    if not CITIZEN_ID_RE.match(citizen_id or ""):
        return env._(
            "The citizen ID “%s” is not valid: a CCCD has exactly 12 digits.",
            citizen_id,
        )
    century, id_sex = CENTURY_SEX_DIGITS.get(citizen_id[3], (None, None))
    if century is None:
        return env._(
            "The citizen ID “%s” is not valid: its 4th digit must give the "
            "century and sex (0-5).",
            citizen_id,
        )
    sexes = dict(env["rehab.resident"]._fields["sex"]._description_selection(env))
    if sex and id_sex != sex:
        return env._(
            "The citizen ID %(cid)s belongs to a %(id_sex)s person, but the "
            "resident is recorded as %(sex)s. Check the ID card and correct "
            "one of them.",
            cid=citizen_id,
            id_sex=sexes[id_sex].lower(),
            sex=sexes[sex].lower(),
        )
    if birthdate:
        id_year = century + int(citizen_id[4:6])
        if id_year != birthdate.year:
            return env._(
                "The citizen ID %(cid)s gives birth year %(id_year)s, but the "
                "date of birth is in %(year)s. Check the ID card and correct "
                "one of them.",
                cid=citizen_id,
                id_year=id_year,
                year=birthdate.year,
            )
    return False
