"""Finding a person who may already be recorded: the intake desk's search.

Identity is national (one record per person, whatever the facility), but an
officer only ranks and sees the people of the facilities they work for: the
record rules are part of the query, before its limit.
"""

from odoo import api, models
from odoo.tools import SQL

# Family name (first word) and given name (last word) must each resemble the
# typed ones (trigram similarity of the unaccented words): "Lê Văn Tùng" is not
# "Lê Văn Giang", though the whole names share most of their trigrams
# (Vietnamese names share a few family and middle names). Also the threshold
# of the indexed ``<<%`` operator that finds the names holding such a word.
WORD_SIMILARITY = 0.5
# Whole-name similarity above which a person is offered; lower when the birth
# date agrees as well (middle names differ, or one is left out).
NAME_SIMILARITY = 0.45
NAME_SIMILARITY_SAME_BIRTH = 0.3
# What agreeing facts add to the name's score (ranking, never the bar).
SAME_BIRTHDATE_BONUS = 0.5
SAME_BIRTH_YEAR_BONUS = 0.15
SAME_SEX_BONUS = 0.1
CANDIDATE_LIMIT = 20
NORMALISE_FUNCTION = "rehab_unaccent_lower"
NAME_TRIGRAM_INDEX = "rehab_resident_name_trgm_idx"
WORD_THRESHOLD_SETTING = "pg_trgm.strict_word_similarity_threshold"


class RehabResidentSearch(models.AbstractModel):
    """Duplicate search on names: accent-insensitive, indexed, Vietnamese-aware."""

    _name = "rehab.resident.search"
    _description = "Resident Duplicate Search"

    def init(self):
        """The immutable name normaliser and the trigram index on it.

        ``unaccent`` is only STABLE (its dictionary is looked up through the
        search path), so an index cannot use it directly: the wrapper names
        the dictionary with its schema. Safe on every install and update; a
        changed normaliser rebuilds the index made with the old one. The
        list order of residents (``name, id``) gets its index here as well.
        """
        super().init()
        if self._abstract:
            return
        cr = self.env.cr
        cr.execute(
            """SELECT n.nspname FROM pg_extension e
                 JOIN pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname = 'unaccent'"""
        )
        schema = cr.fetchone()[0].replace('"', '""')
        body = (
            f'SELECT lower("{schema}".unaccent('
            f"'\"{schema}\".unaccent'::regdictionary, $1))"
        )
        cr.execute(
            "SELECT prosrc FROM pg_proc WHERE proname = %s", [NORMALISE_FUNCTION]
        )
        known = cr.fetchone()
        if not known or known[0].strip() != body:
            cr.execute(
                SQL(
                    "CREATE OR REPLACE FUNCTION %s(text) RETURNS text "
                    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %s",
                    SQL.identifier(NORMALISE_FUNCTION),
                    body,
                )
            )
            if known:  # an index made with the old normaliser is wrong now
                cr.execute(
                    SQL("DROP INDEX IF EXISTS %s", SQL.identifier(NAME_TRIGRAM_INDEX))
                )
        self._create_indexes()

    def _create_indexes(self):
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s USING gin (%s(name) gin_trgm_ops)",
                SQL.identifier(NAME_TRIGRAM_INDEX),
                SQL.identifier(self._table),
                SQL.identifier(NORMALISE_FUNCTION),
            )
        )
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s (name, id)",
                SQL.identifier(f"{self._table}_list_order_idx"),
                SQL.identifier(self._table),
            )
        )

    @api.model
    def _find_similar(self, name, birthdate=None, sex=None, limit=CANDIDATE_LIMIT):
        """People whose name resembles ``name``, closest first (at most ``limit``).

        - Names compare unaccented and lower-case (đ is d): "Le Van Tung" is
          "Lê Văn Tùng".
        - The last word typed (the given name) resembles the person's last
          word, and the first (the family name) their first word, each with
          a trigram similarity of at least WORD_SIMILARITY; middle names may
          differ. The index finds the names holding a word like the given
          name (``<<%``); a one-word search looks for that word anywhere.
        - A whole-name similarity of at least NAME_SIMILARITY, or
          NAME_SIMILARITY_SAME_BIRTH when the birth date agrees.
        - Score: the similarity, raised by the same birth date (or year) and
          the same sex.
        - Archived people too; only the user's facilities (record rules),
          applied before the limit.
        """
        words = (name or "").split()
        residents = self.with_context(active_test=False)
        if not words:
            return residents.browse()
        residents.flush_model(["name", "birthdate", "birth_year", "sex"])
        query = residents._search([])
        table = query.table
        person = SQL(
            "%s(%s)", SQL.identifier(NORMALISE_FUNCTION), SQL.identifier(table, "name")
        )
        typed = SQL("%s(%s)", SQL.identifier(NORMALISE_FUNCTION), " ".join(words))
        given = SQL("%s(%s)", SQL.identifier(NORMALISE_FUNCTION), words[-1])
        # The indexed operator; "%%" is how a literal % is written in SQL().
        query.add_where(SQL("%s <<%s %s", given, SQL("%%"), person))
        if len(words) > 1:
            family = SQL("%s(%s)", SQL.identifier(NORMALISE_FUNCTION), words[0])
            query.add_where(self._word_resembles(person, -1, given))
            query.add_where(self._word_resembles(person, 1, family))
        similarity = SQL("similarity(%s, %s)", person, typed)
        query.add_where(
            SQL(
                "(%s >= %s OR (%s = %s AND %s >= %s))",
                similarity,
                NAME_SIMILARITY,
                SQL.identifier(table, "birthdate"),
                birthdate or None,
                similarity,
                NAME_SIMILARITY_SAME_BIRTH,
            )
        )
        query.order = SQL(
            "%s DESC, %s",
            self._score(table, similarity, birthdate, sex),
            SQL.identifier(table, "id"),
        )
        query.limit = limit
        return residents.browse(self._with_word_threshold(query.get_result_ids))

    @api.model
    def _word_resembles(self, person, position, word):
        """The name's word at ``position`` (1 first, -1 last) resembles ``word``."""
        return SQL(
            "similarity(split_part(%s, ' ', %s), %s) >= %s",
            person,
            position,
            word,
            WORD_SIMILARITY,
        )

    @api.model
    def _score(self, table, similarity, birthdate, sex):
        birth = SQL(
            "CASE WHEN %s = %s THEN %s WHEN %s = %s THEN %s ELSE 0 END",
            SQL.identifier(table, "birthdate"),
            birthdate or None,
            SAME_BIRTHDATE_BONUS,
            SQL.identifier(table, "birth_year"),
            birthdate.year if birthdate else None,
            SAME_BIRTH_YEAR_BONUS,
        )
        same_sex = SQL(
            "CASE WHEN %s = %s THEN %s ELSE 0 END",
            SQL.identifier(table, "sex"),
            sex or None,
            SAME_SEX_BONUS,
        )
        return SQL("(%s + %s + %s)", similarity, birth, same_sex)

    @api.model
    def _with_word_threshold(self, run):
        """Run ``run()`` with the ``<<%`` operator's threshold at WORD_SIMILARITY.

        ``set_config(..., true)`` is SET LOCAL; the previous value is put back
        afterwards, in this transaction.
        """
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT current_setting(%s, true), set_config(%s, %s, true)",
                WORD_THRESHOLD_SETTING,
                WORD_THRESHOLD_SETTING,
                str(WORD_SIMILARITY),
            )
        )
        previous = cr.fetchone()[0] or str(WORD_SIMILARITY)
        try:
            return run()
        finally:
            cr.execute(
                SQL("SELECT set_config(%s, %s, true)", WORD_THRESHOLD_SETTING, previous)
            )
