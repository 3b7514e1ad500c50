"""The curation queue end to end: typed skill -> queue -> decision -> the member ranks higher, here and in a
second app instance; the decisions audited, exported and imported; administrators only."""
from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa
from flask_babel import gettext

from diaspora.audit import AuditEvent
from diaspora.auth.models import Role
from diaspora.curation import exchange, services
from diaspora.errors import Forbidden, InvalidInput
from diaspora.extensions import db
from diaspora.matches import live
from diaspora.matches.models import CuratedConcept, CuratedTerm, TermSighting, TermStatus
from diaspora.members import services as member_services
from diaspora.opportunities.models import Opportunity
from diaspora.privacy import erase_user

TYPED = "Gare d'appalto telematiche"
KEY = "gare d appalto telematiche"
PROCUREMENT = "a-public-procurement-law"


def _term(key: str = KEY) -> CuratedTerm:
    return db.session.scalar(sa.select(CuratedTerm).where(CuratedTerm.key == key))


@pytest.fixture
def world(app, make_member, make_fellowship, make_user):
    """A posting asking for public procurement; Bruna typed it in Italian words no concept reads, Carla typed
    something unrelated; both otherwise alike."""
    posting = make_fellowship(required_skills=["public procurement"], preferred_skills=[], acquis_chapters=[])
    bruna = make_member(full_name="Bruna Leka", skills=[TYPED, "EU law"], acquis_chapters=[])
    carla = make_member(full_name="Carla Dema", skills=["event catering, EU law"], acquis_chapters=[])
    admin = make_user(Role.ADMIN)
    db.session.commit()
    return {"posting": posting.id, "bruna": bruna.id, "carla": carla.id, "admin": admin}


def _position(profile_id: int, posting_id: int) -> tuple[int, float]:
    ranking = live.ranking(db.session.get(Opportunity, posting_id))
    position = ranking.ids.index(str(profile_id))
    return position, float(ranking.scores[position])


def test_typed_skills_no_concept_reads_fill_the_queue(world, make_member, make_fellowship):
    term = _term()
    assert term.status is TermStatus.PENDING and term.term == TYPED
    assert _term("event catering") is not None  # a piece of a list typed in one field
    assert _term("eu law") is None  # read by the taxonomy: not queued
    make_member(full_name="Dora Muka", skills=["gare d’appalto  telematiche"])
    make_fellowship(required_skills=["Gare d'appalto telematiche"])
    db.session.commit()
    pagination, rows = services.queue_page(world["admin"], TermStatus.PENDING, 1)
    row = next(r for r in rows if r.term.key == KEY)
    assert (row.members, row.postings) == (2, 1)
    assert set(row.examples) == {"Bruna Leka", "Dora Muka"}
    assert rows[0].term.key == KEY  # the most typed first
    # A member who drops the skill, or leaves matching, is no longer counted.
    bruna = db.session.get(member_services.MemberProfile, world["bruna"])
    bruna.skills = ["EU law"]
    db.session.commit()
    assert services.rows_of([_term()])[0].members == 1


def test_alias_raises_the_member_at_once_without_a_rebuild(world):
    before, before_score = _position(world["bruna"], world["posting"])
    holder = live.live()
    services.map_to_concept(world["admin"], _term().id, PROCUREMENT)
    db.session.commit()
    after, after_score = _position(world["bruna"], world["posting"])
    assert (after, before) == (0, 1) and after_score > before_score
    assert holder.loads == 1 and holder.reencoded == 1 and holder.vocabulary == live.stamp().vocabulary
    match = live.explain(db.session.get(Opportunity, world["posting"]), [world["bruna"]])[world["bruna"]]
    assert (f"Required skill: '{TYPED}' read as Public procurement law (an alias curated by an administrator)."
            in match.reasons)


def test_a_second_app_instance_reads_the_alias_too(app_factory, make_member, make_fellowship, make_user):
    first, second = app_factory(), app_factory()  # two workers, one database, an index each
    with first.app_context():
        posting = make_fellowship(required_skills=["public procurement"], preferred_skills=[], acquis_chapters=[]).id
        bruna = make_member(full_name="Bruna Leka", skills=[TYPED], acquis_chapters=[]).id
        make_member(full_name="Carla Dema", skills=["event catering"], acquis_chapters=[])
        admin = make_user(Role.ADMIN)
        db.session.commit()
        assert _position(bruna, posting)[0] == 1
    with second.app_context():
        assert _position(bruna, posting)[0] == 1
        holder = live.live()
    with first.app_context():
        services.create_concept(db.session.merge(admin), _term().id, "Electronic tendering")
        db.session.commit()
    with second.app_context():
        assert _position(bruna, posting)[0] == 1  # a new concept the posting does not ask for: no gain
        db.session.get(Opportunity, posting).required_skills = ["Electronic tendering"]
        db.session.commit()
        assert _position(bruna, posting)[0] == 0  # the posting's words now read as the new concept
        assert holder.loads == 1 and holder.curation.taxonomy.normalize(TYPED).id == "curated.electronic_tendering"


def test_a_worker_mapping_the_snapshot_later_lays_the_decisions_over_it(app_factory, make_member, make_fellowship,
                                                                        make_user, monkeypatch):
    """Snapshots hold the packaged reading: a worker that maps one after a decision re-encodes who typed the term
    into its overlay, and those re-encodes never count as changes that call for a new snapshot."""
    first, second = app_factory(), app_factory()
    with first.app_context():
        posting = make_fellowship(required_skills=["public procurement"], preferred_skills=[], acquis_chapters=[]).id
        bruna = make_member(full_name="Bruna Leka", skills=[TYPED], acquis_chapters=[]).id
        make_member(full_name="Carla Dema", skills=["event catering"], acquis_chapters=[])
        admin = make_user(Role.ADMIN)
        db.session.commit()
        assert _position(bruna, posting)[0] == 1  # builds the snapshot, over the packaged taxonomy
        services.map_to_concept(admin, _term().id, PROCUREMENT)
        db.session.commit()
    monkeypatch.setattr(live, "REBUILD_AFTER_CHANGES", 0)  # any profile change on top would build a new one
    with second.app_context():
        assert _position(bruna, posting)[0] == 0
        holder = live.live()
        assert (holder.builds, holder.loads, holder.overlay, holder.reencoded) == (0, 1, 0, 1)


def test_the_three_decisions_are_audited_and_refuse_bad_input(world, make_member):
    make_member(full_name="Ema", skills=["xylophone tuning", "quantum basket weaving"])
    db.session.commit()
    admin = world["admin"]
    with pytest.raises(InvalidInput):
        services.map_to_concept(admin, _term().id, "no-such-concept")
    with pytest.raises(InvalidInput):
        services.create_concept(admin, _term().id, "Public procurement law")  # exists already
    services.map_to_concept(admin, _term().id, PROCUREMENT)
    services.create_concept(admin, _term("quantum basket weaving").id, "Quantum basket weaving")
    services.dismiss(admin, _term("xylophone tuning").id)
    db.session.commit()
    with pytest.raises(InvalidInput):
        services.dismiss(admin, _term().id)  # decided already
    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action.like("curation.%"))
                                .order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id, e.details["term"]) for e in events] == [
        ("curation.alias", admin.id, TYPED), ("curation.concept", admin.id, "quantum basket weaving"),
        ("curation.dismissed", admin.id, "xylophone tuning")]
    assert db.session.get(CuratedConcept, "curated.quantum_basket_weaving").created_by_id == admin.id
    assert _term("xylophone tuning").vocabulary_version is None  # dismissing changes no reading


def test_export_and_import_round_trip_with_a_rejected_row(world, app_factory, tmp_path):
    admin = world["admin"]
    services.create_concept(admin, _term().id, "Electronic tendering")
    services.map_to_concept(admin, _term("event catering").id, "curated.electronic_tendering")
    db.session.commit()
    rows = exchange.export_rows(admin)
    assert rows == [
        {"term": TYPED, "decision": "concept", "concept": "curated.electronic_tendering", "name": "Electronic tendering"},
        {"term": "event catering", "decision": "alias", "concept": "curated.electronic_tendering",
         "name": "Electronic tendering"}]
    assert exchange.parse(exchange.to_csv(rows).encode(), "v.csv") == rows
    fresh = app_factory()  # another installation: an empty database
    with fresh.app_context():
        db.session.execute(sa.delete(TermSighting))
        db.session.execute(sa.delete(CuratedTerm))
        db.session.execute(sa.delete(CuratedConcept))
        db.session.commit()
        records = [*json.loads(exchange.to_json(rows)),
                   {"term": "zoning", "decision": "alias", "concept": "nowhere"}, "not a row"]
        report = exchange.import_rows(None, records)
        db.session.commit()
        assert (report.applied, report.unchanged) == (2, 0)
        assert [(r.row, r.term) for r in report.rejected] == [(3, "zoning"), (4, "")]
        assert report.rejected[0].reason == gettext("Choose a concept of the taxonomy.")
        assert exchange.export_rows(None) == rows
        again = exchange.import_rows(None, rows)  # a replay changes nothing
        assert (again.applied, again.unchanged, again.rejected) == (0, 2, [])
        assert live.live().curation.taxonomy.normalize("event catering").id == "curated.electronic_tendering"


def test_cli_exports_and_imports(world, app, tmp_path):
    services.map_to_concept(world["admin"], _term().id, PROCUREMENT)
    db.session.commit()
    runner = app.test_cli_runner()
    path = tmp_path / "vocabulary.csv"
    result = runner.invoke(args=["curation", "export", str(path)])
    assert result.exit_code == 0 and "1 decisions" in result.output
    assert path.read_text(encoding="utf-8").splitlines()[0] == "term,decision,concept,name"
    path.write_text(path.read_text(encoding="utf-8") + "x,merge,,\n", encoding="utf-8")
    result = runner.invoke(args=["curation", "import", str(path)])
    assert result.exit_code == 1
    assert "0 applied, 1 unchanged, 1 rejected" in result.output
    assert f"row 2 (x): {gettext('Decision must be alias, concept or dismissed.')}" in result.output
    db.session.execute(sa.delete(TermSighting))  # an installation older than the queue
    db.session.commit()
    result = runner.invoke(args=["curation", "scan"])
    assert result.exit_code == 0 and "3 profiles and postings read" in result.output
    assert [row.members for row in services.rows_of([_term(), _term("event catering")])] == [1, 1]


def test_only_administrators_curate(world, client, login, make_user):
    officer = make_user(Role.OFFICER)
    db.session.commit()
    with pytest.raises(Forbidden):
        services.map_to_concept(officer, _term().id, PROCUREMENT)
    with pytest.raises(Forbidden):
        exchange.export_rows(officer)
    login(officer)
    assert client.get("/curation/").status_code == 403
    assert client.get("/curation/export.json").status_code == 403


def test_admin_pages_decide_and_keep_bad_input(world, client, login):
    login(world["admin"])
    page = client.get("/curation/").get_data(as_text=True)
    assert TYPED.replace("'", "&#39;") in page and "Bruna Leka" in page
    term_id = _term().id
    page = client.get(f"/curation/terms/{term_id}").get_data(as_text=True)
    assert "Public procurement law" in page  # a suggestion
    response = client.post(f"/curation/terms/{term_id}/concept", data={"name": " ", "version": "1"})
    assert response.status_code == 422
    response = client.post(f"/curation/terms/{term_id}/alias", data={"concept": "nowhere", "version": "1"})
    assert response.status_code == 422
    response = client.post(f"/curation/terms/{term_id}/alias", data={"concept": PROCUREMENT, "version": "1"})
    assert response.status_code == 302 and _term().status is TermStatus.ALIAS
    decided = client.get("/curation/?status=alias").get_data(as_text=True)
    assert "Bruna Leka" in decided and "Public procurement law" in decided
    assert client.get("/curation/export.csv").get_data(as_text=True).splitlines()[1].endswith(
        f",alias,{PROCUREMENT},Public procurement law")
    upload = {"file": (io.BytesIO(b"[{\"term\": \"x\", \"decision\": \"no\"}]"), "v.json")}
    response = client.post("/curation/import", data=upload, content_type="multipart/form-data")
    assert response.status_code == 200 and "Row 1 (x): Decision must be alias, concept or dismissed." in \
        response.get_data(as_text=True)
    assert client.get("/curation/terms/999999").status_code == 404


def test_a_term_nobody_types_any_more_leaves_the_queue_and_erasure_leaves_no_trace(world, make_member):
    dora = make_member(full_name="Dora Muka", skills=["beekeepng cooperatives"])
    db.session.commit()
    assert _term("beekeepng cooperatives") is not None
    dora.skills = ["beekeeping cooperatives"]  # the typo corrected
    db.session.commit()
    assert _term("beekeepng cooperatives") is None and _term("beekeeping cooperatives") is not None
    services.dismiss(world["admin"], _term("beekeeping cooperatives").id)
    erase_user(dora.user, actor=None)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TermSighting).where(
        TermSighting.profile_id == dora.id)) == 0
    assert _term("beekeeping cooperatives").status is TermStatus.DISMISSED  # a decision is vocabulary: it stays
    bruna = db.session.get(member_services.MemberProfile, world["bruna"])
    member_services.withdraw_consent(bruna.user)
    db.session.commit()
    assert _term() is None  # Bruna left matching: nobody else typed it
