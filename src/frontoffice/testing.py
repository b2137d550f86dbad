"""`make test`: the whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL
is set (browser tests and tests marked engine_independent run once, on SQLite). With CI=true both engines and the browser are
required."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(label: str, env: dict[str, str], extra: list[str]) -> tuple[int, dict[str, int]]:
    print(f"\n=== {label} ===", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.xml"
        env = {**env, "FRONTOFFICE_DATA_DIR": str(Path(tmp) / "data")}
        started = time.monotonic()
        code = subprocess.call(
            [sys.executable, "-m", "pytest", "-q", f"--junitxml={report}", *extra],
            cwd=ROOT,
            env=env,
        )
        counts = {"passed": 0, "failed": 0, "skipped": 0}
        if report.exists():
            suite = ET.parse(report).getroot()
            suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
            total = int(suite.get("tests", 0))
            failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            skipped = int(suite.get("skipped", 0))
            counts = {"passed": total - failed - skipped, "failed": failed, "skipped": skipped}
        print(f"=== {label}: {counts} in {time.monotonic() - started:.0f}s", flush=True)
        return code, counts


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ci = os.environ.get("CI", "").lower() == "true"
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    pg_url = os.environ.get("TEST_DATABASE_URL")
    if ci and not pg_url:
        print("CI=true needs TEST_DATABASE_URL (PostgreSQL).", file=sys.stderr)
        return 2
    if ci and not Path("/usr/bin/chromium").exists():
        print("CI=true needs /usr/bin/chromium.", file=sys.stderr)
        return 2
    results = [run("SQLite", base, argv)]
    if pg_url:
        results.append(
            run(
                "PostgreSQL",
                {**base, "DATABASE_URL": pg_url},
                ["-m", "not browser and not engine_independent", *argv],
            )
        )
    else:
        print("\nTEST_DATABASE_URL is not set: the PostgreSQL run is skipped.")
    passed = sum(c["passed"] for _, c in results)
    failed = sum(c["failed"] for _, c in results)
    skipped = sum(c["skipped"] for _, c in results)
    worst = max(code for code, _ in results)
    if worst and not failed:
        failed = 1  # collection error or crash: count it, never report green
    if ci and skipped:
        print(f"CI=true: {skipped} tests were skipped; none may be.", file=sys.stderr)
        failed += skipped
    print(f"\nfrontoffice: {passed} passed, {failed} failed, {skipped} skipped")
    return 0 if worst == 0 and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
