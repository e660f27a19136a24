"""Who may read, write, create and delete each rehab model: one table.

The table is the documented intent of the security design (read it with
security/ir.model.access.csv): the test compares it with what Odoo grants
each role and lists every mismatch. A model of this module added later
without a row fails the test too. Modules that extend this one keep their
own table (``AccessMatrixMixin`` with their ``EXPECTED`` and ``MODULE``).

Letters: r read, w write, c create, u unlink (delete); "-" refused.
Records written only through actions (term adjustments, legal basis
changes, bed assignments, belongings, absences, post-rehab records, export
logs) need no create right at all: the actions check the user's rights on
the stay, then write as superuser. An absence keeps "w" for the follow-up of
an open escape (pursuit details, the return) and a post-rehab record for the
report and the commune's acknowledgement, both guarded field by field.
Stays are never deleted (archived with a reason; their delete guard says
so), nor are deposits, ledgers, logs or bed history.
"""

from odoo.tests import tagged

from .common import RehabCase

ROLES = ("intake", "security", "medical", "instructor", "manager", "auditor")
OPERATIONS = ("read", "write", "create", "unlink")

# fmt: off
EXPECTED = {
    # model:                       intake  security medical instructor manager auditor
    "rehab.area":                  ("r---", "r---", "r---", "r---", "rwcu", "r---"),
    "rehab.room":                  ("r---", "r---", "r---", "r---", "rwcu", "r---"),
    "rehab.bed":                   ("r---", "r---", "r---", "r---", "rwcu", "r---"),
    "rehab.province":              ("r---", "r---", "r---", "r---", "rwcu", "r---"),
    "rehab.commune":               ("r---", "r---", "r---", "r---", "rwcu", "r---"),
    "rehab.drug.type":             ("r---", "r---", "r---", "r---", "rwcu", "r---"),
    "rehab.order.type":            ("r---", "r---", "r---", "r---", "rwcu", "r---"),
    "rehab.incident.type":         ("r---", "r---", "r---", "r---", "rwcu", "r---"),
    # People: the intake desk records them; medical staff complete health data.
    "rehab.resident":              ("rwc-", "r---", "rw--", "r---", "rwcu", "r---"),
    "rehab.resident.contact":      ("rwcu", "r---", "rw--", "----", "rwcu", "r---"),
    # The stay: opened by open_stay (create checked there). Never deleted: the
    # "u" only lets the delete guard explain that it is archived instead.
    "rehab.stay":                  ("rwcu", "r---", "r---", "----", "rwcu", "r---"),
    # Written only by the stay's actions (superuser after their checks).
    "rehab.stay.adjustment":       ("r---", "r---", "r---", "----", "r---", "r---"),
    "rehab.stay.basis.change":     ("r---", "r---", "r---", "----", "r---", "r---"),
    "rehab.bed.assignment":        ("r---", "r---", "r---", "----", "r---", "r---"),
    "rehab.belonging":             ("r---", "r---", "r---", "----", "r---", "r---"),
    "rehab.stay.absence":          ("rw--", "rw--", "r---", "----", "rw--", "r---"),
    "rehab.post.rehab":            ("rw--", "r---", "r---", "----", "rw--", "r---"),
    "rehab.post.rehab.event":      ("r---", "r---", "r---", "----", "r---", "r---"),
    # Security's own records.
    "rehab.incident":              ("r---", "rwc-", "----", "----", "rwcu", "r---"),
    "rehab.incident.participant":  ("r---", "rwcu", "----", "----", "rwcu", "r---"),
    "rehab.incident.action":       ("r---", "rwcu", "----", "----", "rwcu", "r---"),
    "rehab.discipline":            ("r---", "rwc-", "----", "----", "rwcu", "r---"),
    "rehab.reward":                ("r---", "rwc-", "----", "----", "rwcu", "r---"),
    # The gate (Decree 116/2021 Art. 69-70): visitor data for intake and
    # security only; lines, items written by the visit's actions.
    "rehab.visitor":               ("rwc-", "rwc-", "----", "----", "rwcu", "----"),
    "rehab.visit":                 ("rwc-", "rwc-", "----", "----", "rwcu", "----"),
    "rehab.visit.visitor":         ("r---", "r---", "----", "----", "r---", "----"),
    "rehab.visit.item":            ("r---", "r---", "----", "----", "r---", "----"),
    "rehab.visit.slot":            ("r---", "rwcu", "----", "----", "rwcu", "----"),
    "rehab.visit.room":            ("r---", "r---", "----", "----", "rwcu", "----"),
    "rehab.funeral.leave":         ("rwc-", "rwc-", "----", "----", "rwcu", "r---"),
    # Recorded by the sending manager (record_transfer), received by the
    # receiving intake desk (receive): the "w" is checked by the receipt.
    "rehab.transfer":              ("rw--", "----", "----", "----", "rw--", "r---"),
    # The pathway (Law 73/2021 Art. 29; Decree 116/2021 Art. 58): data read by
    # all; stages and ratings written by the counsellor (the manager implies
    # the counsellor), through the models' actions; the director approves.
    "rehab.stage":                 ("r---", "r---", "r---", "r---", "rwcu", "r---"),
    "rehab.stage.path":            ("r---", "r---", "r---", "r---", "rwcu", "r---"),
    "rehab.rating.level":          ("r---", "r---", "r---", "r---", "rwcu", "r---"),
    "rehab.stay.stage":            ("r---", "r---", "r---", "----", "rw--", "r---"),
    "rehab.stay.stage.move":       ("r---", "r---", "r---", "----", "r---", "r---"),
    "rehab.rating":                ("r---", "r---", "r---", "----", "rw--", "r---"),
    "rehab.rating.sheet":          ("----", "----", "----", "----", "rwc-", "r---"),
    "rehab.reduction.proposal":    ("r---", "----", "----", "----", "rwcu", "r---"),
    "rehab.reduction.proposal.line": ("r---", "----", "----", "----", "rw--", "r---"),
    # Detox (stage 2) is medical data: the medical group and the director only.
    "rehab.detox.episode":         ("----", "----", "rwc-", "----", "rwc-", "----"),
    # Counselling, education and the individual plan: the counsellor's.
    "rehab.counselling.session":   ("----", "----", "----", "----", "rwcu", "r---"),
    "rehab.counselling.attendance": ("----", "----", "----", "----", "rw--", "r---"),
    "rehab.individual.plan":       ("----", "----", "----", "----", "rwc-", "r---"),
    "rehab.individual.plan.line":  ("----", "----", "----", "----", "rwcu", "r---"),
    "rehab.individual.plan.review": ("----", "----", "----", "----", "rwc-", "r---"),
    "rehab.individual.plan.template": ("r---", "r---", "r---", "r---", "rwcu", "r---"),
    "rehab.individual.plan.template.line": (
        "r---", "r---", "r---", "r---", "rwcu", "r---"
    ),
    # Logs and figures: read by who answers for them, written by the system.
    "rehab.medical.access.log":    ("----", "----", "----", "----", "r---", "----"),
    "rehab.occupancy.day":         ("----", "----", "----", "----", "r---", "r---"),
    "rehab.occupancy.snapshot":    ("----", "----", "----", "----", "r---", "r---"),
    "rehab.report.export.log":     ("----", "----", "----", "----", "r---", "r---"),
    # Yearly plans: managers keep them, auditors read (test_plan: the province).
    "rehab.community.rehab":       ("----", "----", "----", "----", "rwc-", "r---"),
    "rehab.plan":                  ("----", "----", "----", "----", "rwc-", "r---"),
    "rehab.plan.target":           ("----", "----", "----", "----", "rwcu", "r---"),
    "rehab.plan.indicator":        ("----", "----", "----", "----", "r---", "r---"),
}
# fmt: on


class AccessMatrixMixin:
    """The matrix checks, for a ``RehabCase`` with MODULE and EXPECTED."""

    MODULE = "rehab_facility"
    EXPECTED = EXPECTED

    def _rehab_models(self):
        """The stored models this module defines."""
        return sorted(
            name
            for name, model in self.env.registry.items()
            if model._original_module == self.MODULE
            and not model._abstract
            and not model._transient
        )

    def _granted(self, model, user):
        records = self.env[model].with_user(user)
        return "".join(op[0] if records.has_access(op) else "-" for op in OPERATIONS)

    def test_every_model_has_a_row(self):
        missing = [name for name in self._rehab_models() if name not in self.EXPECTED]
        self.assertFalse(
            missing, f"Rehab models without a row in the access matrix: {missing}"
        )

    def test_access_matrix(self):
        installed = set(self._rehab_models())
        mismatches = []
        for model, row in self.EXPECTED.items():
            self.assertIn(model, installed, f"{model} does not exist")
            for role, expected in zip(ROLES, row, strict=True):
                actual = self._granted(model, getattr(self, f"{role}_user"))
                if actual != expected:
                    mismatches.append(
                        f"{model} × {role}: expected {expected}, granted {actual}"
                    )
        self.assertFalse(
            mismatches, "\n".join(["Access matrix mismatches:", *mismatches])
        )


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixMixin, RehabCase):
    def test_matrix_can_fail(self):
        """The comparison sees a right that the table does not grant."""
        self.assertEqual(self._granted("rehab.area", self.manager_user), "rwcu")
        self.assertEqual(self._granted("rehab.belonging", self.intake_user), "r---")
        self.assertEqual(self._granted("rehab.stay", self.instructor_user), "----")
