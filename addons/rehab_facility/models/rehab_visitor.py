from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .rehab_area import SEXES
from .rehab_resident_contact import RELATIONSHIPS
from .rehab_resident_identity import citizen_id_problem

# What the intake desk or the gate types to register a visitor.
VISITOR_FIELDS = (
    "name",
    "citizen_id",
    "sex",
    "birthdate",
    "phone",
    "resident_id",
    "relationship",
    "contact_id",
)


class RehabVisitor(models.Model):
    """A relative who visits a resident (Decree 116/2021 Art. 69).

    Identified by the citizen ID (CCCD, 12 digits, checked like a
    resident's) and linked to the resident's family contacts. Visitor data
    is for the intake desk and the security officers of the facility only
    (groups and record rules). A visitor may be banned for a period, with
    the reason (``action_ban``); a banned visitor cannot be booked nor let
    in, under any of their records of the facility (same citizen ID).
    """

    _name = "rehab.visitor"
    _description = "Visitor"
    _inherit = ["mail.thread", "rehab.guarded.mixin"]
    _order = "name, id"
    _check_company_auto = True
    _rec_names_search = ["name", "citizen_id"]
    _user_create_fields = VISITOR_FIELDS
    # The identity (CCCD, resident) is not retyped: register the person again.
    _user_write_fields = {"*": ("name", "sex", "birthdate", "phone", "contact_id")}
    _guard_state_field = None
    _guard_name_fields = ("name",)
    _guard_date_kinds = {"birthdate": "birth"}

    name = fields.Char(string="Full Name", required=True, tracking=True)
    citizen_id = fields.Char(
        string="Citizen ID (CCCD)", required=True, index=True, tracking=True
    )
    sex = fields.Selection(SEXES)
    birthdate = fields.Date(string="Date of Birth")
    phone = fields.Char(tracking=True)
    resident_id = fields.Many2one(
        "rehab.resident",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="resident_id.company_id", store=True, index=True, string="Facility"
    )
    relationship = fields.Selection(
        RELATIONSHIPS,
        string="Relationship to the Resident",
        required=True,
        tracking=True,
    )
    contact_id = fields.Many2one(
        "rehab.resident.contact",
        string="Family Contact",
        domain="[('resident_id', '=', resident_id)]",
        help="The resident's family contact this visitor is. Left empty, one is "
        "added to the resident's contacts.",
    )
    ban_reason = fields.Char(readonly=True, tracking=True)
    ban_date_from = fields.Date(string="Banned From", readonly=True, tracking=True)
    ban_date_to = fields.Date(string="Banned Until", readonly=True, tracking=True)
    is_banned = fields.Boolean(
        string="Banned Today", compute="_compute_is_banned", search="_search_banned"
    )
    visit_line_ids = fields.One2many(
        "rehab.visit.visitor", "visitor_id", string="Visits"
    )
    active = fields.Boolean(default=True, tracking=True)

    _sql_constraints = [
        (
            "resident_citizen_id_unique",
            "unique(resident_id, citizen_id)",
            "This person is already registered as a visitor of this resident.",
        ),
    ]

    @api.depends("ban_date_from", "ban_date_to")
    def _compute_is_banned(self):
        for visitor in self:
            visitor.is_banned = bool(
                visitor._ban_covering(
                    (visitor.company_id or self.env.company).rehab_today()
                )
            )

    def _search_banned(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Banned Today."))
        today = self.env.company.rehab_today()
        domain = [
            ("ban_date_from", "<=", today),
            "|",
            ("ban_date_to", "=", False),
            ("ban_date_to", ">=", today),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("name", "citizen_id")
    def _compute_display_name(self):
        for visitor in self:
            visitor.display_name = (
                f"{visitor.name} ({visitor.citizen_id})"
                if visitor.citizen_id
                else visitor.name or ""
            )

    # ------------------------------------------------------------ rules
    def _guard_check_values(self, vals):
        if isinstance(vals.get("citizen_id"), str):
            vals = {**vals, "citizen_id": vals["citizen_id"].strip()}
        return super()._guard_check_values(vals)

    @api.constrains("citizen_id", "sex", "birthdate")
    def _check_citizen_id(self):
        for visitor in self:
            problem = citizen_id_problem(
                self.env, visitor.citizen_id, visitor.sex, visitor.birthdate
            )
            if problem:
                raise ValidationError(problem)

    @api.constrains("contact_id", "resident_id")
    def _check_contact(self):
        for visitor in self.filtered("contact_id"):
            if visitor.contact_id.resident_id != visitor.resident_id:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is a contact of another resident, not of "
                        "%(resident)s.",
                        contact=visitor.contact_id.name,
                        resident=visitor.resident_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        visitors = super().create(vals_list)
        # Every visitor is one of the resident's family contacts.
        for visitor in visitors.filtered(lambda v: not v.contact_id):
            contact = (
                self.env["rehab.resident.contact"]
                .sudo()
                .create(
                    {
                        "resident_id": visitor.resident_id.id,
                        "name": visitor.name,
                        "relationship": visitor.relationship,
                        "phone": visitor.phone,
                    }
                )
            )
            visitor.sudo().contact_id = contact
        return visitors

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A visitor cannot be deleted: their visits are part of the gate's "
                "record. Archive them with a reason instead."
            )
        )

    # ------------------------------------------------------------ bans
    def _ban_covering(self, day):
        """This record's ban on ``day`` (a facility day), or False."""
        self.ensure_one()
        return bool(
            self.ban_date_from
            and self.ban_date_from <= day
            and (not self.ban_date_to or day <= self.ban_date_to)
        )

    def _banned_on(self, day):
        """The visitors among ``self`` banned on ``day``, under any of their
        records of the facility (the same person visiting two residents)."""
        if not self:
            return self
        records = self.sudo().search(
            [
                ("citizen_id", "in", self.mapped("citizen_id")),
                ("company_id", "in", self.company_id.ids),
                ("ban_date_from", "<=", day),
                "|",
                ("ban_date_to", "=", False),
                ("ban_date_to", ">=", day),
            ]
        )
        banned = {(r.company_id.id, r.citizen_id): r for r in records}
        return self.filtered(lambda v: (v.company_id.id, v.citizen_id) in banned)

    def _ban_reason_on(self, day):
        self.ensure_one()
        ban = self.sudo().search(
            [
                ("citizen_id", "=", self.citizen_id),
                ("company_id", "=", self.company_id.id),
                ("ban_date_from", "<=", day),
                "|",
                ("ban_date_to", "=", False),
                ("ban_date_to", ">=", day),
            ],
            limit=1,
        )
        return ban.ban_reason or ""

    def _check_gate_staff(self):
        if not self.env.su and not self.env.user.has_group(
            "rehab_facility.group_rehab_security"
        ):
            raise AccessError(
                self.env._("Visitors are banned by the security officers.")
            )

    def action_ban(self, reason, date_from, date_to=False):
        """Ban the visitor from visiting, for a period, with the reason."""
        self.ensure_one()
        visitor = self._guard_check_access("write")
        self._check_gate_staff()
        reason = " ".join((reason or "").split())
        if not reason:
            raise UserError(self.env._("Say why the visitor is banned."))
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to) if date_to else False
        if not date_from:
            raise UserError(self.env._("Enter the first day of the ban."))
        if date_to and date_to < date_from:
            raise ValidationError(self.env._("The ban ends before it starts."))
        self._guard_check_values({"ban_reason": reason})
        visitor.write(
            {"ban_reason": reason, "ban_date_from": date_from, "ban_date_to": date_to}
        )
        self.message_post(
            body=self.env._(
                "Banned from %(start)s to %(end)s: %(reason)s",
                start=date_from.strftime("%d/%m/%Y"),
                end=date_to.strftime("%d/%m/%Y") if date_to else "-",
                reason=reason,
            )
        )
        return True

    def action_lift_ban(self, reason):
        """End the visitor's ban today, with the reason."""
        self.ensure_one()
        visitor = self._guard_check_access("write")
        self._check_gate_staff()
        reason = " ".join((reason or "").split())
        if not reason:
            raise UserError(self.env._("Say why the ban is lifted."))
        if not self.ban_date_from:
            raise UserError(self.env._("This visitor is not banned."))
        self._guard_check_values({"ban_reason": reason})
        yesterday = fields.Date.subtract(self.company_id.rehab_today(), days=1)
        if self.ban_date_from > yesterday:
            visitor.write({"ban_date_from": False, "ban_date_to": False})
        else:
            visitor.write({"ban_date_to": yesterday})
        self.message_post(body=self.env._("Ban lifted: %s", reason))
        return True

    def action_open_ban_wizard(self):
        self.ensure_one()
        self._guard_check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Ban the Visitor"),
            "res_model": "rehab.visitor.ban.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_visitor_id": self.id},
        }

    def action_open_lift_ban(self):
        self.ensure_one()
        self._guard_check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Lift the Ban"),
            "res_model": "rehab.gate.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": "rehab.visitor",
                "default_res_id": self.id,
                "default_method": "action_lift_ban",
            },
        }
