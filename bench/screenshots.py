"""Screenshots of the dashboard and the availability grid for the README (`make screenshots`).

Loads the demo into a temporary data directory, serves it, logs in as the desk agent."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from frontoffice.liveserver import CHROMIUM, CHROMIUM_ARGS, LiveServer  # noqa: E402

DOCS = Path(__file__).resolve().parents[1] / "docs"


def shoot(base_url: str) -> None:
    DOCS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base_url + "/")
        page.fill("#id_username", "desk")
        page.fill("#id_password", "demo")
        page.press("#id_password", "Enter")
        page.wait_for_url("**/e/demo/")
        page.screenshot(path=DOCS / "dashboard.png", full_page=True)
        page.goto(base_url + "/e/demo/availability/?days=21")
        page.screenshot(path=DOCS / "availability.png", full_page=True)
        browser.close()
    print(f"wrote {DOCS / 'dashboard.png'} and {DOCS / 'availability.png'}")


def main() -> None:
    if os.environ.get("FRONTOFFICE_URL"):
        shoot(os.environ["FRONTOFFICE_URL"])
        return
    with LiveServer(workers=2) as live:
        live.manage("demo")
        shoot(live.base_url)


if __name__ == "__main__":
    main()
