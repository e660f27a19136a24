"""Every screen a role can reach opens for that role, as the web client does.

For each role, every menu it sees whose action is a window action: load the
action's views (``get_views``), run its search (``web_search_read`` with the
list's field specification), open a record's form (``web_read`` with the
form's specification, one2many and many2many lists included) and, when the
role may create, a new record (``onchange``, which runs ``default_get``). No
step may raise an AccessError: a medical officer once could not open a stay
at all because the form's belongings and post-rehab lists were unreadable
for them.
"""

from datetime import date

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import TODAY, RehabCase

ROLES = ("intake", "security", "medical", "instructor", "manager", "auditor")
X2MANY = ("one2many", "many2many")
SUBVIEWS = ("list", "kanban", "form")
READ_VIEWS = ("list", "kanban", "form")


def field_spec(node, fields):
    """The web client's specification for the fields of a view ``node``.

    ``fields``: {model: {field: description}} from ``get_views``. A
    one2many/many2many with an inline list reads that list's fields too.
    """
    return _node_spec(node, node.get("model_name"), fields)


def _node_spec(node, model, fields):
    spec = {"display_name": {}}
    for child in node.iterchildren(tag=etree.Element):
        if child.tag != "field":
            if child.tag not in SUBVIEWS:
                spec.update(_node_spec(child, model, fields))
            continue
        name = child.get("name")
        description = fields.get(model, {}).get(name)
        if description is None:
            continue
        if description["type"] == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif description["type"] in X2MANY:
            subview = next(
                (
                    sub
                    for sub in child.iterchildren(tag=etree.Element)
                    if sub.tag in SUBVIEWS
                ),
                None,
            )
            comodel = description["relation"]
            spec[name] = {
                "fields": _node_spec(subview, comodel, fields)
                if subview is not None
                else {"display_name": {}}
            }
        else:
            spec[name] = {}
    return spec


@tagged("post_install", "-at_install")
class TestMenus(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {role: getattr(cls, f"{role}_user") for role in ROLES}
        commune = cls.env["rehab.commune"].search([], limit=1)
        present = cls._stay(cls._resident(commune_id=commune.id), bed=cls.bed_c1)
        present.with_user(cls.intake_user).deposit_belongings(
            [{"name": "Điện thoại", "quantity": 1, "uom": "cái", "description": ""}]
        )
        released = cls._stay(
            cls._resident(
                "Trần Văn Về",
                birthdate=date(1990, 2, 2),
                serial="000789",
                commune_id=commune.id,
            ),
            admission=date(2024, 1, 2),
            decision_date=date(2024, 1, 2),
            bed=cls.bed_c2,
        )
        released.with_user(cls.intake_user).deposit_belongings(
            [{"name": "Đồng hồ", "quantity": 1, "uom": "cái", "description": ""}]
        )
        cls._discharge(
            released,
            reason="completed",
            release_date=TODAY,
            destination_commune_id=commune.id,
        )
        cls._send_away(present)

    def _actions(self, user):
        """The menus the web client shows ``user`` (load_menus), with actions."""
        tree = self.env["ir.ui.menu"].with_user(user).load_menus(False)
        pending = list(tree["root"]["children"])
        while pending:
            item = tree[pending.pop(0)]
            pending.extend(item["children"])
            model, __, action_id = (item["action"] or "").partition(",")
            if model == "ir.actions.act_window":
                action = self.env[model].browse(int(action_id))
                yield item["name"], action

    def _eval(self, text, user):
        context = {
            **self.env["ir.actions.actions"]._get_eval_context(),
            "uid": user.id,
            "user": user,
            "context_today": lambda: TODAY,
            "allowed_company_ids": [self.facility.id],
            "active_id": False,
            "active_ids": [],
        }
        return safe_eval(text or "{}", context)

    def _open(self, user, action):
        """What the web client does when the user clicks the menu."""
        context = {
            **self._eval(action.context, user),
            "allowed_company_ids": [self.facility.id],
        }
        model = self.env[action.res_model].with_user(user).with_context(**context)
        # (view id or False, view type) for each view mode, as the client asks.
        views = [(view_id or False, kind) for view_id, kind in action.views]
        views.append((action.search_view_id.id or False, "search"))
        result = model.get_views(views, {"toolbar": True, "load_filters": True})
        fields = {name: info["fields"] for name, info in result["models"].items()}
        domain = self._eval(action.domain or "[]", user)
        specs = {}
        for kind in READ_VIEWS:
            if kind in result["views"]:
                arch = etree.fromstring(result["views"][kind]["arch"])
                arch.set("model_name", action.res_model)
                specs[kind] = field_spec(arch, fields)
        listing = specs.get("list") or specs.get("kanban") or {"display_name": {}}
        found = model.web_search_read(domain, listing, limit=80)
        if "form" not in specs:
            return
        if found["records"]:
            model.browse(found["records"][0]["id"]).web_read(specs["form"])
        form = etree.fromstring(result["views"]["form"]["arch"])
        if model.has_access("create") and form.get("create") not in ("0", "false"):
            model.onchange({}, [], specs["form"])

    def test_every_menu_opens_for_every_role(self):
        failures = []
        opened = 0
        for role, user in self.users.items():
            for menu, action in self._actions(user):
                try:
                    with self.env.cr.savepoint():
                        self._open(user, action)
                    opened += 1
                except Exception as error:  # noqa: BLE001 - every broken screen
                    failures.append(
                        f"{role}: {menu} ({action.res_model}): "
                        f"{type(error).__name__}: {str(error).splitlines()[0]}"
                    )
        self.assertFalse(
            failures, "Screens the role sees that do not open:\n" + "\n".join(failures)
        )
        # Every role but the instructor sees the facility's screens.
        self.assertGreater(opened, 40)

    def test_medical_officer_opens_a_stay(self):
        """The screen that was broken: the stay form with its lists."""
        action = self.env.ref("rehab_facility.rehab_stay_action")
        self._open(self.medical_user, action)
        stay = self.env["rehab.stay"].with_user(self.medical_user).search([], limit=1)
        values = stay.web_read(
            {
                "belonging_ids": {"fields": {"name": {}, "quantity": {}}},
                "post_rehab_ids": {"fields": {"state": {}}},
                "absence_ids": {"fields": {"kind": {}}},
            }
        )
        self.assertTrue(values)
