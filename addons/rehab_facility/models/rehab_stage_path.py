from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .rehab_order_type import ORDER_KINDS, REGIMES


class RehabStagePath(models.Model):
    """The stages an order kind goes through under a regime (data).

    Law 73/2021 Art. 29: compulsory residents go through all five stages,
    voluntary ones at least stages 1 to 3; the later stages of a voluntary
    stay are offered, not required. Law 120/2025 ships the same path until
    its implementing decree says otherwise: edit the data, not the code.
    """

    _name = "rehab.stage.path"
    _description = "Stage Path of an Order Kind"
    _order = "regime, kind"

    name = fields.Char(compute="_compute_name")
    kind = fields.Selection(ORDER_KINDS, required=True)
    regime = fields.Selection(REGIMES, required=True)
    stage_ids = fields.Many2many(
        "rehab.stage",
        "rehab_stage_path_stage_rel",
        "path_id",
        "stage_id",
        string="Stages",
        required=True,
    )
    required_stage_ids = fields.Many2many(
        "rehab.stage",
        "rehab_stage_path_required_rel",
        "path_id",
        "stage_id",
        string="Required Stages",
        help="Stages the resident must complete (Law 73/2021 Art. 29).",
    )
    legal_basis = fields.Char(default="Law 73/2021 Art. 29")

    _sql_constraints = [
        (
            "kind_regime_unique",
            "UNIQUE(kind, regime)",
            "An order kind has one stage path per regime.",
        )
    ]

    @api.depends("kind", "regime")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        regimes = dict(self._fields["regime"]._description_selection(self.env))
        for path in self:
            path.name = f"{kinds.get(path.kind, '')} ({regimes.get(path.regime, '')})"

    @api.constrains("stage_ids", "required_stage_ids")
    def _check_required_in_path(self):
        for path in self:
            if path.required_stage_ids - path.stage_ids:
                raise ValidationError(
                    self.env._("A required stage must be one of the path's stages.")
                )

    @api.model
    def _find(self, kind, regime):
        return self.search([("kind", "=", kind), ("regime", "=", regime)], limit=1)
