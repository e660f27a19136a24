from . import test_class
from . import test_enrollment
from . import test_session
from . import test_attendance
from . import test_lock
from . import test_results
from . import test_access
from . import test_performance
