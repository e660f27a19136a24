"""18.0.1.3.0: the product is Vietnamese on databases installed before too.

The post_init_hook only runs at install: an updated database gets vi_VN
activated, every installed module's Vietnamese terms loaded (including data
records: order types, incident types, trades, absence reasons) and its
facilities in Vietnamese. Users keep the language they chose.

The documents' numbers take the Decree 30/2020 form "0012/TB-CSCN" (yearly
numbering) where the sequence still has the shipped "2026/TB-CSCN/0012" form
(the sequences are noupdate data).
"""

from odoo import SUPERUSER_ID, api

from odoo.addons.rehab_facility import make_vietnamese

OLD_PREFIXES = {
    "rehab_facility.seq_rehab_release_notice": ("%(year)s/TB-CSCN/", "/TB-CSCN"),
    "rehab_facility.seq_rehab_release_certificate": (
        "%(year)s/GCN-CSCN/",
        "/GCN-CSCN",
    ),
    "rehab_facility.seq_rehab_release_handover": ("%(year)s/BB-CSCN/", "/BB-CSCN"),
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    make_vietnamese(env)
    for xmlid, (old_prefix, suffix) in OLD_PREFIXES.items():
        sequence = env.ref(xmlid, raise_if_not_found=False)
        if sequence and sequence.prefix == old_prefix and not sequence.suffix:
            sequence.write({"prefix": False, "suffix": suffix, "use_date_range": True})
