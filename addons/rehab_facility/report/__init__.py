from . import rehab_xlsx_sheet
from . import rehab_occupancy_xlsx
from . import rehab_release_report
from . import rehab_gate_list_report
from . import rehab_extra_sheets_xlsx
