"""Fields a user may not read stay hidden on every path, not only on read.

Odoo 18 checks field ``groups`` on read and on direct terms of stored
columns, but not everywhere: a many2many group-by
(``read_group([], ["ids:array_agg(id)"], ["drug_type_ids"])``), one2many and
many2many terms, paths through other models and export paths are not
checked, so an instructor could learn who uses heroin by grouping, searching
or exporting. Every rehab model inherits this guard: a field the user may not
read cannot be searched (at any hop of a dotted path, inside ``any``
sub-domains too), grouped by, aggregated, ordered by or exported.

The same walk finds the medical fields a path reaches (a model's
``_guard_medical_fields``): when an entitled user searches, groups, reads or
exports through one, the medical access log gets its line (HIV/AIDS Law
Art. 30; Law 91/2025/QH15 and Decree 356/2025/NĐ-CP on sensitive data).
"""

from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.osv import expression

# Context marker of a search already logged by the caller (a Python object:
# a client sending JSON cannot forge it to skip the log).
_LOGGED = object()
_LOGGED_KEY = "rehab_field_guard_logged"
FORMULA_PREFIXES = ("=", "+", "-", "@")


class RehabFieldGuardMixin(models.AbstractModel):
    _name = "rehab.field.guard.mixin"
    _description = "Restricted Fields Guard"

    # Fields whose every reveal is logged (the resident's medical data).
    _guard_medical_fields = ()

    # ------------------------------------------------------------ the walk
    @api.model
    def _guard_check_path(self, path, sep=".", refuse=True):
        """Refuse ``path`` if one hop is a field the user may not read.

        Return the medical hops as ``(model name, field name, prefix)``
        (``prefix``: the field names leading from ``self`` to that model) and
        the model the path ends on.
        """
        hits, model, prefix = [], self, []
        for name in path.split(sep):
            field = model._fields.get(name)
            if field is None:
                break
            if refuse and not self.env.su and not field.is_accessible(self.env):
                raise AccessError(
                    self.env._(
                        "You are not allowed to search, group, sort or export "
                        "%(model)s by “%(field)s”.",
                        model=self._description,
                        field=field.get_description(self.env)["string"],
                    )
                )
            if name in getattr(model, "_guard_medical_fields", ()):
                hits.append((model._name, name, tuple(prefix)))
            if not field.relational:
                break
            prefix.append(name)
            model = self.env[field.comodel_name]
        return hits, model

    @api.model
    def _guard_check_paths(self, paths, sep="."):
        hits = []
        for path in paths:
            hits += self._guard_check_path(path, sep)[0]
        return hits

    @api.model
    def _guard_check_domain(self, domain, prefix=()):
        """Check every path of ``domain``, ``any`` sub-domains included."""
        hits = []
        for leaf in domain or []:
            if not expression.is_leaf(leaf) or not isinstance(leaf[0], str):
                continue
            leaf_hits, comodel = RehabFieldGuardMixin._guard_check_path(self, leaf[0])
            hits += [(m, f, (*prefix, *p)) for m, f, p in leaf_hits]
            if leaf[1] in ("any", "not any") and isinstance(leaf[2], list | tuple):
                hits += RehabFieldGuardMixin._guard_check_domain(
                    comodel, leaf[2], (*prefix, *leaf[0].split("."))
                )
        return hits

    @api.model
    def _guard_spec_names(self, specs):
        """Field names of group-by, aggregate and order specs."""
        names = []
        for spec in specs or ():
            name = spec.strip().split(" ")[0].split(":")[0]
            if name and name in self._fields:
                names.append(name)
        return names

    # ---------------------------------------------------------- the log
    def _guard_log_hits(self, operation, hits, count):
        """One summary line for a search or a grouping (entitled users)."""
        if hits and not self.env.su:
            self.env["rehab.medical.access.log"]._record_summary(
                operation,
                self._name,
                sorted({f"{model}.{name}" for model, name, __ in hits}),
                count,
            )

    def _guard_log_reveal(self, hits, operation):
        """Lines for the records whose medical data ``self`` revealed."""
        if not hits or self.env.su:
            return
        reached = defaultdict(set)
        for model_name, field_name, prefix in hits:
            records = self.sudo().mapped(".".join(prefix)) if prefix else self
            reached[model_name, tuple(records.ids)].add(field_name)
        for (model_name, ids), field_names in reached.items():
            if ids:
                self.env[model_name].browse(ids)._guard_log_records(
                    operation, self._name, sorted(field_names)
                )

    def _guard_log_records(self, operation, through, field_names):
        """Hook: log that the medical data of ``self`` was revealed."""
        self.env["rehab.medical.access.log"]._record_summary(
            operation, through, [f"{self._name}.{n}" for n in field_names], len(self)
        )

    def _guard_unlogged(self, hits):
        """``self`` marked as logged, and whether this call must log."""
        if not hits or self.env.context.get(_LOGGED_KEY) is _LOGGED:
            return self, False
        return self.with_context(**{_LOGGED_KEY: _LOGGED}), True

    # ---------------------------------------------------------- the paths
    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if self.env.su:
            return super()._search(domain, offset=offset, limit=limit, order=order)
        hits = self._guard_check_domain(domain)
        hits += self._guard_check_paths(
            self._guard_spec_names((order or "").split(","))
        )
        model, log = self._guard_unlogged(hits)
        query = super(RehabFieldGuardMixin, model)._search(
            domain, offset=offset, limit=limit, order=order
        )
        if log:
            self._guard_log_hits("search", hits, len(query.get_result_ids()))
        return query

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        model, log, hits = self, False, []
        if not self.env.su:
            specs = [*groupby, *aggregates, *(order or "").split(",")]
            specs += [leaf[0] for leaf in having or () if expression.is_leaf(leaf)]
            hits = self._guard_check_paths(self._guard_spec_names(specs))
            hits += self._guard_check_domain(domain)
            model, log = self._guard_unlogged(hits)
        result = super(RehabFieldGuardMixin, model)._read_group(
            domain,
            groupby,
            aggregates,
            having=having,
            offset=offset,
            limit=limit,
            order=order,
        )
        if log:
            self._guard_log_hits("group", hits, len(result))
            # Grouped records come back in the caller's environment, unmarked.
            result = [
                tuple(
                    value.with_env(self.env)
                    if isinstance(value, models.BaseModel)
                    else value
                    for value in row
                )
                for row in result
            ]
        return result

    def _read_format(self, fnames, load="_classic_read"):
        # Serves read(), search_read() and the form (web_read) alike.
        result = super()._read_format(fnames, load=load)
        if not self.env.su:
            hits = []
            for name in fnames:
                field = self._fields.get(name)
                if field is None:
                    continue
                if name in self._guard_medical_fields:
                    hits.append((self._name, name, ()))
                elif field.related:
                    hits += self._guard_check_path(field.related, refuse=False)[0]
            self._guard_log_reveal(hits, "read")
        return result

    def export_data(self, fields_to_export):
        paths = [
            "/".join(p for p in path.split("/") if p not in ("id", ".id"))
            for path in fields_to_export
        ]
        hits = self._guard_check_paths([p for p in paths if p], "/")
        result = super().export_data(fields_to_export)
        self._guard_log_reveal(hits, "export")
        # A cell starting with = + - @ would run as a formula in a spreadsheet.
        for row in result.get("datas", []):
            for col, value in enumerate(row):
                if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
                    row[col] = "'" + value
        return result
