from odoo import fields, models

from .rehab_order_type import ORDER_KINDS


class RehabIndividualPlanTemplate(models.Model):
    """The goals per stage an individual plan starts from, per order kind.

    Data (Configuration): the counsellor's plan copies the lines of the
    template of the stay's order kind for the stages of the stay's path, then
    adapts them to the person. Written in Vietnamese: the plan is a document
    of the facility (Mẫu 20, Decree 116/2021/NĐ-CP).
    """

    _name = "rehab.individual.plan.template"
    _description = "Individual Plan Template"
    _order = "kind, id"

    name = fields.Char(required=True)
    kind = fields.Selection(ORDER_KINDS, string="Order Kind", required=True)
    line_ids = fields.One2many(
        "rehab.individual.plan.template.line", "template_id", "Goals"
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("kind_unique", "UNIQUE(kind)", "An order kind has one plan template.")
    ]
