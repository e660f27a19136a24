import unicodedata

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .rehab_area import SEXES
from .rehab_resident_identity import (  # noqa: F401 - imported from here by others
    CENTURY_SEX_DIGITS,
    CITIZEN_ID_RE,
    age_on,
    citizen_id_problem,
)

MEDICAL_GROUPS = "rehab_facility.group_rehab_medical,rehab_facility.group_rehab_manager"
MEDICAL_FIELDS = (
    "hiv_status",
    "tb_status",
    "hepatitis_status",
    "infectious_group",
    "intake_drug_test",
    "intake_drug_test_detail",
    "medical_notes",
)
CASE_FILE_READERS = (
    "rehab_facility.group_rehab_intake,rehab_facility.group_rehab_medical,"
    "rehab_facility.group_rehab_auditor"
)
# Home address and family: everyone but the instructors.
FAMILY_READERS = (
    "rehab_facility.group_rehab_intake,rehab_facility.group_rehab_security,"
    "rehab_facility.group_rehab_medical,rehab_facility.group_rehab_auditor"
)
INCIDENT_READERS = (
    "rehab_facility.group_rehab_security,rehab_facility.group_rehab_intake,"
    "rehab_facility.group_rehab_auditor"
)
LEGAL_RECORDS = [
    ("none", "No criminal or administrative record"),
    ("administrative", "Administrative violations on record"),
    ("criminal", "Criminal convictions on record"),
    ("both", "Criminal convictions and administrative violations"),
]
ACTIVE_STAY_STATES = ("intake", "in_rehab", "absent", "suspended")
# What the intake desk gives for a new person (register_person).
REGISTER_FIELDS = (
    "name",
    "citizen_id",
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
    "company_id",
    "image_1920",
)
# What the intake desk keeps right afterwards (tracked).
INTAKE_EDITABLE_FIELDS = (*REGISTER_FIELDS[:-2], "image_1920", "contact_ids")


class RehabResident(models.Model):
    """A resident (học viên): the person, across all their stays."""

    _name = "rehab.resident"
    _description = "Resident"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "image.mixin",
        "rehab.guarded.mixin",
        "rehab.resident.search",
        "rehab.citizen.id.search.mixin",
    ]
    _order = "name, id"
    # People are registered by ``register_person`` (the intake desk).
    _user_create_fields = None
    _guard_state_field = None
    _guard_medical_fields = MEDICAL_FIELDS
    _guard_name_fields = ("name",)
    _guard_date_kinds = {"birthdate": "birth"}
    _guard_bounds = {"drug_use_years": (0, 100)}
    _rec_names_search = ["name", "citizen_id"]
    _check_company_auto = True

    name = fields.Char(string="Full Name", required=True, tracking=True)
    citizen_id = fields.Char(
        string="Citizen ID (CCCD)", tracking=True, copy=False, index=True
    )
    birthdate = fields.Date(string="Date of Birth", required=True, tracking=True)
    birth_year = fields.Integer(compute="_compute_birth_year", store=True)
    sex = fields.Selection(SEXES, required=True, tracking=True)
    ethnicity = fields.Char(default="Kinh")
    is_kinh = fields.Boolean(
        string="Kinh Ethnicity", compute="_compute_is_kinh", store=True
    )
    company_id = fields.Many2one(
        "res.company",
        string="Facility",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    province_id = fields.Many2one("rehab.province", string="Home Province")
    commune_id = fields.Many2one(
        "rehab.commune",
        string="Home Commune",
        domain="[('province_id', '=?', province_id)]",
    )
    address = fields.Char(string="Home Address", groups=FAMILY_READERS)
    contact_ids = fields.One2many(
        "rehab.resident.contact",
        "resident_id",
        string="Family Contacts",
        groups=FAMILY_READERS,
    )
    education = fields.Selection(
        [
            ("none", "No schooling"),
            ("primary", "Primary school"),
            ("lower_secondary", "Lower secondary school"),
            ("upper_secondary", "Upper secondary school"),
            ("vocational", "Vocational training"),
            ("college", "College"),
            ("university", "University or higher"),
        ]
    )
    occupation = fields.Char()
    # Drug use is sensitive personal data: not for instructors.
    drug_type_ids = fields.Many2many(
        "rehab.drug.type", string="Drugs Used", groups=CASE_FILE_READERS
    )
    drug_use_years = fields.Integer(
        string="Years of Drug Use", groups=CASE_FILE_READERS
    )
    # Criminal record (tiền án) and administrative violations (tiền sự):
    # sensitive personal data (Decree 13/2023/NĐ-CP Art. 2), counted by the
    # QĐ 127/2009 statistics; the case file's readers only.
    legal_record = fields.Selection(
        LEGAL_RECORDS, groups=CASE_FILE_READERS, tracking=True
    )
    legal_record_note = fields.Char(
        string="Legal Record Details",
        groups=CASE_FILE_READERS,
        help="Judgments or sanctions on record, as in the dossier received.",
    )

    # Medical data: sensitive (Law 91/2025/QH15; HIV/AIDS Law Art. 30).
    hiv_status = fields.Selection(
        [("unknown", "Not tested"), ("negative", "Negative"), ("positive", "Positive")],
        string="HIV Status",
        groups=MEDICAL_GROUPS,
    )
    tb_status = fields.Selection(
        [
            ("unknown", "Not tested"),
            ("negative", "Negative"),
            ("positive", "Active TB"),
            ("treated", "Under treatment"),
        ],
        string="Tuberculosis",
        groups=MEDICAL_GROUPS,
    )
    hepatitis_status = fields.Selection(
        [
            ("unknown", "Not tested"),
            ("none", "Negative"),
            ("hbv", "Hepatitis B"),
            ("hcv", "Hepatitis C"),
            ("hbv_hcv", "Hepatitis B and C"),
        ],
        string="Hepatitis",
        groups=MEDICAL_GROUPS,
    )
    infectious_group = fields.Selection(
        [("none", "None"), ("a", "Group A"), ("b", "Group B")],
        string="Infectious Disease Group",
        groups=MEDICAL_GROUPS,
    )
    intake_drug_test = fields.Selection(
        [
            ("negative", "Negative"),
            ("positive", "Positive"),
            ("not_done", "Not done"),
        ],
        groups=MEDICAL_GROUPS,
    )
    intake_drug_test_detail = fields.Char(
        string="Substances Detected", groups=MEDICAL_GROUPS
    )
    medical_notes = fields.Text(groups=MEDICAL_GROUPS)

    stay_ids = fields.One2many("rehab.stay", "resident_id", string="Stays")
    # Incidents and discipline: not for instructors (no incident data).
    incident_participation_ids = fields.One2many(
        "rehab.incident.participant",
        "resident_id",
        string="Incidents",
        groups=INCIDENT_READERS,
    )
    discipline_ids = fields.One2many(
        "rehab.discipline", "resident_id", groups=INCIDENT_READERS
    )
    reward_ids = fields.One2many(
        "rehab.reward", "resident_id", string="Rewards", groups=INCIDENT_READERS
    )
    stay_count = fields.Integer(compute="_compute_stay_count")
    stay_summary = fields.Char(
        string="Past Stays",
        compute="_compute_stay_summary",
        help="Each stay: reference, order, admission and release dates, status.",
    )
    active = fields.Boolean(default=True)
    can_edit_identity = fields.Boolean(
        compute="_compute_can_edit_identity",
        help="Identity, home, background and family are kept by the intake desk.",
    )

    identity_key = fields.Char(
        copy=False,
        readonly=True,
        help="Unaccented name and birth date of a person registered without a "
        "citizen ID: the database refuses a second registration of the same "
        "person, also from two desks at the same moment.",
    )

    _sql_constraints = [
        (
            "identity_key_unique",
            "unique(identity_key)",
            "This person (same name and date of birth, no citizen ID) is already "
            "recorded, possibly a moment ago at another desk. Search again and "
            "choose them.",
        ),
        (
            "citizen_id_unique",
            "unique(citizen_id)",
            "Another resident already has this citizen ID. Open that person "
            "instead of creating a new one.",
        ),
    ]

    @api.depends_context("uid")
    def _compute_can_edit_identity(self):
        editable = self.env.user.has_group("rehab_facility.group_rehab_intake")
        for resident in self:
            resident.can_edit_identity = editable

    @api.depends("birthdate")
    def _compute_birth_year(self):
        for resident in self:
            resident.birth_year = resident.birthdate.year if resident.birthdate else 0

    @api.depends("ethnicity")
    def _compute_is_kinh(self):
        for resident in self:
            resident.is_kinh = (resident.ethnicity or "").strip().lower() == "kinh"

    def _compute_stay_count(self):
        counts = dict(
            self.env["rehab.stay"]._read_group(
                [("resident_id", "in", self.ids)], ["resident_id"], ["__count"]
            )
        )
        for resident in self:
            resident.stay_count = counts.get(resident, 0)

    @api.depends("stay_ids.state", "stay_ids.release_date")
    def _compute_stay_summary(self):
        states = dict(
            self.env["rehab.stay"]._fields["state"]._description_selection(self.env)
        )
        fmt = "%d/%m/%Y"
        for resident in self:
            lines = []
            for stay in resident.stay_ids.sorted("admission_date", reverse=True):
                dates = stay.admission_date.strftime(fmt)
                if stay.release_date:
                    dates += f" → {stay.release_date.strftime(fmt)}"
                order = stay.order_type_id.name or ""
                lines.append(f"{stay.name} {order}, {dates} ({states[stay.state]})")
            resident.stay_summary = "; ".join(lines)

    @api.depends("name", "citizen_id")
    def _compute_display_name(self):
        for resident in self:
            resident.display_name = (
                f"{resident.name} ({resident.citizen_id})"
                if resident.citizen_id
                else resident.name
            )

    @api.constrains("citizen_id", "sex", "birthdate")
    def _check_citizen_id(self):
        for resident in self.filtered("citizen_id"):
            problem = citizen_id_problem(
                self.env, resident.citizen_id, resident.sex, resident.birthdate
            )
            if problem:
                raise ValidationError(problem)

    @api.constrains("birthdate")
    def _check_birthdate(self):
        for resident in self:
            if resident.birthdate > resident.company_id.rehab_today():
                raise ValidationError(
                    self.env._(
                        "The date of birth of %s is in the future.", resident.name
                    )
                )

    @api.onchange("province_id")
    def _onchange_province_id(self):
        if self.commune_id.province_id != self.province_id:
            self.commune_id = False

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A resident cannot be deleted: the record is part of the "
                "facility's legal file and of the medical access log. Archive "
                "the resident with the reason instead."
            )
        )

    def _stay_on(self, on_date):
        """The stay that had this resident in the facility's care on ``on_date``."""
        self.ensure_one()
        return self.stay_ids.filtered(
            lambda s: s.state != "intake"
            and on_date
            and s.admission_date <= on_date
            and (not s.release_date or s.release_date >= on_date)
        )[:1]

    def _check_not_in_facility(self):
        """Refuse to receive again a person whose stay is still open.

        Raised at the intake desk's search step, before anything is typed;
        the stay's own constraint (one open stay per person) stays the guard.
        """
        stays = self.env["rehab.stay"].sudo().with_context(active_test=False)
        for resident in self:
            stay = stays.search(
                [
                    ("resident_id", "=", resident.id),
                    ("state", "in", ACTIVE_STAY_STATES),
                ],
                limit=1,
            )
            if stay:
                states = dict(stay._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "%(name)s is in the facility now: stay %(stay)s (%(state)s, "
                        "admitted on %(date)s). A person in care is not received "
                        "again; open their stay instead.",
                        name=resident.name,
                        stay=stay.name,
                        state=states[stay.state],
                        date=stay.admission_date.strftime("%d/%m/%Y"),
                    )
                )

    def _is_readmission(self, on_date):
        """Whether an admission on ``on_date`` is a relapse (tái nghiện).

        A completed earlier stay (archived ones included) makes it one; under
        Law 120/2025 it carries the repeat term. A stay that ended by a
        transfer goes on at the other facility: it is no earlier rehab.
        """
        self.ensure_one()
        return bool(
            self.env["rehab.stay"]
            .with_context(active_test=False)
            .search_count(
                [
                    ("resident_id", "=", self.id),
                    ("state", "=", "released"),
                    ("release_reason", "!=", "transfer"),
                    ("admission_date", "<", on_date),
                ],
                limit=1,
            )
        )

    def age_on(self, on_date):
        """Age in full years on ``on_date``."""
        self.ensure_one()
        return age_on(self.birthdate, on_date)

    # ------------------------------------------------------- registration
    @api.model
    def _identity_key(self, name, birthdate):
        """Unaccented lower-case name and birth date (đ counts as d)."""
        plain = unicodedata.normalize("NFD", (name or "").replace("đ", "d"))
        plain = "".join(c for c in plain if not unicodedata.combining(c))
        plain = " ".join(plain.replace("Đ", "D").lower().split())
        return f"{plain}|{fields.Date.to_string(birthdate)}"

    @api.model
    def register_person(self, values, new_person_reason=False):
        """Record a new person received at the intake desk; return them.

        Nobody is recorded twice: a citizen ID known anywhere is refused (a
        person moves between facilities by transfer); without one, the same
        unaccented name and birth date is refused unless the officer says why
        this is someone else (``new_person_reason``, posted on the record).
        A transaction lock on that identity makes two desks registering the
        same person at the same moment wait for each other, so the second
        one sees the first.
        """
        self.browse().check_access("create")
        refused = set(values) - set(REGISTER_FIELDS)
        if refused:
            self._guard_refuse(refused, creating=True)
        company = self.env["res.company"].browse(
            values.get("company_id") or self.env.company.id
        )
        if not self.env.su and company not in self.env.user.company_ids:
            raise AccessError(
                self.env._("You do not work for the facility of this record.")
            )
        values = self._guard_check_values({**values, "company_id": company.id})
        if not values.get("name") or not values.get("birthdate"):
            raise UserError(self.env._("Enter the full name and the date of birth."))
        reason = (new_person_reason or "").strip()
        self._lock_identity(values)
        known = self._known_person(values, reason)
        if known:
            raise UserError(known)
        if not values.get("citizen_id") and not reason:
            # PostgreSQL runs Odoo's transactions in REPEATABLE READ: a desk that
            # waited on the lock still reads its old snapshot; the unique key is
            # what refuses the second registration.
            values["identity_key"] = self._identity_key(
                values["name"], values["birthdate"]
            )
        resident = self.sudo().create(values)
        if reason:
            resident.message_post(
                body=self.env._("Recorded as a new person. Reason: %s", reason)
            )
        return resident.sudo(self.env.su)

    @api.model
    def _lock_identity(self, values):
        """Serialise registrations of the same person until commit."""
        key = values.get("citizen_id") or self._identity_key(
            values["name"], values["birthdate"]
        )
        self.env.cr.execute(
            SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", f"rehab.person:{key}")
        )

    @api.model
    def _known_person(self, values, reason):
        """Why ``values`` describe a person already recorded, or False."""
        if values.get("citizen_id"):
            known = (
                self.sudo()
                .with_context(active_test=False)
                .search([("citizen_id", "=", values["citizen_id"])], limit=1)
            )
        elif reason:
            return False
        else:
            known = self._same_identity(values["name"], values["birthdate"])
        if not known:
            return False
        if known.company_id in self.env.user.company_ids:
            return self.env._(
                "%(name)s (born %(birth)s) is already recorded: search again and "
                "choose them.",
                name=known.display_name,
                birth=known.birthdate.strftime("%d/%m/%Y"),
            )
        return self.env._(
            "This person is already recorded at another facility. A person "
            "moves between facilities by transfer: ask a manager of both "
            "facilities."
        )

    @api.model
    def _same_identity(self, name, birthdate):
        """A person with the same unaccented name and birth date, any facility."""
        self.flush_model(["name", "birthdate"])
        rows = self.env.execute_query(
            SQL(
                """SELECT id FROM rehab_resident
                    WHERE birthdate = %s
                      AND unaccent(lower(name)) = unaccent(lower(%s))
                    ORDER BY id LIMIT 1""",
                birthdate,
                " ".join(name.split()),
            )
        )
        return self.sudo().browse(rows[0][0]) if rows else self.browse()

    # --------------------------------------------------------- whitelist
    def _guard_writable_fields(self):
        """Identity and social data for the intake desk, medical data for the
        medical officer (field groups restrict who reads and writes those)."""
        writable = set(MEDICAL_FIELDS)
        if self.env.user.has_group("rehab_facility.group_rehab_intake"):
            writable |= set(INTAKE_EDITABLE_FIELDS)
        return writable

    @api.model
    def _guard_check_values(self, vals):
        if isinstance(vals.get("citizen_id"), str):
            vals = {**vals, "citizen_id": vals["citizen_id"].strip() or False}
        return super()._guard_check_values(vals)

    def write(self, vals):
        medical = [name for name in MEDICAL_FIELDS if name in vals]
        result = super().write(vals)
        if medical:
            labels = ", ".join(
                self._fields[name].get_description(self.env)["string"]
                for name in medical
            )
            # The chatter says that medical data changed, never the value.
            for resident in self:
                resident.sudo().message_post(
                    body=self.env._("Medical data updated: %s.", labels),
                    author_id=self.env.user.partner_id.id,
                )
        return result

    # ------------------------------------------------------ medical reads
    def _guard_log_records(self, operation, through, field_names):
        """One line per resident whose medical data was read or exported."""
        self.env["rehab.medical.access.log"]._record_reads(
            self, operation, through=through, field_names=field_names
        )

    def action_view_stays(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "rehab_facility.rehab_stay_action"
        )
        action["domain"] = [("resident_id", "=", self.id)]
        action["context"] = {"default_resident_id": self.id}
        return action
