from odoo import api, models

from .rehab_resident_identity import CITIZEN_ID_RE

# Operators of a search bar or an autocomplete that look for a match.
MATCHING_OPERATORS = ("ilike", "like", "=ilike", "=like", "=")


class RehabCitizenIdSearchMixin(models.AbstractModel):
    """A citizen ID typed whole finds that person, by the ID only.

    A search view's ``filter_domain`` cannot look at what was typed; the
    display-name search can. Twelve digits (a CCCD, TT 59/2021/TT-BCA Art. 4)
    search ``_citizen_id_path`` with ``=`` (its unique index); anything else
    searches the names and IDs as ``_rec_names_search`` says.
    """

    _name = "rehab.citizen.id.search.mixin"
    _description = "Citizen ID Search"
    _citizen_id_path = "citizen_id"

    @api.model
    def _search_display_name(self, operator, value):
        if operator in MATCHING_OPERATORS and isinstance(value, str):
            typed = value.strip()
            if CITIZEN_ID_RE.match(typed):
                return [(self._citizen_id_path, "=", typed)]
        return super()._search_display_name(operator, value)
