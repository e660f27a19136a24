from . import models
from . import wizard
from . import report
from . import hooks


US_DATE_FORMAT = "%m/%d/%Y"


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
    make_vietnamese(env, modules=("rehab_facility",))
    # A fresh database: its first user (the administrator) works in Vietnamese
    # too; each user may switch to English in their preferences.
    admin = env.ref("base.user_admin", raise_if_not_found=False)
    if admin and admin.lang == "en_US":
        admin.lang = "vi_VN"


def make_vietnamese(env, modules=()):
    """vi_VN active, every installed module's terms loaded (data records too),
    the facilities (companies) in Vietnamese. Idempotent: install and update."""
    env["res.lang"]._activate_lang("vi_VN")
    env["ir.module.module"].search(
        ["|", ("state", "in", ("installed", "to upgrade")), ("name", "in", modules)]
    )._update_translations(["vi_VN"])
    partners = env["res.company"].with_context(active_test=False).search([]).partner_id
    partners.filtered(lambda p: p.lang != "vi_VN").write({"lang": "vi_VN"})
    # One date format on every screen, message and document: chatter messages
    # and documents are written once and read in both languages, so English
    # (a per-user choice at a Vietnamese facility) reads dates day first too.
    english = env.ref("base.lang_en", raise_if_not_found=False)
    if english and english.date_format == US_DATE_FORMAT:
        english.date_format = "%d/%m/%Y"
