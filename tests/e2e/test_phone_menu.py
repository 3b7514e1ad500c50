"""The header menu on a phone: every item, the last one included, can be seen whole and tapped, without
sideways scrolling (a row that scrolls sideways hides its last items past the screen's edge)."""
from __future__ import annotations

import pytest

from diaspora.auth.models import Role
from diaspora.extensions import db
from tests.e2e.browsing import BROWSER_LOCALES, log_in, open_menu

PHONES = [{"width": 360, "height": 640}, {"width": 390, "height": 844}]


@pytest.mark.parametrize("viewport", PHONES, ids=lambda v: f"{v['width']}x{v['height']}")
@pytest.mark.parametrize("role", [Role.MEMBER, Role.OFFICER, Role.ADMIN, Role.MINISTRY], ids=lambda r: r.value)
@pytest.mark.parametrize("lang", list(BROWSER_LOCALES))
def test_last_menu_item_is_visible_and_tappable_on_a_phone(live_server, new_page, t, make_user, make_member,
                                                           viewport, role, lang):
    user = make_user(role, locale=lang)
    if role is Role.MEMBER:
        make_member(user=user, is_agent=True)  # the longest menu
    db.session.commit()
    page = log_in(new_page, live_server, t, lang, user, viewport=viewport)
    open_menu(page, t, lang)
    menu = page.get_by_role("navigation", name=t(lang, "Main"))
    last = menu.get_by_role("link").last
    box, width, height = last.bounding_box(), viewport["width"], viewport["height"]
    assert box is not None, "the last menu item is not shown"
    assert 0 <= box["x"] and box["x"] + box["width"] <= width and 0 <= box["y"] and box["y"] + box["height"] <= height, \
        f"the last menu item is cut off: {box} on a {width}x{height} screen"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    # Nothing covers it: the point a finger taps lands on the link itself.
    tapped = page.evaluate("""([x, y]) => { const el = document.elementFromPoint(x, y);
        return el && el.closest('a') ? el.closest('a').getAttribute('href') : ''; }""",
                           [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    href = last.get_attribute("href")
    assert tapped == href
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(f"**{href}")
    # Let the new page's last requests (the favicon comes after "load") finish before the browser closes: a
    # request cut off half way leaves the development server's file open (a ResourceWarning, an error here).
    page.wait_for_load_state("networkidle")
