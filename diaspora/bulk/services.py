"""Starting imports and exports: who may, and handing the file to a background job."""
from __future__ import annotations

import secrets
import shutil
import tempfile
from typing import BinaryIO

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from diaspora.auth.models import Role, User
from diaspora.bulk import exporter, importer
from diaspora.errors import Forbidden, InvalidInput
from diaspora.jobs import services as job_pages
from diaspora.jobs.models import Job
from diaspora.jobs.runner import submit
from diaspora.storage import SPOOL_BYTES, save_for_change

PROFILES, OPPORTUNITIES = "profiles", "opportunities"
FORMATS = ("jsonl", "csv")
MAX_BYTES = 64 * 1024 * 1024
STAFF = (Role.OFFICER, Role.ADMIN)
WHO_MAY = {PROFILES: STAFF, OPPORTUNITIES: (Role.MINISTRY, *STAFF)}

job_pages.register_kind("import_profiles", _l("Profile import"))
job_pages.register_kind("import_opportunities", _l("Posting import"))
job_pages.register_kind("export_profiles", _l("Profile export"))
job_pages.register_kind("export_opportunities", _l("Posting export"))


def _require(user: User, what: str) -> None:
    if user.role not in WHO_MAY[what] or (user.role is Role.MINISTRY and user.institution_id is None):
        raise Forbidden(_("Your role may not import or export these records."))


def _stage(stream: BinaryIO) -> str:
    """Store the upload with a server-made name, where the job reads it (storage shared with the workers)."""
    name = f"{secrets.token_hex(16)}.upload"
    with tempfile.SpooledTemporaryFile(SPOOL_BYTES) as spool:
        shutil.copyfileobj(stream, spool, length=SPOOL_BYTES)
        if spool.tell() > MAX_BYTES:
            raise InvalidInput(_("The file is too large."), field="file")
        spool.seek(0)
        save_for_change(importer.staged_key(name), spool)  # gone again if the job is not recorded
    return name


def start_import(user: User, what: str, stream: BinaryIO, confirm_consent: bool, all_or_nothing: bool) -> Job:
    """Stage the file and run the import as a job. Profiles need the officer's consent confirmation."""
    _require(user, what)
    if what == PROFILES and not confirm_consent:
        raise InvalidInput(_("Confirm that the people in the file agreed to be matched by the programme."),
                           field="confirm_consent")
    name = _stage(stream)
    func = importer.import_profiles if what == PROFILES else importer.import_opportunities
    return submit(f"import_{what}", func, name, user.id, bool(all_or_nothing), created_by=user)


def start_export(user: User, what: str, fmt: str) -> Job:
    _require(user, what)
    if fmt not in FORMATS:
        raise InvalidInput(_("Choose JSON lines or CSV."), field="format")
    func = exporter.export_profiles if what == PROFILES else exporter.export_opportunities
    return submit(f"export_{what}", func, user.id, fmt, created_by=user)


def may_use(user: User, what: str) -> bool:
    try:
        _require(user, what)
    except Forbidden:
        return False
    return True
