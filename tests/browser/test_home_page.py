"""The home page as a student sees it: on a phone, in Chromium, switching language."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import CHROMIUM

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server) -> Iterator:
    """A phone in Indonesia. Request it last: Playwright runs an event loop in this thread,
    after which Django refuses synchronous database calls from the test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            context = browser.new_context(
                viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="id-ID"
            )
            yield context.new_page()
        finally:
            browser.close()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_phone_reads_the_home_page_and_switches_to_english(
    loaded_scenarios, builtin_scenarios, live_server, page
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(live_server.url)

    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").inner_text() == "Rundingkan dunia yang lebih aman"
    assert page.get_by_text(builtin_scenarios[0]["title"]["id"]).is_visible()
    assert fits_the_screen(page)
    page.screenshot(path=ARTIFACTS / "home-phone-id.png", full_page=True)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Negotiate a safer world"
    assert page.get_by_text(builtin_scenarios[0]["title"]["en"]).is_visible()
    assert page.get_by_role("button", name="English").get_attribute("aria-pressed") == "true"
    assert fits_the_screen(page)
    page.screenshot(path=ARTIFACTS / "home-phone-en.png", full_page=True)


def test_keyboard_focus_is_visible(page, live_server) -> None:
    page.goto(live_server.url)

    page.keyboard.press("Tab")

    focused = page.evaluate(
        "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " const box = e.getBoundingClientRect();"
        " return {text: e.textContent.trim(), outline: s.outlineStyle, top: box.top}; })()"
    )
    assert focused["text"] == "Langsung ke isi"
    assert focused["outline"] != "none"
    assert focused["top"] >= 0
