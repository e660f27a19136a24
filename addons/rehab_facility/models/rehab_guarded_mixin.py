"""Legal and custody facts are written by the model's own actions only.

A model that holds such facts inherits ``rehab.guarded.mixin`` and declares
what a user may type directly:

- ``_user_create_fields``: the fields a user may give when creating a record
  directly (a form, an import, an RPC call); ``None`` means records are created
  only through the model's actions.
- ``_user_write_fields``: ``{state: fields}``, what a user may change while the
  record is in that state (``"*"``: in every state). Anything else, stored
  computed fields and fields another module adds later included, is refused.

The actions (admit, move bed, discharge, ...) check the acting user's access
and record rules first (``_guard_check_access``), validate their rules, then
write in superuser mode, which this guard lets through. ``default_*`` context
keys cannot slip a fact in either: they only reach the fields the whitelist
allows, whoever creates.

The bounds checks of ``rehab.input.guard.mixin`` (inherited) apply to every
write, whoever makes it.
"""

from odoo import api, models
from odoo.exceptions import AccessError, UserError

ANY_STATE = "*"


class RehabGuardedMixin(models.AbstractModel):
    _name = "rehab.guarded.mixin"
    _inherit = ["rehab.input.guard.mixin", "rehab.field.guard.mixin"]
    _description = "Facts Written Only by Their Actions"

    # Fields a user may give at creation; None: created only by the actions.
    _user_create_fields = None
    # {state: fields a user may write in it}; ANY_STATE applies to every state.
    _user_write_fields = {}
    # The field whose value selects the writable fields (None: no states).
    _guard_state_field = "state"

    # ------------------------------------------------------------- whitelist
    @api.model
    def _guard_framework_fields(self):
        """Fields of the chatter and activities: the mail mixins own them."""
        names = set(models.MAGIC_COLUMNS) | {"display_name"}
        for mixin in ("mail.thread", "mail.activity.mixin"):
            mixin_fields = set(self.env[mixin]._fields)
            if mixin_fields <= set(self._fields):
                names |= mixin_fields
        return names

    def _guard_writable_fields(self):
        """The fields a user may change directly on this record now."""
        self.ensure_one()
        state = self[self._guard_state_field] if self._guard_state_field else None
        writable = self._user_write_fields
        return set(writable.get(ANY_STATE, ())) | set(writable.get(state, ()))

    def _guard_refuse(self, field_names, creating):
        labels = ", ".join(
            sorted(
                f"“{self._fields[name].get_description(self.env)['string']}”"
                if name in self._fields
                else name
                for name in field_names
            )
        )
        if creating:
            message = self.env._(
                "%(fields)s of a %(model)s cannot be set by hand: they are "
                "recorded by the actions on it, which check the rules.",
                fields=labels,
                model=self._description,
            )
        else:
            message = self.env._(
                "%(fields)s of this %(model)s cannot be changed by hand now: use "
                "the actions on it, which check the rules and keep the history.",
                fields=labels,
                model=self._description,
            )
        raise UserError(message)

    def _guard_unchanged(self, field_names, vals):
        """The names among ``field_names`` whose value ``vals`` does not change."""
        same = set()
        for name in field_names:
            field = self._fields.get(name)
            if not field or field.type in ("one2many", "many2many"):
                continue
            if all(
                field.convert_to_cache(vals[name], record, validate=False)
                == field.convert_to_cache(record[name], record, validate=False)
                for record in self
            ):
                same.add(name)
        return same

    @api.model
    def _guard_clean_defaults(self, allowed):
        """A context without ``default_*`` keys for fields a user may not set."""
        context = {
            key: value
            for key, value in self.env.context.items()
            if not (
                key.startswith("default_")
                and key[8:] in self._fields
                and key[8:] not in allowed
            )
        }
        if context == self.env.context:
            return self
        # Keys are removed, not added: a new environment, not with_context().
        return self.with_env(self.env(context=context))

    # -------------------------------------------------------------- checks
    def _guard_check_access(self, operation="write"):
        """The acting user's model access and record rules, before an action.

        Call it first in every action; the action then writes in superuser
        mode. Archived records count too (an action may reach one). A refusal
        by the record rules names no record: it may belong to a facility or a
        person the user must not know about.
        """
        records = self.with_context(active_test=False)
        records.browse().check_access(operation)
        if not records.has_access(operation):
            raise AccessError(
                self.env._(
                    "This record is outside the facilities, residents or classes "
                    "you work with."
                )
            )
        return self.sudo()

    # ----------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        allowed = set(self._user_create_fields or ())
        if self.env.su:
            # An action creating in superuser mode passes its facts as values;
            # a client's default_* keys never add to them.
            return super(RehabGuardedMixin, self._guard_clean_defaults(allowed)).create(
                vals_list
            )
        if self._user_create_fields is None:
            raise UserError(
                self.env._(
                    "A %s is recorded through the actions of the stay or record it "
                    "belongs to, not created by hand.",
                    self._description,
                )
            )
        allowed |= self._guard_framework_fields()
        for vals in vals_list:
            refused = set(vals) - allowed
            if refused:
                self._guard_refuse(refused, creating=True)
        return super(RehabGuardedMixin, self._guard_clean_defaults(allowed)).create(
            vals_list
        )

    def write(self, vals):
        if not self.env.su and self:
            framework = self._guard_framework_fields()
            refused = set()
            for record in self:
                refused |= set(vals) - record._guard_writable_fields() - framework
            refused -= self._guard_unchanged(refused, vals)
            if refused:
                self._guard_refuse(refused, creating=False)
        return super().write(vals)

    # -------------------------------------------------------------- archive
    def action_archive(self):
        """A user archives with a reason (the wizard asks for it)."""
        if self.env.su:
            return super().action_archive()
        self._guard_check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Archive with a Reason"),
            "res_model": "rehab.archive.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": self._name,
                "default_res_ids": ",".join(str(i) for i in self.ids),
            },
        }

    def action_archive_with_reason(self, reason):
        """Archive, never delete: the reason stays in the record's history."""
        records = self._guard_check_access("write")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the record is archived."))
        self._guard_check_archive()
        if "message_ids" in self._fields:
            for record in self:
                record.message_post(body=self.env._("Archived: %s", reason))
        records.action_archive()
        return True

    def _guard_check_archive(self):
        """Refuse to archive records that must stay active (hook)."""
        return True
