from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.rehab_area import SEXES
from ..models.rehab_order_type import ORDER_KINDS
from ..models.rehab_resident import (
    MEDICAL_FIELDS,
    MEDICAL_GROUPS,
    age_on,
    citizen_id_problem,
)

# Name similarity (pg_trgm, accent-insensitive) above which a person is shown
# as a possible match; lower when birth date and sex agree as well.
NAME_SIMILARITY = 0.45
NAME_SIMILARITY_SAME_BIRTH = 0.25
IDENTITY_FIELDS = ("name", "citizen_id", "birthdate", "sex")


class RehabIntakeWizard(models.TransientModel):
    """The intake desk: find the person first, then record the admission.

    Search by citizen ID (exact) and by name, birth date and sex (fuzzy,
    accent-insensitive) so that a known person is reused, never duplicated.
    """

    _name = "rehab.intake.wizard"
    _description = "Intake Wizard"
    _check_company_auto = True

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

    @api.depends("order_type_id", "sex", "birthdate", "admission_date", "company_id")
    def _compute_fitting_bed_ids(self):
        beds = self.env["rehab.bed"]
        for wizard in self:
            if not (wizard.order_type_id and wizard.sex and wizard.birthdate):
                wizard.fitting_bed_ids = False
                continue
            is_minor = wizard._age() < 18
            wizard.fitting_bed_ids = beds.search(
                beds._fitting_domain(
                    wizard.company_id, wizard.sex, is_minor, wizard.order_type_id
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

    @api.onchange("resident_id")
    def _onchange_resident_id(self):
        if self.resident_id:
            for field in IDENTITY_FIELDS:
                self[field] = self.resident_id[field] or self[field]

    # ------------------------------------------------------------------ steps
    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Intake"),
        }

    def action_search(self):
        """Step 1: exact match on citizen ID, else fuzzy candidates."""
        self.ensure_one()
        if not self.citizen_id and not self.name:
            raise UserError(
                self.env._("Enter the citizen ID or the full name to search.")
            )
        if self.citizen_id:
            self.citizen_id = self.citizen_id.strip()
            problem = citizen_id_problem(
                self.env, self.citizen_id, self.sex, self.birthdate
            )
            if problem:
                raise ValidationError(problem)
            exact = (
                self.env["rehab.resident"]
                .with_context(active_test=False)
                .search([("citizen_id", "=", self.citizen_id)], limit=1)
            )
            if exact:
                self.write(
                    {"resident_id": exact.id, "candidate_ids": [(6, 0, exact.ids)]}
                )
                self._onchange_resident_id()
                self.step = "details"
                return self._reopen()
            elsewhere = (
                self.env["rehab.resident"]
                .sudo()
                .with_context(active_test=False)
                .search([("citizen_id", "=", self.citizen_id)], limit=1)
            )
            if elsewhere:
                # Known at a facility this user does not work for: never a
                # second record of the same person.
                raise UserError(
                    self.env._(
                        "Citizen ID %(cid)s is already recorded at %(facility)s. "
                        "A person moves between facilities by transfer: ask a "
                        "manager working for both facilities to receive them.",
                        cid=self.citizen_id,
                        facility=elsewhere.company_id.name,
                    )
                )
        candidates = self._find_candidates()
        self.candidate_ids = candidates
        self.step = "candidates" if candidates else "details"
        return self._reopen()

    def _find_candidates(self):
        """People whose name resembles this one (accents ignored), closest first.

        Trigram similarity (pg_trgm) on unaccented names, with a lower bar
        when the birth date and sex agree. Record rules apply to the result.
        """
        if not self.name:
            return self.env["rehab.resident"]
        self.env["rehab.resident"].flush_model(["name", "birthdate", "sex"])
        self.env.cr.execute(
            """
            SELECT id
              FROM (
                SELECT id, birthdate, sex,
                       similarity(unaccent(lower(name)), unaccent(lower(%(name)s)))
                           AS score
                  FROM rehab_resident
              ) AS scored
             WHERE score >= %(threshold)s
                OR (score >= %(threshold_same)s
                    AND birthdate = %(birthdate)s AND sex = %(sex)s)
             ORDER BY (birthdate = %(birthdate)s) DESC NULLS LAST, score DESC
             LIMIT 20
            """,
            {
                "name": self.name,
                "threshold": NAME_SIMILARITY,
                "threshold_same": NAME_SIMILARITY_SAME_BIRTH,
                "birthdate": self.birthdate or None,
                "sex": self.sex or None,
            },
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        found = (
            self.env["rehab.resident"]
            .with_context(active_test=False)
            .search([("id", "in", ids)])
        )
        return found.sorted(lambda r: ids.index(r.id))

    def action_continue(self):
        """Step 2: reuse the chosen person, or justify a new one."""
        self.ensure_one()
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
        self.step = "details"
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        self.step = "search"
        return self._reopen()

    def action_confirm(self):
        """Create (or reuse) the person, the stay, the deposit and the bed."""
        self.ensure_one()
        missing = [
            self._fields[name].get_description(self.env)["string"]
            for name in ("name", "birthdate", "sex", "order_kind", "admission_date")
            if not self[name]
        ]
        if not self.bed_id:
            missing.append(self._fields["bed_id"].get_description(self.env)["string"])
        if missing:
            raise UserError(self.env._("Please fill in: %s.", ", ".join(missing)))
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
        resident = self.resident_id or self._create_resident()
        medical = self._medical_values()
        if medical:
            resident.write(medical)
        stay = self.env["rehab.stay"].create(self._stay_values(resident))
        stay.assign_bed(self.bed_id, reason=self.env._("Intake"))
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

    def _create_resident(self):
        values = {
            "name": self.name,
            "citizen_id": self.citizen_id or False,
            "birthdate": self.birthdate,
            "sex": self.sex,
            "ethnicity": self.ethnicity,
            "province_id": self.province_id.id,
            "commune_id": self.commune_id.id,
            "address": self.address,
            "education": self.education,
            "occupation": self.occupation,
            "drug_type_ids": [(6, 0, self.drug_type_ids.ids)],
            "drug_use_years": self.drug_use_years,
            "company_id": self.company_id.id,
        }
        resident = self.env["rehab.resident"].create(values)
        if self.candidate_ids:
            resident.message_post(
                body=self.env._(
                    "Created as a new person although %(count)s possible matches "
                    "were found (%(names)s). Reason: %(reason)s",
                    count=len(self.candidate_ids),
                    names=", ".join(self.candidate_ids.mapped("display_name")),
                    reason=self.new_person_reason,
                )
            )
        return resident

    def _medical_values(self):
        if not self.env.user.has_groups(MEDICAL_GROUPS):
            return {}
        return {name: self[name] for name in MEDICAL_FIELDS if self[name]}

    def _stay_values(self, resident):
        return {
            "resident_id": resident.id,
            "company_id": self.company_id.id,
            "order_kind": self.order_kind,
            "decision_number": self.decision_number,
            "decision_date": self.decision_date,
            "decision_authority": self.decision_authority,
            "admission_date": self.admission_date,
            "term_months": self.term_months,
            "weight_kg": self.weight_kg,
            "height_cm": self.height_cm,
            "health_notes": self.health_notes,
            "belonging_ids": [
                (
                    0,
                    0,
                    {
                        "name": line.name,
                        "quantity": line.quantity,
                        "uom": line.uom,
                        "description": line.description,
                        "deposit_date": self.admission_date,
                    },
                )
                for line in self.belonging_ids
            ],
        }
