import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..models.rehab_area import SEXES
from ..models.rehab_order_type import ORDER_KINDS
from ..models.rehab_resident import (
    CENTURY_SEX_DIGITS,
    LEGAL_RECORDS,
    MEDICAL_FIELDS,
    MEDICAL_GROUPS,
    age_on,
    citizen_id_problem,
)
from ..models.rehab_stay_workflow import INTAKE_EDITABLE_FIELDS

IDENTITY_FIELDS = ("name", "citizen_id", "birthdate", "sex")
# A CCCD is exactly 12 digits (TT 59/2021/TT-BCA Art. 4); \Z: no newline after.
CITIZEN_ID_FORMAT = re.compile(r"\A\d{12}\Z")
# What a new person's record is made of (rehab.resident.register_person).
PERSON_FIELDS = (
    "name",
    "birthdate",
    "sex",
    "ethnicity",
    "province_id",
    "commune_id",
    "address",
    "education",
    "occupation",
    "drug_type_ids",
    "drug_use_years",
    "legal_record",
    "legal_record_note",
)


class RehabIntakeWizard(models.TransientModel):
    """The intake desk: find the person first, then record the admission.

    Search by citizen ID (exact) and by name, birth date and sex (fuzzy,
    accent-insensitive) so that a known person is reused, never duplicated.
    Only people and beds of the user's facilities are ever offered or shown.
    The wizard only collects; each step is one call to the models, which
    check the rules (``register_person``, ``open_stay``, ``deposit_belongings``,
    ``assign_bed``, ``action_admit``).
    """

    _name = "rehab.intake.wizard"
    _description = "Intake Wizard"
    _inherit = ["rehab.input.guard.mixin"]
    _check_company_auto = True
    _guard_name_fields = ("name",)
    _guard_date_kinds = {
        "birthdate": "birth",
        "admission_date": "event",
        "decision_date": "event",
    }
    _guard_bounds = {
        "term_months": (0, 60),
        "weight_kg": (0, 300),
        "height_cm": (0, 250),
        "drug_use_years": (0, 100),
    }

    step = fields.Selection(
        [
            ("search", "Find the person"),
            ("candidates", "Possible matches"),
            ("details", "Admission"),
        ],
        default="search",
        required=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    # Identity: asked once, used for the search and for a new person.
    citizen_id = fields.Char(string="Citizen ID (CCCD)")
    name = fields.Char(string="Full Name")
    birthdate = fields.Date(string="Date of Birth")
    sex = fields.Selection(SEXES)
    candidate_ids = fields.Many2many("rehab.resident", string="Possible Matches")
    resident_id = fields.Many2one(
        "rehab.resident",
        string="Existing Person",
        domain="[('id', 'in', candidate_ids)]",
    )
    new_person_reason = fields.Char(
        string="Why a New Person",
        help="Required when possible matches were found but none is this person.",
    )
    # Personal data of a new person.
    ethnicity = fields.Char(default="Kinh")
    province_id = fields.Many2one("rehab.province", string="Home Province")
    commune_id = fields.Many2one(
        "rehab.commune",
        string="Home Commune",
        domain="[('province_id', '=?', province_id)]",
    )
    address = fields.Char(string="Home Address")
    education = fields.Selection(
        selection=lambda self: self.env["rehab.resident"]
        ._fields["education"]
        ._description_selection(self.env)
    )
    occupation = fields.Char()
    drug_type_ids = fields.Many2many("rehab.drug.type", string="Drugs Used")
    drug_use_years = fields.Integer(string="Years of Drug Use")
    legal_record = fields.Selection(LEGAL_RECORDS)
    legal_record_note = fields.Char(string="Legal Record Details")
    # The order.
    order_kind = fields.Selection(ORDER_KINDS, string="Order")
    order_type_id = fields.Many2one("rehab.order.type", compute="_compute_order_type")
    decision_required = fields.Boolean(related="order_type_id.decision_required")
    fixed_term = fields.Boolean(related="order_type_id.fixed_term")
    decision_number = fields.Char()
    decision_date = fields.Date()
    decision_authority = fields.Char(string="Deciding Authority")
    admission_date = fields.Date(default=lambda self: self.env.company.rehab_today())
    is_relapse = fields.Boolean(
        string="Relapse (tái nghiện)", compute="_compute_is_relapse"
    )
    term_months = fields.Integer(
        string="Term (months)",
        compute="_compute_term_months",
        store=True,
        readonly=False,
    )
    # Health screening.
    weight_kg = fields.Float(string="Weight (kg)", digits=(5, 1))
    height_cm = fields.Float(string="Height (cm)", digits=(5, 1))
    health_notes = fields.Text(string="Initial Health Check")
    # Reception (the reception minutes): when, from whom, with which documents.
    received_at = fields.Datetime(
        string="Time of Receipt", default=lambda self: fields.Datetime.now()
    )
    delivered_by_unit = fields.Char(string="Delivering Unit")
    delivered_by_name = fields.Char(string="Delivered By")
    delivered_by_position = fields.Char(string="Position of the Person Delivering")
    received_documents = fields.Text(string="Documents Received")
    hiv_status = fields.Selection(
        selection=lambda self: self._medical_selection("hiv_status"),
        string="HIV Status",
        groups=MEDICAL_GROUPS,
    )
    tb_status = fields.Selection(
        selection=lambda self: self._medical_selection("tb_status"),
        string="Tuberculosis",
        groups=MEDICAL_GROUPS,
    )
    hepatitis_status = fields.Selection(
        selection=lambda self: self._medical_selection("hepatitis_status"),
        string="Hepatitis",
        groups=MEDICAL_GROUPS,
    )
    infectious_group = fields.Selection(
        selection=lambda self: self._medical_selection("infectious_group"),
        string="Infectious Disease Group",
        groups=MEDICAL_GROUPS,
    )
    intake_drug_test = fields.Selection(
        selection=lambda self: self._medical_selection("intake_drug_test"),
        groups=MEDICAL_GROUPS,
    )
    intake_drug_test_detail = fields.Char(
        string="Substances Detected", groups=MEDICAL_GROUPS
    )
    medical_notes = fields.Text(groups=MEDICAL_GROUPS)
    belonging_ids = fields.One2many(
        "rehab.intake.belonging.line", "wizard_id", string="Deposited Belongings"
    )
    fitting_bed_ids = fields.Many2many(
        "rehab.bed", compute="_compute_fitting_bed_ids", string="Beds That Fit"
    )
    bed_id = fields.Many2one("rehab.bed", domain="[('id', 'in', fitting_bed_ids)]")
    special_area = fields.Boolean(
        string="Discipline or Isolation Area",
        help="Offer also the beds of the discipline and infectious-disease "
        "areas; a person is placed there at intake only with a reason.",
    )
    special_area_reason = fields.Char(string="Why This Area")

    def _medical_selection(self, field_name):
        field = self.env["rehab.resident"]._fields[field_name]
        return field._description_selection(self.env)

    # ---------------------------------------------------------------- computes
    @api.depends("order_kind", "decision_date", "admission_date")
    def _compute_order_type(self):
        for wizard in self:
            on_date = wizard.decision_date or wizard.admission_date
            wizard.order_type_id = (
                self.env["rehab.order.type"]._find_for_date(wizard.order_kind, on_date)
                if wizard.order_kind and on_date
                else False
            )

    @api.depends("resident_id", "admission_date")
    def _compute_is_relapse(self):
        for wizard in self:
            wizard.is_relapse = bool(
                wizard.resident_id
                and wizard.admission_date
                and wizard.resident_id._is_readmission(wizard.admission_date)
            )

    @api.depends("order_type_id", "is_relapse")
    def _compute_term_months(self):
        for wizard in self:
            if wizard.order_type_id.fixed_term:
                wizard.term_months = wizard.order_type_id._term_bounds(
                    wizard.is_relapse
                )[2]
            else:
                wizard.term_months = 0

    @api.depends(
        "order_type_id",
        "sex",
        "birthdate",
        "admission_date",
        "company_id",
        "special_area",
    )
    def _compute_fitting_bed_ids(self):
        beds = self.env["rehab.bed"]
        for wizard in self:
            if not (wizard.order_type_id and wizard.sex and wizard.birthdate):
                wizard.fitting_bed_ids = False
                continue
            is_minor = wizard._age() < 18
            wizard.fitting_bed_ids = beds.search(
                beds._fitting_domain(
                    wizard.company_id,
                    wizard.sex,
                    is_minor,
                    wizard.order_type_id,
                    shared_areas=wizard.special_area,
                )
            )

    def _age(self):
        return age_on(
            self.birthdate, self.admission_date or self.company_id.rehab_today()
        )

    @api.onchange("province_id")
    def _onchange_province_id(self):
        if self.commune_id.province_id != self.province_id:
            self.commune_id = False

    @api.onchange("commune_id")
    def _onchange_commune_id(self):
        """The commune names its province: one choice instead of two."""
        if self.commune_id:
            self.province_id = self.commune_id.province_id

    @api.onchange("citizen_id")
    def _onchange_citizen_id_sex(self):
        """The CCCD's 4th digit gives the sex (TT 59/2021): filled if empty."""
        citizen_id = (self.citizen_id or "").strip()
        if not self.sex and CITIZEN_ID_FORMAT.match(citizen_id):
            self.sex = CENTURY_SEX_DIGITS.get(citizen_id[3], (None, False))[1]

    @api.onchange(
        "order_kind",
        "decision_date",
        "admission_date",
        "sex",
        "birthdate",
        "special_area",
    )
    def _onchange_propose_bed(self):
        """Propose the first free bed that fits; the officer may choose another."""
        if self.bed_id not in self.fitting_bed_ids:
            self.bed_id = self.fitting_bed_ids[:1]

    @api.onchange("resident_id")
    def _onchange_resident_id(self):
        if self.resident_id:
            for field in IDENTITY_FIELDS:
                self[field] = self.resident_id[field] or self[field]

    # ------------------------------------------------------------ visibility
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._normalise(vals) for vals in vals_list]
        wizards = super().create(vals_list)
        wizards._check_visible_relations()
        return wizards

    def write(self, vals):
        result = super().write(self._normalise(vals))
        self._check_visible_relations()
        return result

    @api.model
    def _normalise(self, vals):
        """A citizen ID as typed, without the spaces and line breaks around it."""
        if isinstance(vals.get("citizen_id"), str):
            vals = dict(vals, citizen_id=vals["citizen_id"].strip() or False)
        return vals

    def _check_visible_relations(self):
        """Refuse a person, bed or facility the user may not read.

        The web client shows a many2one's name read as superuser: without
        this, an id of another facility's resident put in the wizard would
        come back with that person's name.
        """
        if self.env.su:
            return
        for wizard in self:
            if wizard.company_id not in self.env.user.company_ids:
                raise AccessError(
                    self.env._("You do not work for the facility of this record.")
                )
            for name, field in self._fields.items():
                if field.type not in ("many2one", "many2many") or not field.store:
                    continue
                if not wizard[name].has_access("read"):
                    raise AccessError(
                        self.env._(
                            "This record is outside the facilities, residents or "
                            "classes you work with."
                        )
                    )

    # ------------------------------------------------------------------ steps
    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Intake"),
            "context": {"dialog_size": "extra-large"},
        }

    def _check_citizen_id(self):
        """The CCCD as recorded: 12 digits agreeing with sex and birth year."""
        citizen_id = self.citizen_id
        if not CITIZEN_ID_FORMAT.match(citizen_id or ""):
            raise ValidationError(
                self.env._(
                    "The citizen ID “%s” is not valid: a CCCD has exactly 12 digits.",
                    (citizen_id or "")[:20],
                )
            )
        problem = citizen_id_problem(self.env, citizen_id, self.sex, self.birthdate)
        if problem:
            raise ValidationError(problem)

    def action_search(self):
        """Step 1: exact match on citizen ID, else fuzzy candidates."""
        self.ensure_one()
        if not self.citizen_id and not self.name:
            raise UserError(
                self.env._("Enter the citizen ID or the full name to search.")
            )
        # A new search starts afresh: nobody chosen from an earlier one.
        self.write({"resident_id": False, "candidate_ids": [(5,)]})
        if self.citizen_id:
            self._check_citizen_id()
            exact = self._find_by_citizen_id()
            if exact:
                exact._check_not_in_facility()
                self.write(
                    {"resident_id": exact.id, "candidate_ids": [(6, 0, exact.ids)]}
                )
                self._onchange_resident_id()
                self.step = "details"
                return self._reopen()
        candidates = self._find_candidates()
        self.candidate_ids = candidates
        self.step = "candidates" if candidates else "details"
        return self._reopen()

    def _find_by_citizen_id(self):
        """The person with this CCCD in the user's facilities.

        A person known at another facility is refused without naming it
        (nor the person): they move between facilities by transfer.
        """
        residents = self.env["rehab.resident"].with_context(active_test=False)
        exact = residents.search([("citizen_id", "=", self.citizen_id)], limit=1)
        if exact:
            self.env["rehab.transfer"]._check_not_in_transit(exact, self.company_id)
            return exact
        if residents.sudo().search_count([("citizen_id", "=", self.citizen_id)]):
            raise UserError(
                self.env._(
                    "Citizen ID %s is already recorded at another facility. A "
                    "person moves between facilities by transfer: their facility "
                    "records the transfer decision and this desk receives it "
                    "(Intake › Transfers). A readmission after release is "
                    "recorded by a manager working for both facilities.",
                    self.citizen_id,
                )
            )
        return exact

    def _find_candidates(self):
        """People of the user's facilities whose name resembles this one
        (rehab.resident.search: accents ignored, family and given name must
        both resemble, the same birth date and sex rank first)."""
        return self.env["rehab.resident"]._find_similar(
            self.name, self.birthdate, self.sex
        )

    def _check_new_person_reason(self):
        if (
            not self.resident_id
            and self.candidate_ids
            and not (self.new_person_reason or "").strip()
        ):
            raise UserError(
                self.env._(
                    "Possible matches were found. Choose the person, or say why "
                    "this is someone new."
                )
            )

    def action_continue(self):
        """Step 2: reuse the chosen person, or justify a new one."""
        self.ensure_one()
        self._check_new_person_reason()
        self.resident_id._check_not_in_facility()
        self.step = "details"
        return self._reopen()

    def action_back(self):
        """One step back, nothing checked: details → matches → search."""
        self.ensure_one()
        back = "candidates" if self.step == "details" and self.candidate_ids else None
        self.step = back or "search"
        return self._reopen()

    def _check_complete(self):
        missing = [
            self._fields[name].get_description(self.env)["string"]
            for name in ("name", "birthdate", "sex", "order_kind", "admission_date")
            if not self[name]
        ]
        if not self.bed_id:
            missing.append(self._fields["bed_id"].get_description(self.env)["string"])
        if missing:
            raise UserError(self.env._("Please fill in: %s.", ", ".join(missing)))
        self._check_new_person_reason()
        if self.citizen_id and not self.resident_id:
            self._check_citizen_id()
            self._find_by_citizen_id()
        self.resident_id._check_not_in_facility()

    def action_confirm(self):
        """Register (or reuse) the person, open the stay, deposit, bed, admit."""
        self.ensure_one()
        self._check_complete()
        resident = self.resident_id or self._register_person()
        medical = self._medical_values()
        if medical:
            resident.write(medical)
        stay = self.env["rehab.stay"].open_stay(self._stay_values(resident))
        lines = [
            {
                "name": line.name,
                "quantity": line.quantity,
                "uom": line.uom,
                "description": line.description,
            }
            for line in self.belonging_ids
        ]
        if lines:
            stay.deposit_belongings(lines)
        stay.assign_bed(
            self.bed_id,
            reason=self.env._("Intake"),
            area_reason=self.special_area_reason if self.special_area else None,
        )
        stay.action_admit()
        stay.message_post(
            body=self.env._(
                "Received at the intake desk by %(user)s; bed %(bed)s.",
                user=self.env.user.name,
                bed=self.bed_id.display_name,
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "rehab.stay",
            "res_id": stay.id,
            "view_mode": "form",
            "target": "current",
        }

    def _register_person(self):
        values = {name: self._plain(name) for name in PERSON_FIELDS}
        values.update(
            citizen_id=self.citizen_id or False, company_id=self.company_id.id
        )
        reason = (self.new_person_reason or "").strip()
        return self.env["rehab.resident"].register_person(
            values, new_person_reason=reason if self.candidate_ids else False
        )

    def _plain(self, name):
        """The value of field ``name`` as create() takes it."""
        value = self[name]
        if self._fields[name].type == "many2one":
            return value.id
        if self._fields[name].type == "many2many":
            return [(6, 0, value.ids)]
        return value

    def _medical_values(self):
        if not self.env.user.has_groups(MEDICAL_GROUPS):
            return {}
        return {name: self[name] for name in MEDICAL_FIELDS if self[name]}

    def _stay_values(self, resident):
        values = {name: self._plain(name) for name in INTAKE_EDITABLE_FIELDS}
        values.update(resident_id=resident.id, company_id=self.company_id.id)
        return values
