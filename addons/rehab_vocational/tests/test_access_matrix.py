"""Who may read, write, create and delete each vocational model (the
facility's access matrix, for the models this module defines)."""

from odoo.tests import tagged

from odoo.addons.rehab_facility.tests.common import RehabCase
from odoo.addons.rehab_facility.tests.test_access_matrix import AccessMatrixMixin

# fmt: off
EXPECTED = {
    # model:                       intake  security medical instructor manager auditor
    "rehab.trade":                 ("----", "----", "----", "r---", "rwcu", "----"),
    "rehab.absence.reason":        ("----", "----", "----", "r---", "rwcu", "----"),
    "rehab.training.class":        ("----", "----", "----", "rw--", "rwcu", "----"),
    "rehab.training.enrollment":   ("----", "----", "----", "rw--", "rwcu", "----"),
    "rehab.training.session":      ("----", "----", "----", "rwcu", "rwcu", "----"),
    "rehab.attendance.line":       ("----", "----", "----", "rwc-", "rwcu", "----"),
    "rehab.training.session.booking": ("----", "----", "----", "r---", "r---", "----"),
}
# fmt: on


@tagged("post_install", "-at_install")
class TestVocationalAccessMatrix(AccessMatrixMixin, RehabCase):
    MODULE = "rehab_vocational"
    EXPECTED = EXPECTED

    def test_matrix_can_fail(self):
        """The comparison sees a right that the table does not grant."""
        self.assertEqual(
            self._granted("rehab.attendance.line", self.intake_user), "----"
        )
        self.assertEqual(self._granted("rehab.trade", self.manager_user), "rwcu")
