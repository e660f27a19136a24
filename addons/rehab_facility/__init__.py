from . import models
from . import wizard
from . import report
from . import hooks


def pre_init_hook(env):
    """Enable the PostgreSQL extensions the module relies on.

    btree_gist backs the exclusion constraint that forbids two overlapping
    assignments of one bed; pg_trgm and unaccent back the intake desk's
    accent-insensitive fuzzy search on names. All three are "trusted"
    extensions (PostgreSQL 13+), so the database owner may create them.
    """
    for extension in ("btree_gist", "pg_trgm", "unaccent"):
        env.cr.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")


def post_init_hook(env):
    """The facility works in Vietnamese: activate vi_VN and load its terms.

    Odoo loads a module's translations for the languages active when the
    module is installed; activating vi_VN here (after rehab_facility's own
    load) and loading the terms of the modules already installed gives the
    staff a Vietnamese interface from the first login and gives the
    documents for outside recipients their Vietnamese labels. Modules
    installed later get vi_VN with their own install.
    """
    env["res.lang"]._activate_lang("vi_VN")
    env["ir.module.module"].search(
        ["|", ("state", "=", "installed"), ("name", "=", "rehab_facility")]
    )._update_translations(["vi_VN"])
