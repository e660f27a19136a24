from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .rehab_resident import ACTIVE_STAY_STATES
from .rehab_stay_workflow import OPEN_STATES

# Reasons after which the person goes home to their commune: post-rehab
# management follows (Law 73/2021 Art. 40). Not after death, a transfer to
# another facility or to hospital, or an escape never returned from.
HOME_REASONS = ("completed", "court")
# Reasons that rest on a document (decision, certificate) to cite.
DOCUMENT_REASONS = ("court", "transfer", "hospital", "death")
# Release facts a manager may correct afterwards (typing errors), with a reason.
CORRECTABLE_RELEASE_FIELDS = frozenset(
    {
        "release_document",
        "receiver_name",
        "receiver_id_number",
        "receiver_relationship",
        "destination_commune_id",
    }
)
# Each document: its number field, sequence, and who may receive one.
DOCUMENTS = {
    "notice": ("notice_number", "rehab.release.notice"),
    "certificate": ("certificate_number", "rehab.release.certificate"),
    "handover": ("handover_number", "rehab.release.handover"),
    "reception": ("reception_number", "rehab.reception.minutes"),
}
MANAGER_GROUP = "rehab_facility.group_rehab_manager"


def _shown(value):
    """A field value as a person reads it in the chatter."""
    if isinstance(value, models.BaseModel):
        return value.display_name or "-"
    return value or "-"


class RehabStayRelease(models.AbstractModel):
    """The end of a stay: discharge, handover and the numbered documents.

    DOMAIN §4: certificate of completion (voluntary, Law 73/2021 Art. 31.4) or
    of having served the decision (compulsory); the home commune is notified
    before the release and receives the person.
    """

    _name = "rehab.stay.release"
    _description = "Stay Release"

    # ------------------------------------------------------------ discharge
    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a facility manager discharges a resident.")
            )

    def discharge(self, reason, release_date, handover=None, returns=None):
        """Release the resident lawfully and hand them over.

        ``handover``: release_document, receiver_name, receiver_id_number,
        receiver_relationship, destination_commune_id. ``returns``: one dict
        per deposited belonging {belonging_id, returned_quantity, explanation}.
        """
        self.ensure_one()
        stay = self._guard_check_access("write")
        self._check_manager()
        handover = {
            key: value.strip() if isinstance(value, str) else value
            for key, value in (handover or {}).items()
        }
        refused = set(handover) - CORRECTABLE_RELEASE_FIELDS
        if refused:
            self._guard_refuse(refused, creating=False)
        release_date = fields.Date.to_date(release_date)
        self._check_discharge(reason, release_date, handover)
        self._check_returns(returns or [])
        self._guard_check_values(handover)
        for line in returns or []:
            self.env["rehab.belonging"].browse(line["belonging_id"]).record_return(
                line.get("returned_quantity", 0), release_date, line.get("explanation")
            )
        stay._release(release_date, reason, handover)
        stay._issue_number("handover")
        commune = self.env["rehab.commune"].browse(
            handover.get("destination_commune_id")
        )
        # Post-rehab management follows a rehab term (order type data).
        if reason in HOME_REASONS and self.order_type_id.post_rehab_months:
            self.env["rehab.post.rehab"].sudo().create(
                {
                    "stay_id": self.id,
                    "commune_id": commune.id,
                    "date_start": release_date,
                    "months": self.order_type_id.post_rehab_months,
                }
            )
        reasons = dict(self._fields["release_reason"]._description_selection(self.env))
        self.message_post(
            body=self.env._(
                "Released on %(date)s: %(reason)s. Handed over to %(receiver)s "
                "(%(relationship)s)%(commune)s.",
                date=release_date.strftime("%d/%m/%Y"),
                reason=reasons[reason],
                receiver=handover.get("receiver_name") or "-",
                relationship=handover.get("receiver_relationship") or "-",
                commune=self.env._(", commune %s", commune.display_name)
                if commune
                else "",
            )
        )
        return True

    def _check_discharge(self, reason, release_date, handover):
        """Every rule of a lawful release, before anything is written."""
        if reason not in dict(self._fields["release_reason"].selection):
            raise UserError(self.env._("Choose the reason of the release."))
        if self.state == "released":
            raise UserError(self.env._("%s is already released.", self.name))
        if self.state == "intake":
            raise UserError(
                self.env._("A stay still at intake is cancelled, not discharged.")
            )
        if not release_date or release_date > self.company_id.rehab_today():
            raise ValidationError(
                self.env._("The release date cannot be in the future.")
            )
        if release_date < self.admission_date:
            raise ValidationError(
                self.env._("The release date cannot be before the admission date.")
            )
        term_end = self.expected_release_date
        if reason == "court" and term_end and release_date < term_end:
            raise ValidationError(
                self.env._(
                    "The term still ends on %s: record the court's reduction or "
                    "exemption with “Court Reduction” first, then discharge.",
                    term_end.strftime("%d/%m/%Y"),
                )
            )
        if reason == "completed" and term_end and release_date < term_end:
            raise ValidationError(
                self.env._(
                    "The term ends on %s: an earlier release needs the court's "
                    "reduction or exemption (record it with “Court Reduction”, "
                    "then discharge).",
                    term_end.strftime("%d/%m/%Y"),
                )
            )
        if reason == "completed" and self.state != "in_rehab":
            raise ValidationError(
                self.env._(
                    "%s is not present (escaped or in hospital): the term cannot "
                    "be completed while away.",
                    self.resident_id.name,
                )
            )
        away = (
            self.env["rehab.funeral.leave"]
            .sudo()
            .search([("stay_id", "=", self.id), ("state", "=", "away")], limit=1)
        )
        if away and reason != "death":
            raise ValidationError(
                self.env._(
                    "%s is away on funeral leave (Decree 116/2021 Art. 70): record "
                    "the return at the gate first, then discharge.",
                    self.resident_id.name,
                )
            )
        if reason == "escape" and self.state != "absent":
            raise ValidationError(
                self.env._(
                    "Only a resident who escaped can be released as not returned."
                )
            )
        self._check_handover(reason, handover)

    def _check_handover(self, reason, handover):
        if reason in DOCUMENT_REASONS and not handover.get("release_document"):
            raise ValidationError(
                self.env._("Enter the decision or document this release rests on.")
            )
        if reason != "escape" and not (
            handover.get("receiver_name") and handover.get("receiver_id_number")
        ):
            raise ValidationError(
                self.env._(
                    "Enter who receives the person (a family member or commune "
                    "officer) and their ID number."
                )
            )
        if reason in HOME_REASONS and not handover.get("destination_commune_id"):
            raise ValidationError(
                self.env._("Choose the commune the person is handed over to.")
            )

    def _check_returns(self, returns):
        deposited = self.belonging_ids
        unexplained = []
        for line in returns:
            item = deposited.filtered(lambda b, line=line: b.id == line["belonging_id"])
            if not item:
                raise UserError(
                    self.env._("A returned item is not among this stay's deposit.")
                )
            quantity = line.get("returned_quantity", 0)
            if not 0 <= quantity <= item.quantity:
                raise ValidationError(
                    self.env._(
                        "%(item)s: between 0 and %(quantity)s can be returned.",
                        item=item.name,
                        quantity=item.quantity,
                    )
                )
            if (
                quantity != item.quantity
                and not (line.get("explanation") or "").strip()
            ):
                unexplained.append(item.name)
        if unexplained:
            raise ValidationError(
                self.env._(
                    "Returned belongings differ from the deposit for: %s. Explain "
                    "each difference.",
                    ", ".join(unexplained),
                )
            )

    def _release(self, release_date=None, reason="completed", values=None):
        """End the stay: free the bed, close open absences, record the release.

        Superuser only: the public ``discharge`` checks the rules first.
        """
        if not self.env.su:
            raise AccessError(self.env._("A stay is released with “Discharge”."))
        for stay in self:
            if stay.state == "released":
                raise UserError(self.env._("%s is already released.", stay.name))
            when = release_date or stay.company_id.rehab_today()
            moment = stay._release_datetime(when)
            # An escape never returned from ends with the stay, not as a return.
            stay.absence_ids.filtered(lambda a: not a.date_end).write(
                {"date_end": moment}
            )
            # The bed is free from the release day, even when recorded later.
            stay.assignment_ids._end(moment)
            stay._close_stale_activities()
            stay._cancel_pending_leaves()
            stay.write(
                {
                    "state": "released",
                    "release_date": when,
                    "release_reason": reason,
                    **(values or {}),
                }
            )
        return True

    def _cancel_pending_leaves(self):
        """Funeral leave asked for or approved, not taken, ends with the stay."""
        leaves = self.env["rehab.funeral.leave"].search(
            [("stay_id", "in", self.ids), ("state", "in", ("requested", "approved"))]
        )
        leaves.write(
            {
                "state": "cancelled",
                "refusal_reason": self.env._("Cancelled: the stay was released."),
            }
        )

    def _close_stale_activities(self):
        """The stay's to-dos (notify the commune, past release date, plans of
        the stay) no longer apply once it is released: marked done, with why,
        not left on anyone's list."""
        if self.activity_ids:
            self.activity_ids.action_feedback(
                feedback=self.env._("Closed: the stay was released.")
            )

    def _release_datetime(self, release_date):
        """Noon of the facility's release day in UTC (now, if that is later)."""
        tz = pytz.timezone(self.company_id.rehab_tz or "Asia/Ho_Chi_Minh")
        local_noon = tz.localize(datetime.combine(release_date, time(12)))
        moment = local_noon.astimezone(pytz.utc).replace(tzinfo=None)
        return min(moment, fields.Datetime.now())

    def correct_release_record(self, values, reason):
        """A manager corrects a typing error in the release record, with a reason.

        The release date and reason are legal facts and are not corrected
        here; only who received the person and the cited document.
        """
        self.ensure_one()
        stay = self._guard_check_access("write")
        self._check_manager()
        if self.state != "released":
            raise UserError(self.env._("Only a released stay's record is corrected."))
        refused = set(values) - CORRECTABLE_RELEASE_FIELDS
        if refused:
            self._guard_refuse(refused, creating=False)
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the release record is corrected."))
        before = {name: self[name] for name in values}
        stay.write(values)
        changes = ", ".join(
            "%s: %s → %s"
            % (
                self._fields[name].get_description(self.env)["string"],
                _shown(before[name]),
                _shown(self[name]),
            )
            for name in values
        )
        self.message_post(
            body=self.env._(
                "Release record corrected (%(changes)s). Reason: %(reason)s",
                changes=changes,
                reason=reason.strip(),
            )
        )
        return True

    def _guard_check_archive(self):
        """Only a cancelled intake or a released stay leaves the lists."""
        if self.filtered(lambda s: s.state in OPEN_STATES and s.state != "intake"):
            raise UserError(
                self.env._(
                    "A resident in the facility's care keeps an active stay; "
                    "discharge them first."
                )
            )
        return super()._guard_check_archive()

    # ------------------------------------------------------------ documents
    def _document_problem(self, document):
        """Why ``document`` cannot be issued for this stay, or False."""
        self.ensure_one()
        if document == "notice":
            if self.state not in OPEN_STATES or self.state == "intake":
                return self.env._(
                    "The notice is sent while the person is in the facility."
                )
            if not self.resident_id.commune_id:
                return self.env._(
                    "Record the home commune of %s before notifying it.",
                    self.resident_id.name,
                )
        elif document == "certificate":
            if self.state != "released" or self.release_reason not in HOME_REASONS:
                return self.env._(
                    "A certificate is issued only to a resident released at the end "
                    "of the term or by the court's reduction or exemption."
                )
        elif document == "reception":
            if self.state == "intake":
                return self.env._(
                    "The reception minutes are drawn up once the person is admitted."
                )
        elif self.state != "released":
            return self.env._("The handover minutes follow the discharge.")
        return False

    def _issue_number(self, document):
        """Give the document its number once (intake desk and managers)."""
        field_name, sequence_code = DOCUMENTS[document]
        for stay in self.filtered(lambda s: not s[field_name]):
            problem = stay._document_problem(document)
            if problem:
                raise UserError(problem)
            stay.sudo()[field_name] = (
                self.env["ir.sequence"].sudo().next_by_code(sequence_code)
            )

    def issue_document(self, document):
        """Number a legal document of this stay after the checks.

        Read-only roles may print a numbered document but not issue one.
        """
        field_name = DOCUMENTS[document][0]
        self.check_access("read")
        to_number = self.filtered(lambda s: not s[field_name])
        if to_number:
            if not self.env.user.has_group("rehab_facility.group_rehab_intake"):
                raise UserError(
                    self.env._(
                        "Only the intake desk or a manager issues this document; you "
                        "may print it once it has its number."
                    )
                )
            to_number._guard_check_access("write")
        for stay in self:
            problem = stay._document_problem(document)
            if problem:
                raise UserError(problem)
        to_number._issue_number(document)
        if document == "notice":
            for stay in to_number.filtered(lambda s: not s.notice_date):
                stay.sudo().notice_date = stay.company_id.rehab_today()
        return True

    def action_print_release_notice(self):
        """Advance notice to the home commune's People's Committee."""
        self.issue_document("notice")
        self.activity_feedback(["rehab_facility.mail_activity_release_notice"])
        return self.env.ref(
            "rehab_facility.action_report_release_notice"
        ).report_action(self)

    def action_print_certificate(self):
        """Certificate of completion (voluntary) or of having served (compulsory)."""
        self.issue_document("certificate")
        return self.env.ref(
            "rehab_facility.action_report_release_certificate"
        ).report_action(self)

    def action_print_handover(self):
        self.issue_document("handover")
        return self.env.ref(
            "rehab_facility.action_report_release_handover"
        ).report_action(self)

    # ------------------------------------------------------- release follow-up
    def _responsible_user(self):
        """Who follows releases of this stay's facility up."""
        self.ensure_one()
        company = self.company_id
        if company.rehab_release_user_id:
            return company.rehab_release_user_id
        return company._rehab_managers()[:1] or self.env.ref("base.user_admin")

    @api.model
    def _notice_days(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("rehab_facility.release_notice_days", 15)
        )

    @api.model
    def _cron_release_follow_up(self):
        """Daily: remind to notify the commune, flag stays past their release.

        DOMAIN §4: the facility notifies the People's Committee of the home
        commune before release (default 15 days before; setting).
        """
        today = self.env.company.rehab_today()
        horizon = today + relativedelta(days=self._notice_days())
        notice_type = self.env.ref("rehab_facility.mail_activity_release_notice")
        overdue_type = self.env.ref("rehab_facility.mail_activity_release_overdue")
        due = self.search(
            [
                ("state", "in", ACTIVE_STAY_STATES),
                ("expected_release_date", "<=", horizon),
                ("expected_release_date", ">=", today),
                ("notice_number", "=", False),
            ]
        )
        for stay in due.filtered(
            lambda s: notice_type not in s.activity_ids.activity_type_id
        ):
            stay.activity_schedule(
                "rehab_facility.mail_activity_release_notice",
                date_deadline=stay.expected_release_date
                - relativedelta(days=self._notice_days()),
                user_id=stay._responsible_user().id,
            )
        overdue = self.search([("release_overdue", "=", True)])
        for stay in overdue.filtered(
            lambda s: overdue_type not in s.activity_ids.activity_type_id
        ):
            stay.activity_schedule(
                "rehab_facility.mail_activity_release_overdue",
                date_deadline=today,
                user_id=stay._responsible_user().id,
            )
