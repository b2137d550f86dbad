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


# (file, login, language, address): the desk in English and in German, the manager's rates.
SHOTS = [
    ("dashboard.png", "desk", "en", "/e/demo/"),
    ("availability.png", "desk", "en", "/e/demo/availability/?days=31"),
    ("reservation-new.png", "desk", "en", "/e/demo/reservations/new/?room_type=DBL"),
    ("dashboard-de.png", "desk", "de", "/e/demo/"),
    ("reservations-de.png", "desk", "de", "/e/demo/reservations/"),
    ("rates-de.png", "manager", "de", "/e/demo/rates/"),
]


def shoot(base_url: str) -> None:
    DOCS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, login, language, address in SHOTS:
            context = browser.new_context(
                viewport={"width": 1440, "height": 900},
                locale=language,
                extra_http_headers={"Accept-Language": language},
            )
            page = context.new_page()
            page.goto(base_url + "/login/")
            page.fill("#id_username", login)
            page.fill("#id_password", "demo")
            page.press("#id_password", "Enter")
            page.wait_for_url("**/e/demo/")
            page.goto(base_url + address)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=DOCS / name, full_page=True)
            context.close()
            print(f"wrote {DOCS / name}", flush=True)
        browser.close()


def main() -> None:
    if os.environ.get("FRONTOFFICE_URL"):
        shoot(os.environ["FRONTOFFICE_URL"])
        return
    with LiveServer(workers=2) as live:
        live.manage("demo")
        shoot(live.base_url)


if __name__ == "__main__":
    main()
