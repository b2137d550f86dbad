"""`make test`: the whole suite on SQLite and again on PostgreSQL when TEST_DATABASE_URL
is set (browser tests and tests marked engine_independent run once, on SQLite). With CI=true
both engines and the browser are required.

The two engines' runs go side by side (one per core): SQLite's output is shown as it runs,
PostgreSQL's when it ends. FRONTOFFICE_TEST_SERIAL=1 runs them one after the other."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class Run:
    """One engine's pytest run in its own process and data directory."""

    def __init__(self, label: str, env: dict[str, str], extra: list[str], quiet: bool = False):
        self.label = label
        self.tmp = tempfile.TemporaryDirectory()
        self.report = Path(self.tmp.name) / "report.xml"
        self.log = Path(self.tmp.name) / "output.txt" if quiet else None
        env = {**env, "FRONTOFFICE_DATA_DIR": str(Path(self.tmp.name) / "data")}
        self.started = time.monotonic()
        if quiet:
            print(f"\n=== {self.label}: started beside the other run; its output follows it ===")
        else:
            print(f"\n=== {self.label} ===", flush=True)
        out = open(self.log, "w") if self.log else None  # noqa: SIM115 - closed in wait()
        self._out = out
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pytest", "-q", f"--junitxml={self.report}", *extra],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
        )

    def wait(self) -> tuple[int, dict[str, int]]:
        code = self.process.wait()
        if self._out:
            self._out.close()
            print(f"\n=== {self.label} ===", flush=True)
            sys.stdout.write(self.log.read_text())
        counts = {"passed": 0, "failed": 0, "skipped": 0}
        report = self.report
        if report.exists():
            suite = ET.parse(report).getroot()
            suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
            total = int(suite.get("tests", 0))
            failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            skipped = int(suite.get("skipped", 0))
            counts = {"passed": total - failed - skipped, "failed": failed, "skipped": skipped}
        print(f"=== {self.label}: {counts} in {time.monotonic() - self.started:.0f}s", flush=True)
        self.tmp.cleanup()
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
    serial = os.environ.get("FRONTOFFICE_TEST_SERIAL", "") not in ("", "0")
    pg_args = ("PostgreSQL", {**base, "DATABASE_URL": pg_url or ""})
    pg_extra = ["-m", "not browser and not engine_independent", *argv]
    pg_run = Run(*pg_args, pg_extra, quiet=True) if pg_url and not serial else None
    results = [Run("SQLite", base, argv).wait()]
    if pg_run:
        results.append(pg_run.wait())
    elif pg_url:
        results.append(Run(*pg_args, pg_extra).wait())
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
