"""Imports between the apps run one way (docs/architecture.md, "Import direction").

Every import of the product code counts, including one inside a function, so a lazy
import cannot hide a cycle. Tests may import what they need.
"""

import ast
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]

# What each app's product code may import, besides itself, Django and libraries.
ALLOWED = {
    "taipei_trip": set(),
    # Members get mail (mail imports no app); bookings and orders hook into accounts
    # through accounts.signals.
    "accounts": {"taipei_trip", "mail"},
    "attractions": {"taipei_trip"},
    # The trust pages, the footer's company details and the error pages.
    "sitepages": {"taipei_trip"},
    # E-mails carry the same footer as the pages (customer service, company).
    "mail": {"taipei_trip", "sitepages"},
    "bookings": {"taipei_trip", "accounts", "attractions", "mail"},
    "orders": {"taipei_trip", "accounts", "attractions", "mail", "bookings"},
    # The staff's admin site, roster, refunds and dashboard: on top of every app.
    "backoffice": {
        "taipei_trip",
        "sitepages",
        "accounts",
        "attractions",
        "mail",
        "bookings",
        "orders",
    },
    # Development only (absent in production): nothing else may import it.
    "devtools": {
        "taipei_trip",
        "accounts",
        "attractions",
        "sitepages",
        "mail",
        "bookings",
        "orders",
    },
}


def test_every_app_of_the_project_has_a_place_in_the_direction():
    from django.conf import settings

    ours = {app for app in settings.INSTALLED_APPS if (PROJECT / app).is_dir()}

    assert ours | {"taipei_trip", "devtools"} == set(ALLOWED)


def product_modules(app: str) -> list[Path]:
    return [
        path
        for path in sorted((PROJECT / app).rglob("*.py"))
        if "tests" not in path.relative_to(PROJECT).parts
    ]


def imported_apps(path: Path) -> set[tuple[str, int, bool]]:
    """(app, line, inside a function or class) for every import of one of the apps."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in ALLOWED:
                found.add((top, node.lineno, node.col_offset > 0))
    return found


def import_graph() -> dict[str, list[str]]:
    """app -> ["other_app (path:line)"] for every cross-app import."""
    graph: dict[str, list[str]] = {app: [] for app in ALLOWED}
    for app in ALLOWED:
        for path in product_modules(app):
            for other, line, _ in imported_apps(path):
                if other != app:
                    where = path.relative_to(PROJECT)
                    graph[app].append(f"{other} ({where}:{line})")
    return graph


def test_every_app_imports_only_the_apps_below_it():
    wrong = [
        f"{app} imports {edge}"
        for app, edges in import_graph().items()
        for edge in edges
        if edge.split()[0] not in ALLOWED[app]
    ]

    assert wrong == []


def test_no_import_of_another_app_is_hidden_in_a_function():
    lazy = [
        f"{path.relative_to(PROJECT)}:{line} imports {other}"
        for app in ALLOWED
        for path in product_modules(app)
        for other, line, nested in imported_apps(path)
        if nested and other != app
    ]

    assert lazy == []


def test_the_allowed_direction_has_no_cycle():
    def reaches(start: str, goal: str, seen: frozenset = frozenset()) -> bool:
        return any(
            other == goal
            or (other not in seen and reaches(other, goal, seen | {other}))
            for other in ALLOWED[start]
        )

    assert [app for app in ALLOWED if reaches(app, app)] == []


def test_the_check_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    from orders.views import x\n", encoding="utf-8")

    assert imported_apps(module) == {("orders", 2, True)}
