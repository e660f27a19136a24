from . import rehab_session_schedule_wizard
from . import rehab_enrollment_wizard
