from odoo import fields, models


class RehabStage(models.Model):
    """One of the five stages of rehab (Law 73/2021 Art. 29).

    (1) reception and classification, 1-2 days; (2) withdrawal, detox and
    treatment of mental and other disorders; (3) education, counselling,
    behaviour rehabilitation; (4) labour therapy and vocational training;
    (5) preparation for reintegration. Names and planned lengths are data.
    """

    _name = "rehab.stage"
    _description = "Rehab Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(required=True, default=10)
    legal_basis = fields.Char(default="Law 73/2021 Art. 29")
    planned_days = fields.Integer(
        string="Planned Length (days)",
        help="Used to plan the stage's dates at admission; 0: until the next "
        "stages leave room (the last stages share the rest of the term).",
    )
    is_detox = fields.Boolean(
        string="Detox Stage",
        help="Withdrawal and detox: a medical episode, recorded by the medical "
        "staff.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "Each stage has its own code."),
        (
            "days_check",
            "CHECK(planned_days >= 0)",
            "A stage cannot last less than 0 days.",
        ),
    ]
