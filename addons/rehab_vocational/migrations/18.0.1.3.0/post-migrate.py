"""18.0.1.3.0: vocational certificates numbered in the Decree 30/2020 form.

The shipped sequence (noupdate data) numbered "CC/2026/00012"; it now gives
"0012/CC-CSCN", numbered from 1 each year. Certificates already issued keep
their numbers: a number printed on a certificate is never rewritten. A
sequence a facility changed by hand is left as it is.
"""

from odoo import SUPERUSER_ID, api

OLD_PREFIX = "CC/%(range_year)s/"


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    sequence = env.ref(
        "rehab_vocational.seq_rehab_training_certificate", raise_if_not_found=False
    )
    if sequence and sequence.prefix == OLD_PREFIX and not sequence.suffix:
        sequence.write({"prefix": False, "suffix": "/CC-CSCN", "padding": 4})
