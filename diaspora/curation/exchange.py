"""The curated vocabulary as data: exported as JSON or CSV, imported back (another installation, a fresh one).

A row is {term, decision, concept, name}: decision `alias` (concept: the id of the concept the term reads as;
name: its name), `concept` (name: the concept created for it; concept: its id) or `dismissed`. Rows come out in
the order they took effect, so a concept is created before the aliases that name it. An import applies each
row as the same decision an administrator takes (audited, stamped for every worker's index), each in a
savepoint of its own: a refused row is reported with its number and why, and the others still apply. A row
already decided the same way is left as it is, so importing a file twice changes nothing.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from diaspora import audit
from diaspora.auth.models import User
from diaspora.curation import services
from diaspora.errors import DomainError, InvalidInput
from diaspora.extensions import db
from diaspora.matches.models import CuratedTerm, TermStatus

COLUMNS = ("term", "decision", "concept", "name")
DECISIONS = {"alias": TermStatus.ALIAS, "concept": TermStatus.CONCEPT, "dismissed": TermStatus.DISMISSED}
MAX_ROWS = 10_000


@dataclass
class Rejection:
    row: int  # 1 for the first record (CSV: the line after the header)
    term: str
    reason: str


@dataclass
class ImportReport:
    applied: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)


def export_rows(acting: User | None) -> list[dict[str, str]]:
    services.require_admin(acting)
    names = dict(services.concept_choices())
    terms = db.session.scalars(sa.select(CuratedTerm).where(CuratedTerm.status != TermStatus.PENDING).order_by(
        CuratedTerm.vocabulary_version.is_(None), CuratedTerm.vocabulary_version, CuratedTerm.decided_at,
        CuratedTerm.id))
    decision = {status: name for name, status in DECISIONS.items()}
    return [{"term": t.term, "decision": decision[t.status], "concept": t.concept_id or "",
             "name": names.get(t.concept_id, "")} for t in terms]


def to_json(rows: list[dict[str, str]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1)


def to_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def parse(data: bytes, filename: str) -> list[dict]:
    """The records of a JSON list or a CSV file with a header (by its name's ending, else by its first byte)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(_("The file is not UTF-8 text."), field="file") from None
    if filename.lower().endswith(".json") or text.lstrip().startswith("["):
        try:
            records = json.loads(text)
        except json.JSONDecodeError:
            raise InvalidInput(_("The file is not valid JSON."), field="file") from None
        if not isinstance(records, list):
            raise InvalidInput(_("A JSON file holds a list of rows."), field="file")
    else:
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or not {"term", "decision"} <= set(reader.fieldnames):
            raise InvalidInput(_("A CSV file starts with the header term,decision,concept,name."), field="file")
        records = list(reader)
    if len(records) > MAX_ROWS:
        raise InvalidInput(_("At most %(n)s rows at a time.", n=MAX_ROWS), field="file")
    return records


def import_rows(acting: User | None, records: list) -> ImportReport:
    services.require_admin(acting)
    report = ImportReport()
    for number, record in enumerate(records, start=1):
        term = str(record.get("term") or "") if isinstance(record, dict) else ""
        savepoint = db.session.begin_nested()
        try:
            changed = _apply(acting, record)
        except DomainError as error:
            savepoint.rollback()
            report.rejected.append(Rejection(number, term, error.message))
            continue
        savepoint.commit()
        if changed:
            report.applied += 1
        else:
            report.unchanged += 1
    audit.record("curation.import", acting.id if acting is not None else None, "curated_vocabulary", "",
                 applied=report.applied, unchanged=report.unchanged, rejected=len(report.rejected))
    return report


def _text(record: dict, name: str) -> str:
    value = record.get(name)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _apply(acting: User | None, record) -> bool:
    """Apply one row; False when it was decided the same way already."""
    if not isinstance(record, dict):
        raise InvalidInput(_("A row is an object with term, decision, concept and name."))
    decision = DECISIONS.get(_text(record, "decision"))
    if decision is None:
        raise InvalidInput(_("Decision must be alias, concept or dismissed."))
    term = services.term_for(_text(record, "term"))
    concept = _text(record, "concept")
    if decision is TermStatus.CONCEPT:
        concept = services.concept_id_for(_text(record, "name"))
    if term.status is decision and (decision is TermStatus.DISMISSED or term.concept_id == concept):
        return False
    if term.status is not TermStatus.PENDING:
        raise InvalidInput(_("This term has been decided already."))
    if decision is TermStatus.ALIAS:
        services.map_to_concept(acting, term.id, concept)
    elif decision is TermStatus.CONCEPT:
        services.create_concept(acting, term.id, _text(record, "name"))
    else:
        services.dismiss(acting, term.id)
    return True
