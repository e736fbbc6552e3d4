"""The shape of the code, checked: apps import only apps below them, no module grows past 400 lines,
and SQL is written only in migrations. (Issue 10: one place for each rule.)"""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Bottom to top. An app may import the apps before it; `backend` (the project: settings, URLs, Celery,
# middleware) may import any app, and no app imports `backend`.
LAYERS = ["core", "accounts", "audit", "events", "delegations", "badges", ("feeds", "checkin", "spreadsheets"),
          "correspondence", ("privacy", "office", "portal")]
LONGEST_MODULE = 400
SKIPPED_DIRS = {".venv", "node_modules", "migrations", ".git", "build", "var"}


def _rank():
    rank = {}
    for position, layer in enumerate(LAYERS):
        for app in (layer if isinstance(layer, tuple) else (layer,)):
            rank[app] = position
    return rank


def _python_files(*tops):
    for top in tops:
        for path in sorted((ROOT / top).rglob("*.py")):
            if not SKIPPED_DIRS & set(path.relative_to(ROOT).parts):
                yield path


def _imported_top_packages(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno


def test_apps_import_only_apps_below_them():
    rank = _rank()
    wrong = []
    for path in _python_files(*rank):
        app = path.relative_to(ROOT).parts[0]
        for imported, line in _imported_top_packages(path):
            if imported == "backend" or (imported in rank and imported != app and rank[imported] >= rank[app]):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert wrong == []


def test_no_module_is_longer_than_400_lines():
    tops = [*_rank(), "backend", "tests", "bench"]
    long = {str(path.relative_to(ROOT)): lines for path in _python_files(*tops)
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST_MODULE}
    assert long == {}


RAW_SQL = re.compile(r"\.cursor\(|\.raw\(|RawSQL\(|\.extra\(|\bexecute\(")
# The one documented exception (issue 10: "raw SQL only with a measured reason, and then as the only
# path"): a scan's statements, written once per process because compiling them through the ORM on
# every scan cost most of a scan's CPU; its docstring gives the measurements.
SQL_MODULES = {"checkin/domain/gate_sql.py"}


def test_sql_is_written_only_in_migrations():
    found = [f"{path.relative_to(ROOT)}:{number}"
             for path in _python_files(*_rank(), "backend")
             if str(path.relative_to(ROOT)) not in SQL_MODULES
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if RAW_SQL.search(line)]
    assert found == []


# Inside an app, the layers point down too: domain/ and models/ know nothing of the ways in and out
# (api/, admin, views, tasks, interfaces/); those call the domain. Two exceptions are left: the batch
# operation draws its sheet through badges.interfaces.sheet_parts, and a letter is drawn when it is made
# (its reference and QR code are fixed in the PDF the guest receives).
KNOWN_INWARD = {"badges/domain/printing.py", "correspondence/domain/letters.py"}
OUTER = {"api", "admin", "admin_scope", "views", "tasks", "interfaces", "demo", "urls"}


def _imported_modules(path):
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            yield from ((f"{module}.{alias.name}", node.lineno) for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)


def test_domain_and_models_do_not_import_the_outer_layers():
    rank = _rank()
    wrong = []
    for path in _python_files(*rank):
        if not {"domain", "models"} & set(path.relative_to(ROOT).parts[1:2]) or (
                str(path.relative_to(ROOT)) in KNOWN_INWARD):
            continue
        for module, line in _imported_modules(path):
            parts = module.split(".")
            if parts[0] in rank and len(parts) > 1 and parts[1] in OUTER:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert wrong == []
