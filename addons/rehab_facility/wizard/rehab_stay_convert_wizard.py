from odoo import api, fields, models

CONVERTIBLE_KINDS = [
    ("compulsory_adult", "Compulsory rehab (adult)"),
    ("compulsory_minor", "Compulsory rehab (minor 12 to under 18)"),
]


class RehabStayConvertWizard(models.TransientModel):
    """Record the court decision that turns a pending stay into compulsory rehab.

    Decree 116/2021 Art. 44.3: the time a person was managed at the facility
    while the compulsory dossier was prepared is deducted from the compulsory
    term. The change is recorded (legal basis history + ledger credit line),
    never an edit of the stay's fields.
    """

    _name = "rehab.stay.convert.wizard"
    _description = "Change Legal Basis"
    _inherit = ["rehab.input.guard.mixin"]
    _guard_date_kinds = {"decision_date": "event"}

    stay_id = fields.Many2one("rehab.stay", required=True, readonly=True)
    order_kind = fields.Selection(
        CONVERTIBLE_KINDS, string="New Order", required=True, default="compulsory_adult"
    )
    decision_number = fields.Char(required=True)
    decision_date = fields.Date(required=True)
    decision_authority = fields.Char(string="Deciding Authority", required=True)
    order_type_id = fields.Many2one("rehab.order.type", compute="_compute_order_type")
    term_months = fields.Integer(
        string="Term (months)",
        compute="_compute_term_months",
        store=True,
        readonly=False,
    )
    current_bed_id = fields.Many2one(related="stay_id.current_bed_id")
    bed_fits = fields.Boolean(
        compute="_compute_bed_fits",
        help="Whether the current bed is in an area for the new order.",
    )
    fitting_bed_ids = fields.Many2many(
        "rehab.bed", compute="_compute_bed_fits", string="Beds That Fit"
    )
    bed_id = fields.Many2one(
        "rehab.bed",
        string="New Bed",
        domain="[('id', 'in', fitting_bed_ids)]",
        help="Required when the current bed is not in an area for the new order.",
    )
    credit_days = fields.Integer(
        string="Days Credited",
        compute="_compute_credit_days",
        help="Days served at the facility before the decision (Decree 116/2021 "
        "Art. 44.3).",
    )

    @api.depends("order_kind", "decision_date")
    def _compute_order_type(self):
        for wizard in self:
            wizard.order_type_id = (
                self.env["rehab.order.type"]._find_for_date(
                    wizard.order_kind, wizard.decision_date
                )
                if wizard.decision_date
                else False
            )

    @api.depends("order_type_id", "stay_id")
    def _compute_term_months(self):
        for wizard in self:
            wizard.term_months = (
                wizard.order_type_id._term_bounds(wizard.stay_id.is_relapse)[2]
                if wizard.order_type_id
                else 0
            )

    @api.depends("order_type_id", "stay_id")
    def _compute_bed_fits(self):
        beds = self.env["rehab.bed"]
        for wizard in self:
            stay = wizard.stay_id
            if not (wizard.order_type_id and stay):
                wizard.bed_fits = True
                wizard.fitting_bed_ids = False
                continue
            domain = beds._fitting_domain(
                stay.company_id,
                stay.resident_id.sex,
                stay._resident_age() < 18,
                wizard.order_type_id,
            )
            wizard.fitting_bed_ids = beds.search(domain)
            current = stay.current_bed_id
            wizard.bed_fits = not current or not stay._bed_mismatch(
                current, wizard.order_type_id
            )

    @api.depends("stay_id.admission_date", "decision_date")
    def _compute_credit_days(self):
        for wizard in self:
            if wizard.decision_date and wizard.stay_id.admission_date:
                wizard.credit_days = max(
                    (wizard.decision_date - wizard.stay_id.admission_date).days, 0
                )
            else:
                wizard.credit_days = 0

    def action_confirm(self):
        self.ensure_one()
        self.stay_id.change_legal_basis(
            self.order_kind,
            {
                "number": self.decision_number,
                "date": self.decision_date,
                "authority": self.decision_authority,
            },
            term_months=self.term_months,
            bed=self.bed_id or None,
        )
        return {"type": "ir.actions.act_window_close"}
