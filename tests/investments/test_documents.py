"""Development Agent documents: the certification rule's proof (identity and age, five years abroad, secondary
education) is requested, uploaded safely, reviewed one by one, and certification waits until all are accepted."""
from __future__ import annotations

import base64
import io

import pytest
import sqlalchemy as sa

from diaspora.audit import AuditEvent
from diaspora.auth.models import Role
from diaspora.errors import Conflict, Forbidden, InvalidInput
from diaspora.extensions import db
from diaspora.investments import certification, documents
from diaspora.investments.models import AgentDocument, ApplicationStatus, DocumentKind, DocumentStatus
from diaspora.notifications.models import Notification
from diaspora.privacy import erase_user, export_personal_data
from tests.documents import make_docx, make_image, make_pdf
from tests.investments.helpers import make_agent

KINDS = ("identity", "residence", "education")


def upload(client, kind: str, data: bytes, name: str = "scan.pdf"):
    return client.post(f"/investments/documents/{kind}", data={f"{kind}-file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def upload_all(agent) -> list[AgentDocument]:
    return [documents.upload(agent, DocumentKind(kind), f"{kind}.pdf", make_pdf([kind])) for kind in KINDS]


def stored_files(app) -> list:
    folder = app.config["UPLOAD_DIR"] / "agent-documents"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_the_application_page_asks_for_each_document_the_rule_needs(client, login):
    agent = make_agent(certified=False)
    login(agent)
    page = client.get("/investments/").get_data(as_text=True)
    for text in ("Proof of identity and age", "Proof of five or more years abroad",
                 "Secondary-school diploma or higher"):
        assert text in page
    for kind in KINDS:
        assert f'action="/investments/documents/{kind}"' in page
    response = client.post("/investments/apply")
    assert response.status_code == 422
    assert "Upload the three documents first" in response.get_data(as_text=True)


def test_uploads_are_sniffed_and_kept_outside_static(app, client, login):
    agent = make_agent(certified=False)
    login(agent)
    assert upload(client, "identity", make_image("JPEG"), "passport.jpg").status_code == 302
    assert upload(client, "residence", make_image("PNG"), "permit.png").status_code == 302
    assert upload(client, "education", make_pdf(["Diploma"]), "../../diploma.pdf").status_code == 302
    rows = {d.kind.value: d for d in db.session.scalars(sa.select(AgentDocument))}
    assert {k: d.mime_type for k, d in rows.items()} == {
        "identity": "image/jpeg", "residence": "image/png", "education": "application/pdf"}
    assert rows["education"].display_name == "diploma.pdf"
    assert all(d.status is DocumentStatus.SUBMITTED for d in rows.values())
    assert stored_files(app) == sorted(d.stored_name for d in rows.values())
    assert app.static_folder not in str(app.config["UPLOAD_DIR"])
    for data, name, message in (
            (b"<html><script>alert(1)</script></html>", "id.pdf", "Upload a PDF, JPEG or PNG file"),
            (make_docx(["Diploma"]), "diploma.docx", "Upload a PDF, JPEG or PNG file"),
            (make_image("JPEG") + b"<script>alert(1)</script>", "id.jpg", "active content"),
            (make_image("JPEG")[:60], "id.jpg", "damaged"),
            (b"", "id.pdf", "empty")):
        response = upload(client, "identity", data, name)
        assert response.status_code == 422 and message in response.get_data(as_text=True), name
    assert stored_files(app) == sorted(d.stored_name for d in rows.values()), "a refused file is not kept"
    assert upload(client, "passport", make_pdf(["x"])).status_code == 404


def test_a_large_upload_is_refused(app_factory, make_member):
    app = app_factory(MAX_CONTENT_LENGTH=20_000)
    with app.app_context():
        agent = make_agent(certified=False)
        db.session.commit()
        client = app.test_client()
        client.post("/auth/login", data={"email": agent.email, "password": "correct horse battery staple 42"})
        response = upload(client, "identity", make_pdf(["passport"]) + b"%" * 30_000)
        assert response.status_code == 413


def test_certification_waits_until_every_document_is_accepted(officer, outbox):
    agent = make_agent(certified=False)
    with pytest.raises(InvalidInput):
        certification.apply(agent)
    identity, residence, education = upload_all(agent)
    application = certification.apply(agent)
    with pytest.raises(InvalidInput):
        certification.certify(officer, application.id)
    documents.review(officer, identity.id, accept=True)
    with pytest.raises(InvalidInput):
        documents.review(officer, residence.id, accept=False, reason="  ")
    documents.review(officer, residence.id, accept=False, reason="The permit covers only three years")
    documents.review(officer, education.id, accept=True)
    with pytest.raises(InvalidInput):
        certification.certify(officer, application.id)
    [row] = certification.review_queue(officer)
    assert not row.documents_ready
    db.session.commit()
    note = db.session.scalars(sa.select(Notification).where(Notification.user_id == agent.id)).one()
    assert note.params["reason"] == "The permit covers only three years"
    assert "The permit covers only three years" in outbox()[-1].get_content()
    with pytest.raises(Conflict):
        documents.upload(agent, DocumentKind.IDENTITY, "again.pdf", make_pdf(["again"]))  # accepted: final
    again = documents.upload(agent, DocumentKind.RESIDENCE, "permits.pdf", make_pdf(["2015-2026"]))
    assert again.status is DocumentStatus.SUBMITTED and again.reason == ""
    documents.review(officer, again.id, accept=True)
    certification.certify(officer, application.id)
    assert application.status is ApplicationStatus.CERTIFIED


def test_only_officers_review(db, make_user, officer):
    agent = make_agent(certified=False)
    identity, *_rest = upload_all(agent)
    for role in (Role.MEMBER, Role.MINISTRY, Role.ADMIN):
        with pytest.raises(Forbidden):
            documents.review(make_user(role), identity.id, accept=True)
    documents.review(officer, identity.id, accept=True)
    with pytest.raises(Conflict):
        documents.review(officer, identity.id, accept=False, reason="second thoughts")


def test_documents_are_served_only_to_the_applicant_and_officers(app, client, login, make_member, make_user,
                                                                 officer):
    agent = make_agent(certified=False)
    identity, *_rest = upload_all(agent)
    db.session.commit()
    url = f"/investments/documents/{identity.id}/file"
    login(agent)
    own = client.get(url)
    assert own.status_code == 200 and own.data.startswith(b"%PDF-") and "attachment" in own.headers[
        "Content-Disposition"]
    assert own.headers["Content-Type"] == "application/pdf"
    client.post("/auth/logout")
    login(make_member(is_agent=True).user)
    assert client.get(url).status_code == 404
    client.post("/auth/logout")
    login(make_user(Role.MINISTRY))
    assert client.get(url).status_code == 403
    client.post("/auth/logout")
    login(officer)
    assert client.get(url).status_code == 200
    viewed = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "agent_document_viewed")).all()
    assert [(e.actor_id, e.subject_user_id) for e in viewed] == [(officer.id, agent.id)]


def test_officer_reviews_through_the_queue_page(client, login, officer):
    agent = make_agent(certified=False, full_name="Drita Kola")
    identity, residence, education = upload_all(agent)
    certification.apply(agent)
    db.session.commit()
    login(officer)
    page = client.get("/investments/queue").get_data(as_text=True)
    assert f"/investments/documents/{identity.id}/file" in page and "Certify" not in page
    response = client.post(f"/investments/documents/{residence.id}/review",
                           data={f"d{residence.id}-decision": "again", f"d{residence.id}-reason": "",
                                 f"d{residence.id}-version": residence.version})
    assert response.status_code == 422
    for document in (identity, residence, education):
        response = client.post(f"/investments/documents/{document.id}/review",
                               data={f"d{document.id}-decision": "accept", f"d{document.id}-version": 1})
        assert response.status_code == 302
    page = client.get("/investments/queue").get_data(as_text=True)
    assert "Certify" in page
    uploads = db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.subject_user_id == agent.id)).all()
    assert uploads.count("agent_document_uploaded") == 3 and uploads.count("agent_document_accepted") == 3


def test_documents_are_exported_and_erased_with_the_person(app, officer):
    agent = make_agent(certified=False)
    upload_all(agent)
    db.session.commit()
    data = export_personal_data(agent, actor=agent)["agent_documents"]
    assert [d["kind"] for d in data] == list(KINDS)
    assert base64.b64decode(data[0]["content_base64"]).startswith(b"%PDF-")
    erase_user(agent, actor=None)
    assert len(stored_files(app)) == 3, "files go only once the erasure commits"
    db.session.commit()
    assert stored_files(app) == []
    assert db.session.scalar(sa.select(sa.func.count(AgentDocument.id))) == 0


def test_a_rolled_back_upload_leaves_no_file(app):
    agent = make_agent(certified=False)
    db.session.commit()
    documents.upload(agent, DocumentKind.IDENTITY, "id.pdf", make_pdf(["id"]))
    assert len(stored_files(app)) == 1
    db.session.rollback()
    assert stored_files(app) == []
