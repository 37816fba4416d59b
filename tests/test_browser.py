"""In a real browser: headless Chromium (Debian's chromium and chromium-driver) on the served site.

The test setup installs the two Debian packages when they are missing. It opens
the index, follows a battle and a commander link, checks the force chart is
drawn, and saves a screenshot of the battle page (to $BATTLEGRAPH_SCREENSHOTS
when set, else beside the test's temporary files).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from battlegraph._building import build
from battlegraph._publish import SiteRenderer
from battlegraph._store import open_store

from .conftest import running_server

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ROOT = Path(__file__).resolve().parent.parent


def ensure_chromium() -> None:
    """Install Debian's chromium and chromium-driver when they are missing (as root, or with sudo)."""
    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists():
        return
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        [*sudo, "apt-get", "update"],  # a fresh machine's package lists may be missing or stale
        [*sudo, "apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver"],
    ):
        result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
        if result.returncode != 0:
            pytest.fail(
                f"the browser test needs Debian's chromium and chromium-driver, and `{' '.join(command)}` "
                f"failed (exit {result.returncode}); install them as root and run the tests again:\n"
                f"{result.stderr[-1500:]}"
            )
    if not Path(CHROMEDRIVER).exists():
        pytest.fail(f"chromium-driver was installed but {CHROMEDRIVER} is missing")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    ensure_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1200,1600", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(seed_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("browser-build")
    build([seed_dir], out, formats=("ttl",), validate=False, aliases=ROOT / "data" / "aliases.ttl")
    store = open_store(out / "store")
    with running_server(out, renderer=SiteRenderer(store, dumps=out)) as url:
        yield url


def test_index_battle_commander_and_force_chart(browser: Any, site: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Battles"
    browser.find_element(By.LINK_TEXT, "Siege of Jinju (1592)").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Siege of Jinju (1592)"
    assert browser.current_url.endswith("/battle/siege-of-jinju-1592/index.html")

    chart = browser.find_element(By.CSS_SELECTOR, "svg.force-chart")
    assert chart.size["width"] > 300 and chart.size["height"] > 80  # laid out, not collapsed
    bars = chart.find_elements(By.CSS_SELECTOR, "rect.contingent")
    assert len(bars) == 12  # 8 Japanese and 4 Korean contingents, stacked
    assert all(bar.size["width"] > 0 for bar in bars)
    assert "Japanese Seventh Division" in chart.text and "30,000" in chart.text

    folder = Path(os.environ.get("BATTLEGRAPH_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(folder / "siege-of-jinju-1592.png"))
    assert (folder / "siege-of-jinju-1592.png").stat().st_size > 10_000

    browser.find_element(By.LINK_TEXT, "Kim Si-min").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Kim Si-min"
    row = browser.find_element(By.XPATH, "//h2[text()='Battles']/following-sibling::table[1]//tr[2]")
    assert "Siege of Jinju (1592)" in row.text and "killed in action" in row.text and "won" in row.text


def test_war_page_draws_its_timeline(browser: Any, site: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site + "/war/imjin-war")
    timeline = browser.find_element(By.CSS_SELECTOR, "svg.war-timeline")
    assert timeline.size["width"] > 300
    assert [a.text for a in timeline.find_elements(By.TAG_NAME, "a")] == ["Siege of Jinju (1592)", "Siege of Namwon"]


def test_no_request_leaves_the_machine(browser: Any, site: str) -> None:
    browser.get(site + "/battle/siege-of-namwon")
    loaded = browser.execute_script(
        "return Array.from(document.querySelectorAll('link[href], script[src], img[src], iframe[src], object[data]'))"
        ".filter(e => e.tagName !== 'LINK' || e.rel === 'stylesheet' || e.rel === 'icon').map(e => e.href || e.src)"
    )
    assert loaded and all(url.startswith(site) for url in loaded)  # the stylesheet, from here; nothing else
    styled = browser.execute_script("return getComputedStyle(document.querySelector('header')).backgroundColor")
    assert styled == "rgb(29, 36, 51)"  # the stylesheet did load


def test_chromium_is_the_debian_one() -> None:
    ensure_chromium()
    assert shutil.which("chromium") == CHROMIUM
