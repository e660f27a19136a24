import re

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .rehab_area import SEXES

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
ACTIVE_STAY_STATES = ("intake", "in_rehab", "absent", "suspended")
CITIZEN_ID_RE = re.compile(r"^\d{12}$")
# TT 59/2021/TT-BCA Art. 4: 4th digit = century and sex.
CENTURY_SEX_DIGITS = {
    "0": (1900, "male"),
    "1": (1900, "female"),
    "2": (2000, "male"),
    "3": (2000, "female"),
    "4": (2100, "male"),
    "5": (2100, "female"),
}


def age_on(birthdate, on_date):
    """Age in full years on ``on_date``."""
    return relativedelta(on_date, birthdate).years


def citizen_id_problem(env, citizen_id, sex=None, birthdate=None):
    """Return why ``citizen_id`` is invalid or contradicts sex/birth year.

    CCCD structure, TT 59/2021/TT-BCA Art. 4: 12 digits; digits 1-3 the
    province of birth registration (pre-2025 codes, not checked); digit 4 the
    century and sex; digits 5-6 the last two digits of the birth year.
    """
    if not CITIZEN_ID_RE.match(citizen_id or ""):
        return env._(
            "The citizen ID “%s” is not valid: a CCCD has exactly 12 digits.",
            citizen_id,
        )
    century, id_sex = CENTURY_SEX_DIGITS.get(citizen_id[3], (None, None))
    if century is None:
        return env._(
            "The citizen ID “%s” is not valid: its 4th digit must give the "
            "century and sex (0-5).",
            citizen_id,
        )
    sexes = dict(env["rehab.resident"]._fields["sex"]._description_selection(env))
    if sex and id_sex != sex:
        return env._(
            "The citizen ID %(cid)s belongs to a %(id_sex)s person, but the "
            "resident is recorded as %(sex)s. Check the ID card and correct "
            "one of them.",
            cid=citizen_id,
            id_sex=sexes[id_sex].lower(),
            sex=sexes[sex].lower(),
        )
    if birthdate:
        id_year = century + int(citizen_id[4:6])
        if id_year != birthdate.year:
            return env._(
                "The citizen ID %(cid)s gives birth year %(id_year)s, but the "
                "date of birth is in %(year)s. Check the ID card and correct "
                "one of them.",
                cid=citizen_id,
                id_year=id_year,
                year=birthdate.year,
            )
    return False


class RehabResident(models.Model):
    """A resident (học viên): the person, across all their stays."""

    _name = "rehab.resident"
    _description = "Resident"
    _inherit = ["mail.thread", "mail.activity.mixin", "image.mixin"]
    _order = "name, id"
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

    # Medical data: sensitive (Law 91/2025/QH15; HIV/AIDS Law Art. 30).
    hiv_status = fields.Selection(
        [("unknown", "Not tested"), ("negative", "Negative"), ("positive", "Positive")],
        string="HIV Status",
        groups=MEDICAL_GROUPS,
        tracking=True,
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

    _sql_constraints = [
        (
            "citizen_id_unique",
            "unique(citizen_id)",
            "Another resident already has this citizen ID. Open that person "
            "instead of creating a new one.",
        ),
    ]

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
    def _unlink_except_with_stays(self):
        if (
            self.env["rehab.stay"]
            .with_context(active_test=False)
            .search_count(
                [("resident_id", "in", self.ids), ("state", "!=", "intake")], limit=1
            )
        ):
            raise UserError(
                self.env._(
                    "A resident who has been admitted cannot be deleted: the "
                    "record is part of the facility's legal file. Archive the "
                    "resident instead."
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

    def _is_readmission(self, on_date):
        """Whether an admission on ``on_date`` is a relapse (tái nghiện).

        A completed earlier stay (archived ones included) makes it one; under
        Law 120/2025 it carries the repeat term.
        """
        self.ensure_one()
        return bool(
            self.env["rehab.stay"]
            .with_context(active_test=False)
            .search_count(
                [
                    ("resident_id", "=", self.id),
                    ("state", "=", "released"),
                    ("admission_date", "<", on_date),
                ],
                limit=1,
            )
        )

    def age_on(self, on_date):
        """Age in full years on ``on_date``."""
        self.ensure_one()
        return age_on(self.birthdate, on_date)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Refuse a search on a field the user may not read.

        Odoo checks field groups for most fields in a domain, but not on
        one2many/many2many paths: without this, an instructor could find who
        uses heroin or who was in an incident by searching.
        """
        if not self.env.su:
            for leaf in domain or []:
                if not (isinstance(leaf, list | tuple) and len(leaf) == 3):
                    continue
                field = self._fields.get(str(leaf[0]).split(".")[0])
                if (
                    field
                    and field.groups
                    and not self.env.user.has_groups(field.groups)
                ):
                    raise AccessError(
                        self.env._(
                            "You are not allowed to search residents by “%s”.",
                            field.get_description(self.env)["string"],
                        )
                    )
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _read_format(self, fnames, load="_classic_read"):
        # Serves read(), search_read() and the form (web_read) alike.
        result = super()._read_format(fnames, load=load)
        if any(name in MEDICAL_FIELDS for name in fnames):
            self._log_medical_access()
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        if any(path.split("/")[0] in MEDICAL_FIELDS for path in fields_to_export):
            self._log_medical_access()
        return result

    def _log_medical_access(self):
        """Record who opened which resident's medical data, and when.

        Form reads run on a read-only cursor in Odoo 18; the log line is then
        written in a transaction of its own, so the trail exists even though
        the request itself writes nothing.
        """
        user = self.env.user
        if not self or not user.has_groups(MEDICAL_GROUPS):
            return
        values = [
            {
                "resident_id": resident.id,
                "user_id": user.id,
                "company_id": resident.company_id.id,
            }
            for resident in self
        ]
        if self.env.cr.readonly:
            with self.env.registry.cursor() as cr:
                self.env(cr=cr, su=True)["rehab.medical.access.log"].create(values)
        else:
            self.env["rehab.medical.access.log"].sudo().create(values)

    def action_view_stays(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "rehab_facility.rehab_stay_action"
        )
        action["domain"] = [("resident_id", "=", self.id)]
        action["context"] = {"default_resident_id": self.id}
        return action
