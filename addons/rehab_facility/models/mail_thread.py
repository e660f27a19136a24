from odoo import models


class MailThread(models.AbstractModel):
    """The facility's records log their legal steps in the chatter, whoever
    the officer is.

    Facility staff often have no e-mail address, and the server sends no
    e-mail (no outbound calls): a note posted on a resident, stay, incident
    or leave must not be refused for lack of a sender address, as Odoo does
    for mail that may leave the server. Other models keep Odoo's rule.
    """

    _inherit = "mail.thread"

    def _message_compute_author(
        self, author_id=None, email_from=None, raise_on_email=True
    ):
        if self._name.startswith("rehab."):
            raise_on_email = False
        return super()._message_compute_author(
            author_id=author_id, email_from=email_from, raise_on_email=raise_on_email
        )
