"""House rules that a reviewer would otherwise check by hand."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


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
