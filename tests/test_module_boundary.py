"""rehab_facility does not depend on rehab_vocational, so it never names its
models or tables: vocational figures, sheets and tiles come through hooks
that rehab_vocational extends (docs/reports.md). Checked on the sources."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACILITY = ROOT / "addons" / "rehab_facility"
# Models and tables of rehab_vocational (rehab.trade, rehab.training.*,
# rehab.attendance.line, rehab.absence.reason), as a model or a table name.
VOCATIONAL_NAME = re.compile(
    r"\brehab[._](?:training[._]\w+|attendance[._]line|trade\b|absence[._]reason)"
)
SOURCES = ("*.py", "*.xml", "*.js", "*.csv")


def _facility_sources():
    for pattern in SOURCES:
        yield from (
            path for path in FACILITY.rglob(pattern) if "i18n" not in path.parts
        )


def test_facility_names_no_vocational_model_or_table():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _facility_sources()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if VOCATIONAL_NAME.search(line)
    ]
    assert not offenders, "rehab_facility names vocational models:\n" + "\n".join(
        offenders
    )


def test_the_check_sees_a_vocational_name():
    assert VOCATIONAL_NAME.search('self.env["rehab.training.session"]')
    assert VOCATIONAL_NAME.search("FROM rehab_attendance_line l")
    assert VOCATIONAL_NAME.search("'rehab.trade'")
    assert not VOCATIONAL_NAME.search("rehab_stay_absence a")
    assert not VOCATIONAL_NAME.search("rehab.stay.absence")
