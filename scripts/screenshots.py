"""Take the README's screenshots from a running demo: `python scripts/screenshots.py [URL]`.

Logs in as each persona in headless Chromium (Debian's /usr/bin/chromium) and saves PNGs
into docs/screenshots/.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "gaoxin-demo-2022"  # noqa: S105 - the published demo credential
SHOTS = [
    ("leader", "/", "home-leader.png"),
    ("hall", "/evalstats/", "evalstats-overview.png"),
    ("handler", "/rectifications/", "ledger-handler.png"),
    ("operator", "/matching/", "matching-figures.png"),
    ("invest", "/projects/pipeline/", "projects-pipeline.png"),
    ("econ", "/projects/progress/", "projects-progress.png"),
    (None, "/evalstats/public/", "public-disclosure.png"),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        for user, path, name in SHOTS:
            context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
            page = context.new_page()
            if user:
                page.goto(f"{BASE}/accounts/login/")
                page.fill("#id_username", user)
                page.fill("#id_password", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_url(f"{BASE}/")
            page.goto(f"{BASE}{path}")
            page.wait_for_timeout(1200)  # let ECharts draw
            page.screenshot(path=str(OUT / name), full_page=False)
            print(OUT / name)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
