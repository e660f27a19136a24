from . import test_order_type
from . import test_resident
from . import test_stay
from . import test_term_ledger
from . import test_beds
from . import test_intake_wizard
from . import test_access
from . import test_performance
