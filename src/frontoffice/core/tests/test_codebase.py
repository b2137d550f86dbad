"""House rules that a reviewer would otherwise check by hand: lint, migrations, the one write
path (only services write rows) and the layers (no app imports one above it)."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine_independent

ROOT = Path(__file__).resolve().parents[4]
PACKAGE = ROOT / "src" / "frontoffice"


def test_ruff_lint_and_format():
    ruff = Path(sys.executable).with_name("ruff")
    targets = [str(ROOT / "src"), str(ROOT / "bench")]
    lint = subprocess.run([ruff, "check", *targets], capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout
    fmt = subprocess.run([ruff, "format", "--check", *targets], capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout


def test_models_and_migrations_agree(tmp_path):
    env = {**os.environ, "FRONTOFFICE_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "frontoffice.config.cli", "makemigrations", "--check", "--dry-run"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- one write path ---------------------------------------------------------------------

# Calls that write rows: a model's save/delete, a manager's or queryset's create/update/…
ALWAYS_WRITES = {
    "save",
    "save_base",
    "delete",
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "bulk_history_create",
    # The ORM's own lower layers.
    "_raw_delete",
    "_insert",
    "_batched_insert",
    "_update",
    "_do_update",
    "_do_insert",
    # Django's admin and forms write when their defaults run: super().save_model(), …
    "save_model",
    "delete_model",
    "delete_queryset",
    "save_related",
    "save_formset",
    "save_m2m",
}
SQL_WRITE = re.compile(
    r"^\s*(INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|REPLACE\s+INTO"
    r"|WITH\b.*\b(INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM))",
    re.IGNORECASE | re.DOTALL,
)


def _is_dict(value) -> bool:
    if isinstance(value, (ast.Dict, ast.DictComp)):
        return True
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        return value.func.id == "dict"
    if isinstance(value, ast.IfExp):
        return _is_dict(value.body) and _is_dict(value.orelse)
    return False


def _dict_names(function) -> set[str]:
    """Names a function only ever binds to dicts: their `.update()` is not a write."""
    bound: dict[str, list] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    bound.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            bound.setdefault(node.target.id, []).append(node.value)
    return {
        name for name, values in bound.items() if all(v is not None and _is_dict(v) for v in values)
    }


def _string_of(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # an f-string: its fixed parts, the rest as "x"
        return "".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values)
    return None


def _writes_in(source: str) -> list[tuple[int, str]]:
    """(line, what) for every row write the source makes."""
    found = []
    tree = ast.parse(source)
    decorators = {
        id(decorator)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        for decorator in node.decorator_list
    }
    dicts_by_call = {}
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
            names = _dict_names(function)
            for node in ast.walk(function):
                if isinstance(node, ast.Call):
                    dicts_by_call.setdefault(id(node), set()).update(names)
    strings_in_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    for node in ast.walk(tree):
        if id(node) in decorators:
            continue  # @router.delete(...) declares an endpoint
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            receiver = node.func.value
            if name in ALWAYS_WRITES:
                found.append((node.lineno, name))
            elif name == "update" and not (
                isinstance(receiver, ast.Name) and receiver.id in dicts_by_call.get(id(node), ())
            ):
                # A queryset, a manager, a related manager or an unknown name: a write.
                found.append((node.lineno, "queryset update"))
        elif id(node) not in strings_in_fstrings:
            text = _string_of(node)
            if text is not None and SQL_WRITE.match(text):
                found.append((node.lineno, "SQL write"))
    return sorted(found)


def _is_exempt(path: Path) -> bool:
    """Services write; tests, migrations and the test harness set things up."""
    parts = path.relative_to(PACKAGE).parts
    return (
        "services" in parts[:-1]
        or parts[-1] == "services.py"
        or "migrations" in parts
        or "tests" in parts
        or parts[-1] in {"conftest.py", "testing.py", "liveserver.py"}
    )


def test_the_write_check_can_fail():
    bad = (
        "def view(request):\n"
        "    Room.objects.filter(pk=1).update(active=False)\n"
        "    room.save()\n"
        "    Room.objects.create(number='1')\n"
        "    cursor.execute('UPDATE lodging_room SET active = 0')\n"
        "    context = {}\n"
        "    context.update(x=1)\n"
        "    super().save_model(request, obj, form, change)\n"
        "    help = 'Delete old records'\n"
        "    qs = Room.objects.filter(pk=1)\n"
        "    qs.update(active=False)\n"
        "    room.nights.update(held=False)\n"
        "    Room._base_manager.values('pk').update(active=True)\n"
        "    Room.objects.all()._raw_delete('default')\n"
        "    cursor.execute(f'DELETE FROM {table} WHERE id = 1')\n"
        "    cursor.execute('WITH x AS (SELECT 1) DELETE FROM t')\n"
        "\n"
        "@router.delete('/x')\n"
        "def endpoint(request):\n"
        "    pass\n"
    )
    assert [what for _line, what in _writes_in(bad)] == [
        "queryset update",
        "save",
        "create",
        "SQL write",
        "save_model",
        "queryset update",
        "queryset update",
        "queryset update",
        "_raw_delete",
        "SQL write",
        "SQL write",
    ]


def test_only_services_write_rows():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if _is_exempt(path):
            continue
        for line, what in _writes_in(path.read_text()):
            offenders.append(f"{path.relative_to(PACKAGE)}:{line}: {what}")
    assert offenders == [], "write through a service instead:\n" + "\n".join(offenders)


def test_every_admin_writes_through_the_services():
    """A ModelAdmin left with Django's defaults would save and delete rows directly."""
    from django.contrib import admin

    from frontoffice.core.admin import ServiceAdmin

    plain = [
        f"{model._meta.label}: {type(model_admin).__name__}"
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in MAY_IMPORT and not isinstance(model_admin, ServiceAdmin)
    ]
    assert plain == []


# --- layers -----------------------------------------------------------------------------

# Each app and the apps it may import (DESIGN.md: core <- customers <- billing <- lodging <-
# guestservice; procedures sits beside guestservice, on lodging).
MAY_IMPORT = {
    "core": {"core"},
    "customers": {"core", "customers"},
    "billing": {"core", "customers", "billing"},
    "lodging": {"core", "customers", "billing", "lodging"},
    "guestservice": {"core", "customers", "billing", "lodging", "guestservice"},
    "procedures": {"core", "customers", "billing", "lodging", "procedures"},
}


def _imported_apps(source: str) -> set[str]:
    apps = set()
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "frontoffice" and len(parts) > 1:
                apps.add(parts[1])
    return apps


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_apps_import_only_downwards(app):
    offenders = []
    for path in sorted((PACKAGE / app).rglob("*.py")):
        if "tests" in path.parts:
            continue
        upward = _imported_apps(path.read_text()) - MAY_IMPORT[app]
        if upward:
            offenders.append(f"{path.relative_to(PACKAGE)} imports {sorted(upward)}")
    assert offenders == []


def test_the_layer_check_can_fail():
    assert _imported_apps("from frontoffice.lodging.models import Room\nimport os\n") == {"lodging"}


# --- reproducible installs ------------------------------------------------------------------


def test_every_dependency_is_pinned_and_installed_as_pinned():
    import tomllib
    from importlib.metadata import version

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            pins[canonicalize_name(name)] = pinned.strip()
    for spec in wanted:
        requirement = Requirement(spec)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in constraints.txt: run make lock"
        assert requirement.specifier.contains(pins[name]), (name, pins[name], spec)
        assert version(requirement.name) == pins[name], (name, "installed differs from the pin")


# --- leaving the tenancy scope --------------------------------------------------------------

# The only modules that may look past the establishment scope, each for a reason: the
# policy (who has a role where, before any scope exists), services that lock or create an
# establishment's own row, commands across tenants, the superuser's admin. A new one fails
# here until it is added with its reason.
MAY_LEAVE_THE_SCOPE = {
    "core/policy.py": "finds the establishment and the person's roles before scoping",
    "core/adminsite.py": "the superuser's admin sees every establishment",
    "core/admin.py": "the superuser's staff-role admin",
    "core/services/establishments.py": "creates establishments; the person's other roles",
    "core/tenancy.py": "defines the scopes",
    "lodging/services/inventory.py": "locks and moves the establishment's own row",
    "lodging/demo.py": "refuses to run beside other establishments",
    "lodging/management/commands/demo.py": "the same check",
    "lodging/management/commands/daily.py": "the daily job runs for every establishment",
    "lodging/management/commands/audit.py": "the night audit runs for every hotel",
}


def test_leaving_the_tenancy_scope_is_rare_and_known():
    pattern = re.compile(r"\.unscoped\b|every_establishment\(|scopes_disabled\(")
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if "/tests/" in f"/{relative}" or relative in {"conftest.py", "testing.py"}:
            continue
        if pattern.search(path.read_text()):
            found.add(relative)
    assert found == set(MAY_LEAVE_THE_SCOPE)
