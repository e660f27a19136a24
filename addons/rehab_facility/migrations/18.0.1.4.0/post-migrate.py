"""18.0.1.4.0: transfers can be sent back, proposals numbered by the facility.

- ``rehab.transfer.destination_company_id`` (where the person is taken now)
  is the receiving facility of every transfer recorded before: none could be
  refused or cancelled then.
- The reduction proposal's number comes from the new sequence when it is
  sent; proposals already sent keep the number typed on them.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE rehab_transfer
           SET destination_company_id = receiving_company_id
         WHERE destination_company_id IS NULL
        """
    )
