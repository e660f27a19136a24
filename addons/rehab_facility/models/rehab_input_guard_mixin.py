"""Bad input is refused in words an intake officer understands.

Every create and write of a model inheriting ``rehab.input.guard.mixin``
(the guarded legal models and the wizards) is checked before the database
sees it: no NUL or control characters, bounded lengths, integers and
quantities within range, plausible dates, names trimmed and safe in a
spreadsheet. Without it a typing slip or an attack ends as a database
traceback (``NumericValueOutOfRange``, ``A string literal cannot contain NUL``)
or a live formula in an export.
"""

import math
import re
from datetime import date, datetime, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Control characters never typed by a person (tab and line breaks allowed in texts).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAKS = re.compile(r"[\t\r\n]")
# A cell starting with one of these becomes a live formula in a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@")
NAME_MAX = 200
CHAR_MAX = 1000
TEXT_MAX = 100_000
INTEGER_MAX = 1_000_000
QUANTITY_MAX = 1_000_000_000
EARLIEST_BIRTH = date(1900, 1, 1)
EARLIEST_EVENT = date(1990, 1, 1)
# Clock skew tolerated between a desk's "now" and the server's.
CLOCK_SKEW = timedelta(minutes=10)


def clean_name(env, value, label):
    """A person's or thing's name as stored: trimmed, single spaces, safe.

    Refuses empty names, names over 200 characters, control characters, and
    a leading ``= + - @`` (it would run as a formula in a spreadsheet export).
    """
    if value is False or value is None:
        return value
    name = " ".join(str(value).split())
    if not name:
        raise ValidationError(env._("“%s” cannot be empty.", label))
    if CONTROL_CHARS.search(name):
        raise ValidationError(
            env._("“%s” contains characters that cannot be typed; retype it.", label)
        )
    if len(name) > NAME_MAX:
        raise ValidationError(
            env._(
                "“%(label)s” is too long: at most %(max)s characters.",
                label=label,
                max=NAME_MAX,
            )
        )
    if name.startswith(FORMULA_PREFIXES):
        raise ValidationError(
            env._("“%s” cannot start with =, +, - or @. Check what was typed.", label)
        )
    return name


class RehabInputGuardMixin(models.AbstractModel):
    _name = "rehab.input.guard.mixin"
    _description = "Input Bounds"

    # Fields holding a name: trimmed, non-empty, bounded, no formula prefix.
    _guard_name_fields = ()
    # {field: "birth" | "event"}: a birth date is 1900-today; an event date is
    # 1990-today (its moment not in the future).
    _guard_date_kinds = {}
    # {field: (min, max)} for integers and quantities a user types.
    _guard_bounds = {}

    @api.model
    def _guard_check_values(self, vals):
        """Refuse what no person means to type; return ``vals`` normalised."""
        vals = dict(vals)
        for name, value in list(vals.items()):
            field = self._fields.get(name)
            if field is None or value is None or value is False:
                continue
            label = field.get_description(self.env)["string"]
            if name in self._guard_name_fields:
                vals[name] = clean_name(self.env, value, label)
            elif field.type in ("char", "text", "html") and isinstance(value, str):
                self._guard_check_text(field, value, label)
            elif field.type == "integer" and not isinstance(value, bool):
                self._guard_check_number(name, value, label, INTEGER_MAX)
            elif field.type in ("float", "monetary"):
                self._guard_check_number(name, value, label, QUANTITY_MAX)
            elif field.type in ("date", "datetime"):
                self._guard_check_date(name, field, value, label)
            elif field.type == "selection" and isinstance(value, str):
                if value not in dict(field._description_selection(self.env)):
                    raise ValidationError(
                        self.env._("“%s”: choose one of the proposed values.", label)
                    )
            elif field.type == "many2one" and isinstance(value, int):
                if not 0 < value < 2**31:
                    raise ValidationError(
                        self.env._("“%s”: choose an existing record.", label)
                    )
        return vals

    @api.model
    def _guard_check_text(self, field, value, label):
        text = LINE_BREAKS.sub("", value) if field.type != "char" else value
        if CONTROL_CHARS.search(text) or "\x00" in value:
            raise ValidationError(
                self.env._(
                    "“%s” contains characters that cannot be typed; retype it.", label
                )
            )
        limit = CHAR_MAX if field.type == "char" else TEXT_MAX
        if len(value) > limit:
            raise ValidationError(
                self.env._(
                    "“%(label)s” is too long: at most %(max)s characters.",
                    label=label,
                    max=limit,
                )
            )

    @api.model
    def _guard_check_number(self, name, value, label, default_max):
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValidationError(self.env._("“%s” must be a number.", label)) from None
        low, high = self._guard_bounds.get(name, (0, default_max))
        if not math.isfinite(number) or not low <= number <= high:
            raise ValidationError(
                self.env._(
                    "“%(label)s” must be between %(low)s and %(high)s.",
                    label=label,
                    low=low,
                    high=high,
                )
            )

    @api.model
    def _guard_check_date(self, name, field, value, label):
        try:
            moment = (
                fields.Datetime.to_datetime(value)
                if field.type == "datetime"
                else fields.Date.to_date(value)
            )
        except (TypeError, ValueError):
            raise ValidationError(
                self.env._("“%s” is not a valid date.", label)
            ) from None
        day = moment.date() if isinstance(moment, datetime) else moment
        kind = self._guard_date_kinds.get(name)
        if kind is None:
            if not EARLIEST_BIRTH <= day <= date(2200, 12, 31):
                raise ValidationError(
                    self.env._("“%s” is not a plausible date.", label)
                )
            return
        if self.env.su:
            return
        earliest = EARLIEST_BIRTH if kind == "birth" else EARLIEST_EVENT
        today = self.env.company.rehab_today()
        future = (
            moment > fields.Datetime.now() + CLOCK_SKEW
            if isinstance(moment, datetime)
            else day > today
        )
        if future:
            raise ValidationError(self.env._("“%s” cannot be in the future.", label))
        if day < earliest:
            raise ValidationError(
                self.env._(
                    "“%(label)s” cannot be before %(earliest)s.",
                    label=label,
                    earliest=earliest.strftime("%d/%m/%Y"),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._guard_check_values(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._guard_check_values(vals))
