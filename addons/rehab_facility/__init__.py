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
