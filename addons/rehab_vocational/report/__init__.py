from . import rehab_training_certificate_report
from . import rehab_occupancy_xlsx
