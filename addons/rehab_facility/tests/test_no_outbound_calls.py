"""No outbound calls (issue 15, item 6): partner_autocomplete sent the
facility's name to an outside service at the first admin login. None of the
modules that call outside services by themselves is installed by our
dependencies, and the scheduled report to odoo.com is off."""

from odoo.tests import TransactionCase, tagged

from odoo.addons.rehab_facility.hooks import (
    OUTBOUND_CRONS,
    OUTBOUND_MODULES,
    enforce_no_outbound_calls,
)


@tagged("post_install", "-at_install")
class TestNoOutboundCalls(TransactionCase):
    def test_no_outbound_module_installed(self):
        self.assertTrue(
            {"partner_autocomplete", "iap", "web_unsplash"} <= set(OUTBOUND_MODULES)
        )
        installed = self.env["ir.module.module"].search(
            [("name", "in", OUTBOUND_MODULES), ("state", "!=", "uninstalled")]
        )
        self.assertFalse(installed.mapped("name"))
        for xmlid in OUTBOUND_CRONS:
            cron = self.env.ref(xmlid, raise_if_not_found=False)
            self.assertFalse(cron and cron.active, xmlid)
        self.assertEqual(
            self.env["ir.config_parameter"].get_param("mail.link_preview_throttle"),
            "0",
        )

    def test_no_outbound_module_in_our_dependencies(self):
        """Not even an explicit dependency: only auto-installed ones are removed."""
        ours = self.env["ir.module.module"].search(
            [("name", "in", ("rehab_facility", "rehab_vocational"))]
        )
        needed = ours.upstream_dependencies(exclude_states=("uninstallable",))
        self.assertFalse(set(needed.mapped("name")) & set(OUTBOUND_MODULES))

    def test_policy_is_idempotent_and_can_be_lifted(self):
        enforce_no_outbound_calls(self.env)  # nothing left to remove: no error
        params = self.env["ir.config_parameter"]
        params.set_param("rehab_facility.allow_outbound_calls", "True")
        params.set_param("mail.link_preview_throttle", "99")
        enforce_no_outbound_calls(self.env)
        self.assertEqual(params.get_param("mail.link_preview_throttle"), "99")
