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
    # Django's admin and forms write when their defaults run: super().save_model(), …
    "save_model",
    "delete_model",
    "delete_queryset",
    "save_related",
    "save_formset",
    "save_m2m",
}
# `.update(...)` writes when called on a queryset or manager (not on a dict).
QUERYSET_CALLS = {"filter", "exclude", "all", "select_for_update", "using", "order_by", "none"}
SQL_WRITE = re.compile(
    r"^\s*(INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|REPLACE\s+INTO)\b", re.IGNORECASE
)


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
    for node in ast.walk(tree):
        if id(node) in decorators:
            continue  # @router.delete(...) declares an endpoint
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            receiver = node.func.value
            if name in ALWAYS_WRITES:
                found.append((node.lineno, name))
            elif name == "update" and (
                (
                    isinstance(receiver, ast.Call)
                    and isinstance(receiver.func, ast.Attribute)
                    and receiver.func.attr in QUERYSET_CALLS
                )
                or (
                    isinstance(receiver, ast.Attribute) and receiver.attr in {"objects", "unscoped"}
                )
            ):
                found.append((node.lineno, "queryset update"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL_WRITE.match(node.value):
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
        "    context.update(x=1)\n"
        "    super().save_model(request, obj, form, change)\n"
        "    help = 'Delete old records'\n"
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

# Each app and the apps it may import (DESIGN.md: core <- customers <- lodging).
MAY_IMPORT = {
    "core": {"core"},
    "customers": {"core", "customers"},
    "lodging": {"core", "customers", "lodging"},
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
