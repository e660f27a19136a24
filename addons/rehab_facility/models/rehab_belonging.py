from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# The largest quantity of one deposited item (cash is counted in VND).
QUANTITY_MAX = 1_000_000_000


class RehabBelonging(models.Model):
    """An item of personal property deposited at intake (itemised list).

    The deposit is part of the reception and handover minutes (biên bản tiếp
    nhận và bàn giao, Decree 116/2021 intake forms): once recorded, nothing of
    it changes by hand and nothing is deleted. Items are deposited by
    ``rehab.stay.deposit_belongings`` and given back by ``record_return``, at
    discharge.
    """

    _name = "rehab.belonging"
    _description = "Deposited Belonging"
    _inherit = ["rehab.guarded.mixin"]
    _order = "stay_id, sequence, id"
    # Deposited through the stay's action; returned through record_return.
    _user_create_fields = None
    _user_write_fields = {}
    _guard_state_field = None
    _guard_name_fields = ("name",)
    _guard_date_kinds = {"deposit_date": "event", "return_date": "event"}
    _guard_bounds = {
        "quantity": (0.01, QUANTITY_MAX),
        "returned_quantity": (0, QUANTITY_MAX),
        "sequence": (0, 10_000),
    }

    stay_id = fields.Many2one(
        "rehab.stay", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        related="stay_id.company_id", store=True, string="Facility"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    quantity = fields.Float(default=1.0, digits=(16, 2), required=True)
    uom = fields.Char(string="Unit", default="cái")
    description = fields.Char(string="Description and Condition")
    returned_quantity = fields.Float(digits=(16, 2), readonly=True, copy=False)
    return_note = fields.Char(
        string="Return Explanation",
        readonly=True,
        copy=False,
        help="Why what was returned differs from what was deposited.",
    )
    return_date = fields.Date(readonly=True, copy=False)
    deposit_date = fields.Date(
        string="Deposited On",
        required=True,
        default=lambda self: self.env.company.rehab_today(),
    )

    _sql_constraints = [
        (
            "quantity_positive",
            "CHECK(quantity > 0)",
            "The quantity of a deposited item must be positive.",
        ),
    ]

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A deposited belonging cannot be deleted: it is part of the "
                "reception minutes. Its return is recorded at discharge."
            )
        )

    def record_return(self, returned_quantity, return_date, explanation=None):
        """Record what is given back of this item at discharge.

        Called by the discharge, item by item, before the stay is released.
        A difference with the deposit needs an explanation; an item is
        returned once.
        """
        self.ensure_one()
        self._guard_check_access("read")
        self.stay_id._guard_check_access("write")
        explanation = (explanation or "").strip()
        values = self._guard_check_values(
            {
                "returned_quantity": returned_quantity or 0,
                "return_note": explanation or False,
            }
        )
        self._check_return(values["returned_quantity"], return_date, explanation)
        self.sudo().write({**values, "return_date": return_date})
        return True

    def _check_return(self, quantity, return_date, explanation):
        return_date = fields.Date.to_date(return_date)
        if self.return_date:
            raise UserError(self.env._("%s was already returned.", self.name))
        if self.stay_id.state == "released":
            raise UserError(
                self.env._(
                    "The stay is released: its belongings were returned at the "
                    "discharge."
                )
            )
        admission = self.stay_id.admission_date
        if not return_date or not (
            admission <= return_date <= self.company_id.rehab_today()
        ):
            raise ValidationError(
                self.env._(
                    "%s: the return date must be between the admission and today.",
                    self.name,
                )
            )
        if quantity > self.quantity:
            raise ValidationError(
                self.env._(
                    "%(item)s: between 0 and %(quantity)s can be returned.",
                    item=self.name,
                    quantity=self.quantity,
                )
            )
        if quantity != self.quantity and not explanation:
            raise ValidationError(
                self.env._(
                    "%s: what is returned differs from the deposit; explain the "
                    "difference.",
                    self.name,
                )
            )
