"""No outbound calls from a server that holds residents' medical data.

Odoo 18 auto-installs the IAP chain with ``mail`` (``iap`` -> ``iap_mail`` ->
``partner_autocomplete``, ``sms``, ``snailmail``): ``partner_autocomplete``
calls Odoo's IAP service at the first admin login and on every new company
(each facility is a company), ``sms`` and ``snailmail`` send texts and letters
through IAP. ``mail`` also reports the database (name, users, company, URL) to
odoo.com every week (*Publisher: Update Notification*) and fetches every URL
posted in a message to build its preview.

Odoo has no way to exclude an auto-installed module: ``button_install`` marks
them all together, and they load *after* rehab_facility (deeper in the
dependency graph), so a ``post_init_hook`` runs too early to uninstall them.
``ir.model.data._process_end`` runs once per install or update, after every
module of the run is loaded and just before Odoo uninstalls the modules marked
``to remove`` (``odoo/modules/loading.py``, STEP 4 then STEP 5). Marking the IAP
chain there makes Odoo uninstall it cleanly in the same ``-i``/``-u`` run.

The policy is applied on every install and update of any module while
rehab_facility is installed. To allow outbound calls on purpose, set the
system parameter ``rehab_facility.allow_outbound_calls`` to ``True``. An IAP
module that another installed module needs (an app installed on purpose) is
left alone, with a warning.
"""

import logging

from odoo import api, models
from odoo.tools import str2bool

_logger = logging.getLogger(__name__)

ALLOW_PARAM = "rehab_facility.allow_outbound_calls"
# the IAP chain Odoo 18 auto-installs with mail; all of them talk to IAP servers;
# web_unsplash (image search and download from Unsplash in the editor) and
# google_gmail (Gmail OAuth) auto-install with web/mail and talk to outside APIs
OUTBOUND_MODULES = (
    "iap",
    "iap_mail",
    "partner_autocomplete",
    "sms",
    "snailmail",
    "web_unsplash",
    "google_gmail",
)
# weekly report of the database to odoo.com (mail/models/update.py)
OUTBOUND_CRONS = ("mail.ir_cron_module_update_notification",)


def enforce_no_outbound_calls(env):
    """Switch off what makes the server call out by itself. Idempotent."""
    params = env["ir.config_parameter"].sudo()
    if str2bool(params.get_param(ALLOW_PARAM, "False") or "False", False):
        _logger.info("%s is set: outbound calls are allowed", ALLOW_PARAM)
        return
    for xmlid in OUTBOUND_CRONS:
        cron = env.ref(xmlid, raise_if_not_found=False)
        if cron and cron.active:
            cron.sudo().active = False
            _logger.info("deactivated the scheduled action %s (outbound call)", xmlid)
    # 0 disables link previews (mail/models/mail_link_preview.py)
    if params.get_param("mail.link_preview_throttle") != "0":
        params.set_param("mail.link_preview_throttle", "0")

    modules = env["ir.module.module"].sudo()
    installed = modules.search(
        [("name", "in", OUTBOUND_MODULES), ("state", "in", ("installed", "to upgrade"))]
    )
    if not installed:
        return
    needed_by = installed.downstream_dependencies() - modules.search(
        [("name", "in", OUTBOUND_MODULES)]
    )
    if needed_by:
        _logger.warning(
            "IAP modules %s kept: needed by %s",
            ", ".join(installed.mapped("name")),
            ", ".join(needed_by.mapped("name")),
        )
        return
    _logger.info(
        "uninstalling %s (they call outside services; %s keeps them)",
        ", ".join(sorted(installed.mapped("name"))),
        ALLOW_PARAM,
    )
    installed.button_uninstall()


class IrModelData(models.Model):
    _inherit = "ir.model.data"

    @api.model
    def _process_end(self, modules):
        res = super()._process_end(modules)
        enforce_no_outbound_calls(self.env)
        return res
