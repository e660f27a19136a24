from . import rehab_training_certificate_report
