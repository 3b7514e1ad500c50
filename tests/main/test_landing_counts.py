"""The landing page's figures: counted in one query at each visit, except the profiles, kept for
MEMBERS_COUNT_SECONDS per app."""
import re

from diaspora.main import figures as views


def figures(client) -> list[str]:
    """Open fellowships, open leads, profiles and institutions, by their labels (every kind has its own figure)."""
    page = client.get("/").get_data(as_text=True)
    stats = re.findall(r'<div class="stat"><strong>(\d+)</strong><span>([^<]+)</span>', page)
    found = {label: n for n, label in stats}
    return [found[label] for label in ("open fellowships", "open investment leads", "diaspora profiles",
                                       "institutions")]


def test_profiles_are_counted_then_kept_for_a_while(client, make_fellowship, make_lead, make_member, monkeypatch):
    make_fellowship(), make_fellowship(), make_lead(), make_member()
    assert figures(client) == ["2", "1", "1", "3"]  # fellowships, leads, profiles, institutions
    make_fellowship(), make_member()
    assert figures(client) == ["3", "1", "1", "4"]  # the kept profile count, everything else counted again
    monkeypatch.setattr(views, "MEMBERS_COUNT_SECONDS", 0)  # the kept count is now too old
    assert figures(client) == ["3", "1", "2", "4"]


def test_each_app_counts_its_own_profiles(app_factory, make_member):
    first = app_factory()
    with first.app_context():
        assert figures(first.test_client()) == ["0", "0", "0", "0"]
    second = app_factory()
    with second.app_context():
        make_member()
        assert figures(second.test_client()) == ["0", "0", "1", "0"]
