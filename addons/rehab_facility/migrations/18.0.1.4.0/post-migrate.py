"""18.0.1.4.0: transfers can be sent back, proposals numbered by the facility.

- ``rehab.transfer.destination_company_id`` (where the person is taken now)
  is a stored compute: the update fills it (the receiving facility of every
  transfer recorded before; none could be refused or cancelled then).
- The reduction proposal's number comes from the new sequence when it is
  sent; proposals already sent keep the number typed on them.
- The built-in indicator "people rehabilitated at home or in the community"
  (noupdate data) now counts the communes' reports: its description says
  so where it still has the shipped text.
"""

from odoo import SUPERUSER_ID, api

OLD_HOME_DESCRIPTION = "Not recorded by the product: no actual."
NEW_HOME_DESCRIPTION = (
    "People who began voluntary rehab at home or in the community, from the "
    "communes' reports whose period lies within the plan's (Reports ▸ Home and "
    "Community Rehab)."
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    indicator = env.ref(
        "rehab_facility.plan_indicator_rehab_home", raise_if_not_found=False
    )
    if indicator and indicator.description == OLD_HOME_DESCRIPTION:
        indicator.description = NEW_HOME_DESCRIPTION
