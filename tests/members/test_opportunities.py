"""A member's best-fitting open postings leave out those already settled for them and those already full."""
from __future__ import annotations

from diaspora.auth.models import Role
from diaspora.programme.offers import postings_to_offer
from diaspora.opportunities.models import OpportunityStatus
from diaspora.programme import decisions, placements
from diaspora.programme.models import DecisionAction


def test_placed_proposed_and_full_fellowships_are_not_offered(db, make_user, make_member, make_institution,
                                                             make_fellowship, make_lead):
    home = make_institution()
    officer, focal = make_user(Role.OFFICER), make_user(Role.MINISTRY, institution=home)
    arta, besa = make_member(full_name="Arta Hoxha"), make_member(full_name="Besa Krasniqi")
    free = make_fellowship(institution=home, title="Free")
    proposed = make_fellowship(institution=home, title="Proposed")
    declined = make_fellowship(institution=home, title="Declined")
    placed = make_fellowship(institution=home, title="Placed", positions=2, start_date=proposed.start_date.replace(year=2029),
                             end_date=proposed.end_date.replace(year=2029))
    full = make_fellowship(institution=home, title="Full", positions=1)
    one_left = make_fellowship(institution=home, title="One left", positions=2)
    make_fellowship(institution=home, title="Closed", status=OpportunityStatus.CLOSED)
    make_lead(institution=home, title="Lead")
    decisions.decide(officer, arta.id, proposed.id, DecisionAction.PROPOSE)
    decisions.decide(officer, arta.id, declined.id, DecisionAction.PROPOSE)
    decisions.ministry_decide(focal, declined, arta, accept=False, feedback="Chose another", interview_date=None)
    decisions.decide(officer, arta.id, free.id, DecisionAction.SHORTLIST)  # internal: still offered
    placements.create_placement(focal, arta, placed)
    placements.create_placement(focal, besa, full)
    placements.create_placement(focal, besa, one_left, start=one_left.start_date.replace(year=2030),
                                end=one_left.end_date.replace(year=2030))
    db.session.commit()
    assert [o.title for o in postings_to_offer(arta)] == ["Free", "One left", "Lead"]
    assert [o.title for o in postings_to_offer(besa)] == ["Free", "Proposed", "Declined", "Placed", "Lead"]
