"""Searching the public list of open opportunities: by title, description or institution, any case; the
pages keep the search."""
from __future__ import annotations


def test_the_search_narrows_the_open_opportunities(client, make_fellowship, make_lead, make_institution):
    instat = make_institution(name="Institute of Statistics", acronym="INSTAT")
    make_fellowship(institution=instat, title="Price statistics expert")
    make_fellowship(title="Customs valuation adviser", description="Harmonise the customs code.")
    make_lead(title="Olive oil mill in Vlorë")
    page = client.get("/opportunities?q=CUSTOMS").get_data(as_text=True)
    assert 'type="search"' in page and 'value="CUSTOMS"' in page
    assert "Customs valuation adviser" in page and "Price statistics expert" not in page and "Olive oil" not in page
    by_institution = client.get("/opportunities?q=instat").get_data(as_text=True)
    assert "Price statistics expert" in by_institution and "Customs valuation" not in by_institution
    nothing = client.get("/opportunities?q=astronaut").get_data(as_text=True)
    assert "No open opportunity matches" in nothing


def test_the_pages_keep_the_search(client, make_fellowship):
    for n in range(25):
        make_fellowship(title=f"Audit expert {n}")
    make_fellowship(title="Unrelated")
    page = client.get("/opportunities?q=audit").get_data(as_text=True)
    assert "q=audit&amp;page=2" in page and "Unrelated" not in page


def test_a_search_too_long_is_refused_with_a_message(client):
    response = client.get("/opportunities?q=" + "x" * 101)
    assert response.status_code == 422
    assert "Field cannot be longer than 100 characters." in response.get_data(as_text=True)
