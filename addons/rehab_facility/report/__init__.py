from . import rehab_occupancy_xlsx
