from odoo import api, fields, models
from odoo.exceptions import UserError

MEDICAL_GROUPS = "rehab_facility.group_rehab_medical,rehab_facility.group_rehab_manager"


class RehabMedicalAccessLog(models.Model):
    """Audit trail of every reveal of residents' medical data.

    Health data is sensitive personal data (Law 91/2025/QH15, Decree
    356/2025/NĐ-CP); HIV status may be disclosed only to listed people (HIV/AIDS
    Law Art. 30). A read or an export of a resident writes one line per
    resident; a search, a grouping or an export through another model (a
    stay, a bed) one summary line with the fields it used. Only the facility
    manager reads this log; nobody writes or deletes it by hand.
    """

    _name = "rehab.medical.access.log"
    _description = "Medical Data Access Log"
    _inherit = ["rehab.guarded.mixin"]
    _order = "access_date desc, id desc"
    _log_access = True
    _user_create_fields = None
    _user_write_fields = {}
    _guard_state_field = None

    resident_id = fields.Many2one(
        "rehab.resident", index=True, ondelete="restrict", readonly=True
    )
    user_id = fields.Many2one("res.users", required=True, readonly=True)
    company_id = fields.Many2one("res.company", string="Facility", readonly=True)
    access_date = fields.Datetime(
        default=fields.Datetime.now, required=True, readonly=True
    )
    operation = fields.Selection(
        [
            ("read", "Read"),
            ("search", "Search"),
            ("group", "Grouping"),
            ("export", "Export"),
        ],
        default="read",
        required=True,
        readonly=True,
    )
    model_name = fields.Char(string="Through", readonly=True)
    field_names = fields.Char(string="Fields", readonly=True)
    record_count = fields.Integer(string="Records", readonly=True)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The medical access log cannot be deleted."))

    @api.model
    def _write_lines(self, values):
        """Write log lines even from a read-only request.

        Form reads run on a read-only cursor in Odoo 18; the lines are then
        written in a transaction of their own, so the trail exists even though
        the request itself writes nothing.
        """
        if not values:
            return
        if self.env.cr.readonly:
            with self.env.registry.cursor() as cr:
                self.env(cr=cr, su=True)[self._name].create(values)
        else:
            self.sudo().create(values)

    @api.model
    def _record_reads(
        self, residents, operation="read", through="rehab.resident", field_names=()
    ):
        user = self.env.user
        if not residents or not user.has_groups(MEDICAL_GROUPS):
            return
        self._write_lines(
            [
                {
                    "resident_id": resident.id,
                    "user_id": user.id,
                    "company_id": resident.company_id.id,
                    "operation": operation,
                    "model_name": through,
                    "field_names": ", ".join(field_names),
                    "record_count": 1,
                }
                for resident in residents
            ]
        )

    @api.model
    def _record_summary(self, operation, model_name, field_names, count):
        user = self.env.user
        if not user.has_groups(MEDICAL_GROUPS):
            return
        self._write_lines(
            [
                {
                    "user_id": user.id,
                    "company_id": self.env.company.id,
                    "operation": operation,
                    "model_name": model_name,
                    "field_names": ", ".join(field_names),
                    "record_count": count or 0,
                }
            ]
        )
