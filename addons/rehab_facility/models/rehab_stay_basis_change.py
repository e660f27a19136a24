from odoo import api, fields, models
from odoo.exceptions import UserError


class RehabStayBasisChange(models.Model):
    """A recorded change of a stay's legal basis.

    Typically a person managed while the compulsory dossier is prepared
    (Decree 116/2021 Art. 44-45) whom the court then orders into compulsory
    rehab: the days already served are credited to the new term (Art. 44.3).
    """

    _name = "rehab.stay.basis.change"
    _description = "Legal Basis Change"
    _inherit = ["rehab.guarded.mixin"]
    _order = "date, id"
    # Written only by ``rehab.stay.change_legal_basis``; never edited.
    _user_create_fields = None
    _user_write_fields = {}
    _guard_state_field = None

    stay_id = fields.Many2one(
        "rehab.stay", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="stay_id.company_id", store=True, string="Facility"
    )
    date = fields.Date(string="Effective Date", required=True, readonly=True)
    from_order_type_id = fields.Many2one(
        "rehab.order.type", string="From", required=True, readonly=True
    )
    to_order_type_id = fields.Many2one(
        "rehab.order.type", string="To", required=True, readonly=True
    )
    decision_number = fields.Char(readonly=True)
    decision_date = fields.Date(readonly=True)
    decision_authority = fields.Char(string="Deciding Authority", readonly=True)
    credit_days = fields.Integer(string="Days Credited", readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        readonly=True,
        default=lambda self: self.env.user,
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A change of legal basis is part of the stay's legal history and "
                "cannot be deleted."
            )
        )
