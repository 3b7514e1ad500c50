import io
import re

import pytest

from diaspora.auth.models import Role
from diaspora.cv.models import CvDocument
from diaspora.extensions import db
from tests.documents import make_docx, make_pdf

CV_LINES = ["Arta Hoxha - CV", "Experience: public procurement, internal audit", "Languages: Albanian, Italian"]


def upload(client, data: bytes, name: str = "cv.pdf"):
    return client.post("/cv/upload", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


@pytest.fixture
def member(make_member, login):
    profile = make_member(skills=["statistics"])
    login(profile.user)
    return profile


def test_pdf_upload_suggests_skills_member_accepts(client, member, app):
    response = upload(client, make_pdf(CV_LINES))
    assert response.status_code == 302
    document = db.session.scalar(db.select(CvDocument))
    assert document.mime_type == "application/pdf" and "internal audit" in document.text
    suggested = {s["text"]: s["id"] for s in document.suggestions}
    assert "public procurement" in suggested and "internal audit" in suggested
    page = client.get("/cv/").get_data(as_text=True)
    assert "New skills found in your CV" in page
    keep = suggested["public procurement"]
    assert client.post("/cv/suggestions", data={"skill": [keep]}).status_code == 302
    db.session.refresh(member)
    assert len(member.skills) == 2 and member.skills[0] == "statistics"
    db.session.refresh(document)
    assert document.suggestions == []
    stored = app.config["UPLOAD_DIR"] / "cv" / document.stored_name
    assert stored.exists() and app.static_folder not in str(stored)


def test_docx_upload_in_albanian(client, member):
    response = upload(client, make_docx(["Përvojë: prokurimi publik", "Auditim i brendshëm"]), "CV ime.docx")
    assert response.status_code == 302
    document = db.session.scalar(db.select(CvDocument))
    assert document.mime_type.endswith("wordprocessingml.document") and "prokurimi publik" in document.text
    assert document.suggestions, "an Albanian CV still yields suggestions"


@pytest.mark.parametrize("data, name, message", [
    (b"<html><body>not a cv</body></html>", "cv.pdf", "Upload a PDF or a Word"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "cv.pdf", "Upload a PDF or a Word"),
    (b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>", "cv.pdf", "active content"),
    (make_pdf(["hi"], extra_objects=b"6 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n"), "cv.pdf",
     "active content"),
    (make_docx(["Macro CV"], macro=True), "cv.docx", "active content"),
    (b"%PDF-1.4\nthis is not really a pdf", "cv.pdf", "damaged"),
    (b"PK\x03\x04garbage", "cv.docx", "damaged"),
    (b"MZ\x90\x00executable", "cv.pdf", "Upload a PDF or a Word"),
])
def test_disguised_and_active_files_are_refused(client, member, data, name, message):
    response = upload(client, data, name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(CvDocument.id))) == 0


def test_path_tricks_never_reach_the_file_system(client, member, app):
    assert upload(client, make_pdf(CV_LINES), "../../../etc/passwd.pdf").status_code == 302
    document = db.session.scalar(db.select(CvDocument))
    assert "/" not in document.stored_name and ".." not in document.stored_name
    assert document.display_name == "etc_passwd.pdf"
    assert [p.name for p in (app.config["UPLOAD_DIR"] / "cv").iterdir()] == [document.stored_name]


def test_oversize_upload_gets_413(app_factory, make_member):
    app = app_factory(MAX_CONTENT_LENGTH=10_000)
    with app.app_context():
        profile = make_member()
        client = app.test_client()
        client.post("/auth/login", data={"email": profile.user.email, "password": "correct horse battery staple 42"})
        response = upload(client, make_pdf(CV_LINES) + b"%" * 20_000)
        assert response.status_code == 413


def test_cv_is_served_only_to_its_member_and_officers(app, client, member, make_user, make_member):
    upload(client, make_pdf(CV_LINES))
    owner_id = member.user_id
    own = client.get(f"/cv/{owner_id}/file")
    assert own.status_code == 200
    own.close()
    other = app.test_client()
    intruder = make_member()
    other.post("/auth/login", data={"email": intruder.user.email, "password": "correct horse battery staple 42"})
    assert other.get(f"/cv/{owner_id}/file").status_code == 404
    ministry = app.test_client()
    focal = make_user(Role.MINISTRY)
    ministry.post("/auth/login", data={"email": focal.email, "password": "correct horse battery staple 42"})
    assert ministry.get(f"/cv/{owner_id}/file").status_code == 404
    officer_client = app.test_client()
    officer = make_user(Role.OFFICER)
    officer_client.post("/auth/login", data={"email": officer.email, "password": "correct horse battery staple 42"})
    response = officer_client.get(f"/cv/{owner_id}/file")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert "attachment" in response.headers["Content-Disposition"]
    response.close()
    assert app.test_client().get(f"/cv/{owner_id}/file").status_code == 302


def _flashes(page: str) -> list[str]:
    return re.findall(r'<p class="flash flash-\w+">(.*?)</p>', page, re.S)


@pytest.mark.parametrize("locale, said, listed, english", [
    ("en", "We found 2 new skills in your CV. Choose the ones to add to your profile.",
     ["Public procurement law", "Public sector internal audit"], []),
    ("sq", "Gjetëm 2 aftësi të reja në CV-në tuaj. Zgjidhni ato që do të shtoni në profil.",
     ["Prokurimi publik", "Auditimi i brendshëm"], ["Public procurement law", "Public sector internal audit"]),
])
def test_upload_counts_the_new_skills_it_lists_in_the_readers_language(client, make_user, make_member, login,
                                                                       locale, said, listed, english):
    profile = make_member(user=make_user(Role.MEMBER, locale=locale), skills=["statistics"])
    login(profile.user)
    page = upload(client, make_pdf(CV_LINES))
    page = client.get("/cv/").get_data(as_text=True)
    assert _flashes(page) == [said]
    for name in listed:
        assert f"<strong>{name}</strong>" in page
    for name in english:
        assert name not in page
    assert client.post("/cv/suggestions", data={"skill": ["a-public-procurement-law"]}).status_code == 302
    db.session.refresh(profile)
    assert profile.skills == ["statistics", listed[0]], "the skill is added as the member read it"


def test_upload_says_when_every_skill_found_is_already_on_the_profile(client, make_member, login):
    profile = make_member(skills=["public procurement", "internal audit"])
    login(profile.user)
    upload(client, make_pdf(CV_LINES))
    page = client.get("/cv/").get_data(as_text=True)
    assert _flashes(page) == ["Your CV is saved. Every skill we found in it is already on your profile."]
    assert "New skills found in your CV" not in page


def test_files_follow_the_transaction_that_stored_them(app, make_member):
    from diaspora.cv import services as cv_services
    profile = make_member()
    folder = app.config["UPLOAD_DIR"] / "cv"
    kept = cv_services.upload_cv(profile.user, "cv.pdf", make_pdf(CV_LINES))
    db.session.commit()
    cv_services.upload_cv(profile.user, "new.pdf", make_pdf(["Another CV"]))
    db.session.rollback()  # the replacement is refused: the new file goes, the one it replaced stays
    assert [p.name for p in folder.iterdir()] == [kept.stored_name]
    replacement = cv_services.upload_cv(profile.user, "new.pdf", make_pdf(["Another CV"]))
    db.session.commit()  # the replacement is kept: the one it replaced goes
    assert [p.name for p in folder.iterdir()] == [replacement.stored_name]

