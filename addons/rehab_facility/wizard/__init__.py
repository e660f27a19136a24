from . import rehab_intake_belonging_line
from . import rehab_intake_wizard
from . import rehab_stay_convert_wizard
from . import rehab_bed_move_wizard
from . import rehab_stay_departure_wizard
from . import rehab_stay_return_wizard
from . import rehab_stay_reduction_wizard
