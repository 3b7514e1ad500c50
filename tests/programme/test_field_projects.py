"""Researcher and student field projects: posted by an institution with a supervisor, a field site, dates, a
deliverable and the levels and fields of study it takes; members declare themselves researchers or students with
their level; followed as a placement that completes only once the deliverable is handed in and accepted."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from diaspora.auth.models import Role
from diaspora.bulk.records import OpportunityRecord, opportunity_record, opportunity_values
from diaspora.extensions import db
from diaspora.matches import live
from diaspora.matches.convert import to_opportunity
from diaspora.members.models import MemberProfile, StudyLevel
from diaspora.opportunities.models import Opportunity, OpportunityKind, WorkMode
from diaspora.programme import lifecycles, placements
from diaspora.programme.models import Placement, PlacementStatus
from diaspora.timeutil import today
from tests import factories
from tests.members.test_profile import profile_form

FORM = {
    "title": "Erosion survey of the Valbona trail", "description": "Map erosion along the Theth-Valbona trail.",
    "supervisor": "Prof. Elvana Duka, University of Tirana", "region": "Theth, Shkodër",
    "start_date": "2027-06-01", "end_date": "2027-07-15",
    "deliverable": "A field report with erosion maps (GIS layers).", "study_levels": ["phd", "master"],
    "fields_of_study": "geology, physical geography", "required_skills": "GIS", "positions": "2",
    "deadline": "2027-04-30",
}


@pytest.fixture
def focal(db, make_user, make_institution):
    user = make_user(Role.MINISTRY, institution=make_institution())
    db.session.commit()
    return user


def test_a_focal_point_posts_a_field_project_and_bad_input_keeps_what_was_typed(client, login, focal):
    login(focal)
    assert "New field project" in client.get("/ministries/").get_data(as_text=True)
    refused = client.post("/ministries/new/field-project", data={**FORM, "fields_of_study": "",
                                                                  "end_date": "2027-05-01"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Name at least one field of study." in page and "The end is before the start." in page
    assert "Prof. Elvana Duka, University of Tirana" in page
    assert client.post("/ministries/new/field-project", data=FORM).status_code == 302
    posting = db.session.scalar(sa.select(Opportunity))
    assert posting.kind is OpportunityKind.FIELD_PROJECT and posting.work_mode is WorkMode.ONSITE
    assert posting.study_levels == ["master", "phd"]  # in the order of the levels, whatever the order chosen
    assert posting.fields_of_study == ["geology", "physical geography"] and posting.region == "Theth, Shkodër"
    details = client.get(f"/ministries/{posting.id}").get_data(as_text=True)
    assert "doctorate (PhD)" in details and "A field report with erosion maps" in details


def test_a_field_project_record_goes_out_and_back_in_unchanged(db, make_institution):
    posting = factories.make_field_project(make_institution())
    record = opportunity_record(posting)
    assert record["kind"] == "field_project" and record["study_levels"] == ["master", "phd"]
    values = opportunity_values(OpportunityRecord().load(record))
    assert values["supervisor"] == "Dr. Ols Lafe" and values["end_date"] == date(2027, 6, 29)
    assert values["fields_of_study"] == ["archaeology"] and values["work_mode"] is WorkMode.ONSITE
    incomplete = {key: value for key, value in record.items() if key != "deliverable"}
    assert "deliverable" in OpportunityRecord().validate(incomplete)


def test_a_member_registers_as_a_student_with_a_level_of_study(client, login, make_user):
    user = make_user(Role.MEMBER)
    login(user)
    without_level = client.post("/members/profile/edit", data=profile_form(is_expert=None, is_student="y"))
    assert without_level.status_code == 422
    assert "Researchers and students give their level of study." in without_level.get_data(as_text=True)
    nothing = client.post("/members/profile/edit", data=profile_form(is_expert=None))
    assert "Choose at least one role." in nothing.get_data(as_text=True)
    saved = client.post("/members/profile/edit", data=profile_form(is_expert=None, is_student="y",
                                                                    study_level="master"))
    assert saved.status_code == 302
    profile = db.session.scalar(sa.select(MemberProfile).where(MemberProfile.user_id == user.id))
    assert profile.roles == ["student"] and profile.study_level is StudyLevel.MASTER
    assert "master&#39;s" in client.get("/members/profile").get_data(as_text=True)


def test_a_field_project_completes_only_after_its_deliverable_is_handed_in_and_accepted(
        client, login, make_user, make_member, make_institution):
    institution = make_institution()
    # Four weeks that ended yesterday: a placement starts on its first day and completes after its last.
    start, end = today() - timedelta(days=28), today() - timedelta(days=1)
    posting = factories.make_field_project(institution, start_date=start, end_date=end)
    officer = make_user(Role.OFFICER)
    student = make_member(full_name="Besa Marku", is_expert=False, is_student=True, study_level=StudyLevel.PHD)
    lifecycles.of(posting.kind).on_acceptance(make_user(Role.MINISTRY, institution=institution), student, posting, {})
    placement = db.session.scalar(sa.select(Placement))
    assert placement.mentor_name == "Dr. Ols Lafe"  # the supervisor, unless the ministry names someone else
    assert (placement.start_date, placement.end_date) == (start, end)

    login(officer)
    status = f"/officers/placements/{placement.id}/status"
    assert client.post(status, data={"step": "start", "version": "1"}).status_code == 302
    for month in placements.missing_report_months(placement, end):  # every month reported: only the deliverable waits
        placements.add_report(officer, placement.id, month, "Trenches 3 and 4 dug.", [])
    db.session.commit()
    refused = client.post(status, data={"step": "complete", "confirm": "y", "version": str(placement.version)})
    assert refused.status_code == 409
    assert "completes once its deliverable is handed in and accepted" in refused.get_data(as_text=True)
    accept = f"/officers/placements/{placement.id}/deliverable/accept"
    assert client.post(accept).status_code == 409  # nothing handed in yet

    client.post("/auth/logout")
    login(student.user)
    page = client.get(f"/members/placements/{placement.id}").get_data(as_text=True)
    assert "Excavation diary and finds catalogue." in page and 'name="deliverable-text"' in page
    hand_in = f"/members/placements/{placement.id}/deliverable"
    assert client.post(hand_in, data={"deliverable-text": " "}).status_code == 422
    assert client.post(hand_in, data={"deliverable-text": "Diary and 212 finds: https://example.org/butrint"}
                       ).status_code == 302

    client.post("/auth/logout")
    login(officer)
    assert "212 finds" in client.get(f"/officers/placements/{placement.id}").get_data(as_text=True)
    assert client.post(accept).status_code == 302
    db.session.refresh(placement)  # handing in and accepting are changes of the placement: its version moved on
    assert client.post(status, data={"step": "complete", "confirm": "y",
                                     "version": str(placement.version)}).status_code == 302
    db.session.refresh(placement)
    assert placement.status is PlacementStatus.COMPLETED and placement.deliverable_accepted_at is not None


def test_only_the_placed_member_hands_in_and_only_for_a_field_project(client, login, make_user, make_member,
                                                                      make_fellowship, make_institution):
    fellowship = make_fellowship()
    expert = make_member()
    lifecycles.of(fellowship.kind).on_acceptance(make_user(Role.OFFICER), expert, fellowship, {})
    placement = db.session.scalar(sa.select(Placement))
    placement.status = PlacementStatus.ACTIVE
    login(expert.user)
    assert client.post(f"/members/placements/{placement.id}/deliverable",
                       data={"deliverable-text": "A report"}).status_code == 404
    client.post("/auth/logout")
    login(make_member(full_name="Someone Else").user)
    assert client.post(f"/members/placements/{placement.id}/deliverable",
                       data={"deliverable-text": "A report"}).status_code == 404


def test_the_engine_ranks_a_field_project_by_role_level_and_field_of_study(db, make_member, make_institution):
    posting = factories.make_field_project(make_institution())
    engine = to_opportunity(posting)
    assert engine.kind == "field_project" and engine.study_levels == ("master", "phd")
    archaeologist = make_member(full_name="Besa Marku", is_expert=False, is_student=True, study_level=StudyLevel.PHD,
                                education=[{"degree": "PhD", "field": "Archaeology"}])
    bachelor = make_member(full_name="Dea Shehu", is_expert=False, is_student=True, study_level=StudyLevel.BACHELOR,
                           education=[{"degree": "BA", "field": "Archaeology"}])
    expert = make_member(full_name="Arta Hoxha")
    matches = live.explain(posting, [archaeologist.id, bachelor.id, expert.id])
    assert matches[archaeologist.id].eligible
    assert not matches[bachelor.id].eligible and not matches[expert.id].eligible
