from odoo import api, models
from odoo.tools import SQL


class RehabBoardMixin(models.AbstractModel):
    """A kanban board whose columns load in one call (the bed board).

    Grouped, the web client asks for each open column's cards with its own
    ``web_search_read``: a few queries per column. The board's view
    (``js_class="rehab_board"``) sends those requests together to
    ``web_search_read_columns``, which answers them with one query for the
    ids and counts of every column and one read of all their cards: the cost
    of the board no longer depends on its number of columns.
    """

    _name = "rehab.board.mixin"
    _description = "Board Columns Loaded Together"

    @api.model
    @api.readonly
    def web_search_read_columns(self, requests, specification):
        """Answer several ``web_search_read`` requests sharing ``specification``.

        ``requests``: a list of dicts with ``domain`` and optionally
        ``offset``, ``limit``, ``order`` and ``count_limit``, as the client
        gives them to ``web_search_read``. Returns, in the same order, what
        ``web_search_read`` returns for each: ``{"length", "records"}``. The
        record rules apply to each domain (``_search``) and to the read.
        """
        if not requests:
            return []
        columns = [self._board_column_sql(request) for request in requests]
        row = self.env.execute_query(
            SQL("SELECT %s", SQL(", ").join(sql for pair in columns for sql in pair))
        )[0]
        ids_per_column = [list(ids or ()) for ids in row[0::2]]
        counts = row[1::2]
        all_ids = list(dict.fromkeys(i for ids in ids_per_column for i in ids))
        values = {
            record["id"]: record
            for record in self.browse(all_ids).web_read(specification)
        }
        results = []
        for request, ids, count in zip(requests, ids_per_column, counts, strict=True):
            records = [values[i] for i in ids]
            limit = request.get("limit")
            offset = request.get("offset") or 0
            length = len(records) + offset
            count_limit = request.get("count_limit")
            if records and limit and len(records) == limit:
                if not (count_limit and count_limit <= length):
                    length = count
            results.append({"length": length if records else 0, "records": records})
        return results

    @api.model
    def _board_column_sql(self, request):
        """The SQL of one column: its ordered ids (an array) and its count."""
        query = self._search(
            request.get("domain") or [],
            offset=request.get("offset") or 0,
            limit=request.get("limit"),
            order=request.get("order") or self._order,
        )
        if query.is_empty():
            return SQL("ARRAY[]::int[]"), SQL("0")
        # The count reads the same rows (the joins of the order are many2one
        # LEFT JOINs: they add no row), at most ``count_limit`` of them.
        count_limit = request.get("count_limit")
        counted = SQL(
            "SELECT 1 FROM %s WHERE %s%s",
            query.from_clause,
            query.where_clause or SQL("TRUE"),
            SQL(" LIMIT %s", count_limit) if count_limit else SQL(),
        )
        return (
            SQL("ARRAY(%s)", query.select()),
            SQL("(SELECT count(*) FROM (%s) AS c)", counted),
        )
