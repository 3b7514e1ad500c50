"""Small steps the programme journeys share: logging in, reading figures and notes off a page."""
from __future__ import annotations

from tests.factories import PASSWORD

# The browser asks for the journey's language before anyone logs in (the login page itself is translated).
BROWSER_LOCALES = {"en": "en-GB", "sq": "sq-AL"}


def log_in(new_page, base: str, t, lang: str, user, viewport: dict | None = None):
    """A fresh browser for `user`, logged in through the real form; the page speaks `lang` throughout."""
    page = new_page(viewport=viewport, locale=BROWSER_LOCALES[lang])
    page.goto(base + "/auth/login")
    assert page.locator("html").get_attribute("lang") == lang
    page.get_by_label(t(lang, "Email")).fill(user.email)
    page.get_by_label(t(lang, "Password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t(lang, "Log in")).click()
    page.get_by_role("button", name=t(lang, "Log out")).wait_for()
    assert page.locator("html").get_attribute("lang") == lang
    return page


def open_menu(page, t, lang: str) -> None:
    """On a phone the main navigation sits behind the header's Menu button: open it (a no-op on a desktop)."""
    page.wait_for_load_state()  # ura.js (deferred) has run: it is what folds the menu
    toggle = page.get_by_role("button", name=t(lang, "Menu"))
    if toggle.count() and toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def nav(page, t, lang: str, label: str) -> None:
    """Follow a link of the header's main navigation."""
    open_menu(page, t, lang)
    page.get_by_role("navigation", name=t(lang, "Main")).get_by_role("link", name=t(lang, label), exact=True).click()


def flash(page, text: str) -> None:
    """Wait for the confirmation the previous action should have produced."""
    page.locator(".flashes").get_by_text(text, exact=True).wait_for()


def stats(page) -> dict[str, str]:
    """{label: figure} of the `.stat` boxes (figure on the first line, label on the last)."""
    out = {}
    for text in page.locator(".stat").all_inner_texts():
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        out[lines[-1]] = lines[0]
    return out


def score(text: str) -> float:
    """A match score (0-100) as Babel writes it in English or Albanian: 82.5 or 82,5."""
    return float(text.strip().replace(",", "."))
