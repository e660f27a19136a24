from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .rehab_area import SHARED_AREA_KINDS
from .rehab_order_type import ORDER_KINDS
from .rehab_resident import ACTIVE_STAY_STATES
from .rehab_stay_workflow import INTAKE_EDITABLE_FIELDS

STAY_STATES = [
    ("intake", "Intake"),
    ("in_rehab", "In Rehab"),
    ("absent", "Absent"),
    ("suspended", "Suspended"),
    ("released", "Released"),
]
RELEASE_REASONS = [
    ("completed", "Term completed"),
    ("court", "Term reduced or remainder exempted by the court"),
    ("transfer", "Transfer to another facility"),
    ("hospital", "Hospital transfer or suspension"),
    ("death", "Death"),
    ("escape", "Escape not returned"),
]


class RehabStay(models.Model):
    """One admission of a resident under one legal order."""

    _name = "rehab.stay"
    _description = "Stay"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "rehab.stay.term",
        "rehab.stay.pathway",
        "rehab.stay.reduction",
        "rehab.stay.workflow",
        "rehab.stay.release",
        "rehab.stay.transfer",
        "rehab.guarded.mixin",
        "rehab.citizen.id.search.mixin",
    ]
    _order = "admission_date desc, id desc"
    _citizen_id_path = "resident_id.citizen_id"
    # Stays are opened by ``open_stay`` (the intake desk), never created by hand.
    _user_create_fields = None
    _user_write_fields = {"intake": INTAKE_EDITABLE_FIELDS}
    _guard_name_fields = ("receiver_name",)
    _guard_date_kinds = {"admission_date": "event", "decision_date": "event"}
    _guard_bounds = {
        "term_months": (0, 60),
        "weight_kg": (0, 300),
        "height_cm": (0, 250),
    }
    _check_company_auto = True
    _rec_names_search = ["name", "resident_id.name", "resident_id.citizen_id"]

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    resident_id = fields.Many2one(
        "rehab.resident",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Facility",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        STAY_STATES, default="intake", required=True, tracking=True, index=True
    )
    sex = fields.Selection(related="resident_id.sex", store=True)
    birthdate = fields.Date(related="resident_id.birthdate")
    order_kind = fields.Selection(
        ORDER_KINDS, string="Order", required=True, tracking=True, index=True
    )
    order_type_id = fields.Many2one(
        "rehab.order.type",
        compute="_compute_order_type",
        store=True,
        tracking=True,
        help="The version of the order in force on the decision date (or the "
        "admission date when there is no decision).",
    )
    regime = fields.Selection(related="order_type_id.regime", store=True)
    decision_required = fields.Boolean(related="order_type_id.decision_required")
    fixed_term = fields.Boolean(related="order_type_id.fixed_term")
    decision_number = fields.Char(tracking=True)
    decision_date = fields.Date(tracking=True)
    decision_authority = fields.Char(string="Deciding Authority", tracking=True)
    admission_date = fields.Date(
        required=True,
        index=True,  # the lists' order (_order), newest first
        tracking=True,
        default=lambda self: self.env.company.rehab_today(),
    )
    term_months = fields.Integer(string="Term (months)", tracking=True)
    term_start_date = fields.Date(
        compute="_compute_term_start_date",
        store=True,
        recursive=True,  # a transferred stay keeps the sending stay's
        help="The admission date, or the court decision date once a stay "
        "managed pending decision became compulsory.",
    )
    is_relapse = fields.Boolean(
        string="Relapse (tái nghiện)",
        compute="_compute_is_relapse",
        store=True,
        help="The person completed an earlier stay: a readmission, which under "
        "Law 120/2025 carries the repeat term.",
    )
    adjustment_ids = fields.One2many(
        "rehab.stay.adjustment", "stay_id", string="Term Adjustments"
    )
    basis_change_ids = fields.One2many(
        "rehab.stay.basis.change", "stay_id", string="Legal Basis History"
    )
    expected_release_date = fields.Date(
        compute="_compute_expected_release_date",
        store=True,
        tracking=True,
        index=True,
    )
    release_breakdown = fields.Html(
        compute="_compute_release_breakdown", sanitize=False
    )
    release_date = fields.Date(tracking=True, readonly=True, copy=False)
    release_reason = fields.Selection(
        RELEASE_REASONS, tracking=True, readonly=True, copy=False, index=True
    )
    release_document = fields.Char(
        readonly=True,
        copy=False,
        help="Court decision, transfer decision or death certificate.",
    )
    receiver_name = fields.Char(string="Received By", readonly=True, copy=False)
    receiver_id_number = fields.Char(
        string="Receiver's ID Number", readonly=True, copy=False
    )
    receiver_relationship = fields.Char(
        string="Receiver's Relationship or Office", readonly=True, copy=False
    )
    destination_commune_id = fields.Many2one("rehab.commune", readonly=True, copy=False)
    notice_number = fields.Char(
        string="Advance Notice No.", readonly=True, copy=False, tracking=True
    )
    notice_date = fields.Date(string="Advance Notice Date", readonly=True, copy=False)
    certificate_number = fields.Char(
        string="Certificate No.", readonly=True, copy=False, tracking=True
    )
    handover_number = fields.Char(
        string="Handover Minutes No.", readonly=True, copy=False, tracking=True
    )
    # The reception minutes (Decree 116/2021 intake): when and from whom the
    # person was received, under which document; their own number.
    reception_number = fields.Char(
        string="Reception Minutes No.", readonly=True, copy=False, tracking=True
    )
    received_at = fields.Datetime(string="Time of Receipt", readonly=True, copy=False)
    delivered_by_unit = fields.Char(string="Delivering Unit", readonly=True, copy=False)
    delivered_by_name = fields.Char(string="Delivered By", readonly=True, copy=False)
    delivered_by_position = fields.Char(
        string="Position of the Person Delivering", readonly=True, copy=False
    )
    received_documents = fields.Text(
        string="Documents Received",
        readonly=True,
        copy=False,
        help="The decision and file handed over with the person.",
    )
    post_rehab_ids = fields.One2many(
        "rehab.post.rehab", "stay_id", string="Post-rehab Management"
    )
    release_overdue = fields.Boolean(
        string="Past Release Date",
        compute="_compute_release_overdue",
        search="_search_release_overdue",
        help="Still open although the expected release date has passed.",
    )
    assignment_ids = fields.One2many(
        "rehab.bed.assignment", "stay_id", string="Bed History"
    )
    current_bed_id = fields.Many2one(
        "rehab.bed", compute="_compute_current_bed", store=True
    )
    current_area_id = fields.Many2one(
        related="current_bed_id.area_id", store=True, string="Area"
    )
    belonging_ids = fields.One2many(
        "rehab.belonging", "stay_id", string="Deposited Belongings"
    )
    absence_ids = fields.One2many(
        "rehab.stay.absence", "stay_id", string="Escapes and Suspensions"
    )
    open_absence_id = fields.Many2one(
        "rehab.stay.absence", compute="_compute_open_absence_id"
    )
    discipline_ids = fields.One2many(
        "rehab.discipline", "stay_id", string="Discipline Decisions"
    )
    reward_ids = fields.One2many("rehab.reward", "stay_id", string="Rewards")
    health_notes = fields.Text(
        string="Initial Health Check",
        help="General condition, visible injuries, withdrawal signs. Test "
        "results go in the resident's medical data.",
    )
    weight_kg = fields.Float(string="Weight (kg)", digits=(5, 1))
    height_cm = fields.Float(string="Height (cm)", digits=(5, 1))
    active = fields.Boolean(default=True)

    # ---------------------------------------------------------------- computes
    @api.depends("order_kind", "decision_date", "admission_date")
    def _compute_order_type(self):
        order_types = self.env["rehab.order.type"]
        for stay in self:
            on_date = stay.decision_date or stay.admission_date
            stay.order_type_id = (
                order_types._find_for_date(stay.order_kind, on_date)
                if stay.order_kind and on_date
                else False
            )

    @api.depends(
        "admission_date",
        "basis_change_ids.date",
        "transferred_from_stay_id.term_start_date",
    )
    def _compute_term_start_date(self):
        for stay in self:
            if stay.transferred_from_stay_id:  # a transfer keeps the term start
                stay.term_start_date = stay.transferred_from_stay_id.term_start_date
                continue
            changes = stay.basis_change_ids.sorted("date")
            stay.term_start_date = changes[-1].date if changes else stay.admission_date

    @api.depends("resident_id", "admission_date")
    def _compute_is_relapse(self):
        for stay in self:
            stay.is_relapse = bool(
                stay.resident_id
                and stay.admission_date
                and stay.resident_id._is_readmission(stay.admission_date)
            )

    @api.depends(
        "term_start_date",
        "term_months",
        "order_type_id.fixed_term",
        "adjustment_ids.signed_days",
        "adjustment_ids.signed_months",
        "adjustment_ids.date",
    )
    def _compute_expected_release_date(self):
        for stay in self:
            steps = stay._release_steps()
            stay.expected_release_date = steps[-1][2] if steps else False

    @api.depends("expected_release_date", "state")
    def _compute_release_overdue(self):
        for stay in self:
            stay.release_overdue = bool(
                stay.state in ACTIVE_STAY_STATES
                and stay.expected_release_date
                and stay.expected_release_date < stay.company_id.rehab_today()
            )

    def _search_release_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Past Release Date."))
        domain = [
            ("state", "in", ACTIVE_STAY_STATES),
            ("expected_release_date", "<", self.env.company.rehab_today()),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("absence_ids.date_end")
    def _compute_open_absence_id(self):
        for stay in self:
            stay.open_absence_id = stay.absence_ids.filtered(lambda a: not a.date_end)[
                :1
            ]

    @api.depends("assignment_ids.date_to", "assignment_ids.bed_id")
    def _compute_current_bed(self):
        for stay in self:
            current = stay.assignment_ids.filtered(lambda a: not a.date_to)
            stay.current_bed_id = current[:1].bed_id

    @api.depends("name", "resident_id.name")
    def _compute_display_name(self):
        for stay in self:
            stay.display_name = f"{stay.name} - {stay.resident_id.name or ''}"

    # --------------------------------------------------------------- onchanges
    @api.onchange("order_type_id", "is_relapse")
    def _onchange_default_term(self):
        if self.order_type_id.fixed_term:
            __, __, default = self.order_type_id._term_bounds(self.is_relapse)
            self.term_months = default
        else:
            self.term_months = 0

    # ------------------------------------------------------------------ rules
    @api.constrains("order_kind", "order_type_id", "decision_date", "admission_date")
    def _check_order_type_in_force(self):
        kinds = dict(self._fields["order_kind"]._description_selection(self.env))
        for stay in self:
            if not stay.order_type_id:
                raise ValidationError(
                    self.env._(
                        "No “%(kind)s” order is in force on %(date)s. Check the "
                        "decision date.",
                        kind=kinds.get(stay.order_kind),
                        date=(stay.decision_date or stay.admission_date).strftime(
                            "%d/%m/%Y"
                        ),
                    )
                )

    @api.constrains("state", "resident_id")
    def _check_single_active_stay(self):
        active = self.filtered(lambda s: s.state in ACTIVE_STAY_STATES)
        if not active:
            return
        groups = self._read_group(
            [
                ("resident_id", "in", active.resident_id.ids),
                ("state", "in", ACTIVE_STAY_STATES),
            ],
            ["resident_id"],
            ["__count"],
        )
        for resident, count in groups:
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "%s already has an open stay. Release or close it before "
                        "admitting the person again.",
                        resident.name,
                    )
                )

    @api.constrains("resident_id", "order_type_id", "admission_date")
    def _check_age(self):
        # A transferred stay continues the order checked at the first admission.
        for stay in self.filtered(
            lambda s: s.order_type_id and not s.transferred_from_stay_id
        ):
            order = stay.order_type_id
            age = stay.resident_id.age_on(stay.admission_date)
            if age < order.age_min or (order.age_max and age >= order.age_max):
                if order.age_max:
                    bounds = self.env._(
                        "from %(min)s to under %(max)s",
                        min=order.age_min,
                        max=order.age_max,
                    )
                else:
                    bounds = self.env._("%s or older", order.age_min)
                raise ValidationError(
                    self.env._(
                        "%(name)s is %(age)s years old on the admission date; "
                        "“%(order)s” applies to people %(bounds)s.",
                        name=stay.resident_id.name,
                        age=age,
                        order=order.name,
                        bounds=bounds,
                    )
                )

    @api.constrains(
        "order_type_id", "decision_number", "decision_date", "decision_authority"
    )
    def _check_decision(self):
        for stay in self:
            if stay.order_type_id.decision_required and not (
                stay.decision_number and stay.decision_date and stay.decision_authority
            ):
                raise ValidationError(
                    self.env._(
                        "“%s” needs the court decision: enter its number, date and "
                        "the deciding court.",
                        stay.order_type_id.name,
                    )
                )
            if (
                stay.decision_date
                and stay.decision_date > stay.company_id.rehab_today()
            ):
                raise ValidationError(
                    self.env._("The decision date cannot be in the future.")
                )

    @api.constrains("order_type_id", "term_months", "is_relapse")
    def _check_term(self):
        for stay in self.filtered("order_type_id"):
            order = stay.order_type_id
            if not order.fixed_term:
                continue
            low, high, __ = order._term_bounds(stay.is_relapse)
            if not low <= stay.term_months <= high:
                raise ValidationError(
                    self.env._(
                        "A term of %(term)s months is outside the law for “%(order)s”"
                        "%(relapse)s: it must be between %(low)s and %(high)s months.",
                        term=stay.term_months,
                        order=order.name,
                        relapse=self.env._(" on relapse") if stay.is_relapse else "",
                        low=low,
                        high=high,
                    )
                )

    @api.constrains("admission_date", "resident_id")
    def _check_admission_date(self):
        for stay in self:
            if stay.admission_date > stay.company_id.rehab_today():
                raise ValidationError(
                    self.env._(
                        "The admission date %s is in the future: record the stay on "
                        "the day the person arrives.",
                        stay.admission_date.strftime("%d/%m/%Y"),
                    )
                )
            if stay.admission_date < stay.resident_id.birthdate:
                raise ValidationError(
                    self.env._("The admission date is before the date of birth.")
                )

    def _bed_mismatch(self, bed, order_type=None):
        """Return why ``bed`` cannot take this stay's resident, or False.

        ``order_type`` checks the bed against another order than the stay's
        (a legal basis about to change).
        """
        self.ensure_one()
        order_type = order_type or self.order_type_id
        if bed.company_id != self.company_id:
            return self.env._(
                "Bed %(bed)s belongs to %(facility)s, not to this stay's facility.",
                bed=bed.display_name,
                facility=bed.company_id.name,
            )
        if bed.sex != self.resident_id.sex:
            return self.env._(
                "Bed %s is in an area for the other sex: every area is split by sex "
                "(Law 73/2021 Art. 35).",
                bed.display_name,
            )
        age_group = "minor" if self._resident_age() < 18 else "adult"
        if bed.age_group != age_group:
            return (
                self.env._(
                    "Bed %s is in an adult area: minors are housed only in areas for "
                    "minors (Law 73/2021 Art. 35).",
                    bed.display_name,
                )
                if age_group == "minor"
                else self.env._(
                    "Bed %s is in an area for minors: adults cannot be housed there.",
                    bed.display_name,
                )
            )
        allowed = {order_type.area_kind, *SHARED_AREA_KINDS}
        if age_group == "minor":
            allowed.add("minor")
        if bed.area_kind not in allowed:
            return self.env._(
                "Bed %(bed)s is in a “%(kind)s” area, which does not take “%(order)s” "
                "residents.",
                bed=bed.display_name,
                kind=dict(bed._fields["area_kind"]._description_selection(self.env))[
                    bed.area_kind
                ],
                order=order_type.name,
            )
        return False

    def _away_on(self, on_date):
        """Whether the resident was away (escaped, in hospital) on ``on_date``,
        a facility day."""
        self.ensure_one()
        company = self.company_id
        for absence in self.absence_ids:
            start = company.rehab_local_date(absence.date_start)
            end = (
                company.rehab_local_date(absence.date_end) if absence.date_end else None
            )
            if start <= on_date and (end is None or on_date < end):
                return True
        return False

    def _resident_age(self):
        return self.resident_id.age_on(
            self.admission_date or self.company_id.rehab_today()
        )

    # ---------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            return super().create(vals_list)  # refused: stays come from open_stay
        # The reference is taken only once the caller's checks passed.
        vals_list = [
            dict(vals, name=self.env["ir.sequence"].next_by_code("rehab.stay"))
            if vals.get("name", "/") == "/"
            else vals
            for vals in vals_list
        ]
        # The resident follows the stay before the company check of create
        # (a readmission at another facility): its past stays keep theirs.
        for vals in vals_list:
            resident = self.env["rehab.resident"].browse(vals.get("resident_id"))
            company_id = vals.get("company_id") or self.env.company.id
            if resident and resident.company_id.id != company_id:
                resident.sudo().company_id = company_id
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A stay cannot be deleted: it is part of the resident's legal "
                "file. Archive it with the reason instead."
            )
        )
