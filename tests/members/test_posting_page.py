"""A posting's own page, read by a member: they can state interest there, and it says why the posting is not
in their list. Their explanations give what fits first, then what is missing, each once."""
from __future__ import annotations

import re

from sqlalchemy import select

from diaspora.extensions import db
from diaspora.opportunities.models import OpportunityStatus
from diaspora.programme.models import Interest


def _items(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", item).strip() for item in re.findall(r"<li>(.*?)</li>", html, re.S)]


def test_a_member_states_interest_from_the_posting_page(client, login, make_member, make_fellowship):
    profile, posting = make_member(), make_fellowship()
    login(profile.user)
    page = client.get(f"/opportunities/{posting.id}").get_data(as_text=True)
    assert f'action="/members/opportunities/{posting.id}/interest"' in page
    response = client.post(f"/members/opportunities/{posting.id}/interest",
                           data={"next": f"/opportunities/{posting.id}"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/opportunities/{posting.id}")
    assert db.session.scalar(select(Interest.opportunity_id).where(Interest.profile_id == profile.id)) == posting.id
    page = client.get(f"/opportunities/{posting.id}").get_data(as_text=True)
    assert "You stated your interest" in page and "/interest" not in page


def test_the_posting_page_says_why_it_is_not_in_the_members_list(client, login, make_member, make_fellowship):
    profile = make_member(languages={"en": "C2"})  # the posting asks for Albanian at C1
    posting = make_fellowship()
    for n in range(10):  # ten eligible postings fill the list
        make_fellowship(title=f"Other {n}", languages={"en": "B2"})
    login(profile.user)
    page = client.get(f"/opportunities/{posting.id}").get_data(as_text=True)
    assert "Why it is not in your list" in page
    assert "Not eligible: language below the required level: Albanian at C1 (has none)." in page


def test_a_listed_posting_gives_no_such_note(client, login, make_member, make_fellowship):
    profile, posting = make_member(), make_fellowship()
    login(profile.user)
    assert "Why it is not in your list" not in client.get(f"/opportunities/{posting.id}").get_data(as_text=True)


def test_member_explanations_give_what_fits_first_and_each_gap_once(client, login, make_member, make_fellowship):
    # "public procurement" and "prokurim publik" are the same taxonomy skill: one gap, not two.
    profile = make_member(skills=["internal audit"])
    make_fellowship(required_skills=["public procurement", "prokurim publik", "internal audit"])
    login(profile.user)
    page = client.get("/members/opportunities").get_data(as_text=True)
    items = _items(page)
    fits = [i for i, text in enumerate(items) if text.startswith("Required skill: wrote")]
    gaps = [i for i, text in enumerate(items) if text.startswith("Missing required skill")]
    assert fits and gaps and max(fits) < min(gaps), items
    assert len(gaps) == 1 and len(items) == len(set(items)), items


def test_a_closed_posting_answers_a_translated_not_found_page(client, make_fellowship):
    closed = make_fellowship(status=OpportunityStatus.CLOSED)
    response = client.get(f"/opportunities/{closed.id}")
    text = response.get_data(as_text=True)
    assert response.status_code == 404 and "<h1>Not found</h1>" in text
    assert "This opportunity does not exist or is closed." in text
    albanian = client.get(f"/opportunities/{closed.id}", headers={"Accept-Language": "sq"}).get_data(as_text=True)
    assert "This opportunity" not in albanian and "<h1>404</h1>" not in albanian
