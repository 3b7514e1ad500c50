"""Curating the taxonomy in use: the queue of typed skills no concept reads, and an administrator's decision on
each (an alias of a concept, a new concept, or dismissed).

A decision that changes how a term reads stamps the term with the next vocabulary version in the same
transaction (diaspora.matches.changes.bump_vocabulary): every worker's index lays it over its taxonomy and
re-encodes the profiles that typed the term at its next ranking (diaspora.matches.live). Each decision is
audited. Who typed a term is personal data: only administrators see the queue's examples.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination

from diaspora import audit
from diaspora.auth.models import Role, User
from diaspora.concurrency import current_row, flush_versioned
from diaspora.errors import Forbidden, InvalidInput
from diaspora.extensions import db
from diaspora.matches import live
from diaspora.matches.changes import bump_vocabulary
from diaspora.matches.models import CuratedConcept, CuratedTerm, TermSighting, TermStatus
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity
from diaspora.paging import page_of
from diaspora.timeutil import utcnow
from matching.curation import MAX_TERM, CurationError, Suggestion, concept_id, nearest, term_key
from matching.taxonomy import default_taxonomy

EXAMPLES = 3
MAX_NAME = 120


def require_admin(acting: User | None) -> None:
    """Administrators decide; None is the command line (whoever may run it may curate)."""
    if acting is not None and acting.role is not Role.ADMIN:
        raise Forbidden(_("Only an administrator curates the taxonomy."))


@dataclass(frozen=True)
class QueueRow:
    term: CuratedTerm
    members: int  # distinct members who typed it
    postings: int
    examples: list[str]  # a few of those members' names (administrators only)


def _members_count():
    return (sa.select(sa.func.count(sa.distinct(TermSighting.profile_id)))
            .where(TermSighting.term_id == CuratedTerm.id).correlate(CuratedTerm).scalar_subquery())


def queue_page(acting: User, status: TermStatus, page: int, per_page: int = 25) -> tuple[Pagination, list[QueueRow]]:
    """Terms of `status`, the most typed first (then the most recently seen), with who typed them."""
    require_admin(acting)
    query = (sa.select(CuratedTerm).where(CuratedTerm.status == status)
             .order_by(_members_count().desc(), CuratedTerm.last_seen.desc(), CuratedTerm.id))
    pagination = page_of(query, page, per_page)
    return pagination, rows_of(list(pagination.items))


def rows_of(terms: list[CuratedTerm]) -> list[QueueRow]:
    ids = [t.id for t in terms]
    counts = {term_id: (members, postings) for term_id, members, postings in db.session.execute(
        sa.select(TermSighting.term_id, sa.func.count(sa.distinct(TermSighting.profile_id)),
                  sa.func.count(sa.distinct(TermSighting.opportunity_id)))
        .where(TermSighting.term_id.in_(ids)).group_by(TermSighting.term_id))}
    return [QueueRow(t, *counts.get(t.id, (0, 0)), _examples(t.id)) for t in terms]


def _examples(term_id: int) -> list[str]:
    """The names of the members who typed the term most recently (a term may have thousands)."""
    return list(db.session.scalars(
        sa.select(MemberProfile.full_name).join(TermSighting, TermSighting.profile_id == MemberProfile.id)
        .where(TermSighting.term_id == term_id, MemberProfile.matchable)
        .order_by(TermSighting.seen_at.desc(), MemberProfile.id).limit(EXAMPLES)))


def get_term(acting: User, term_id: int) -> QueueRow:
    require_admin(acting)
    term = current_row(CuratedTerm, term_id, None, _("This term is not in the curation queue."))
    return rows_of([term])[0]


def postings_of(term: CuratedTerm) -> list[Opportunity]:
    return list(db.session.scalars(sa.select(Opportunity).join(TermSighting).where(TermSighting.term_id == term.id)
                                   .order_by(Opportunity.id).limit(EXAMPLES)))


def suggestions(term: CuratedTerm) -> tuple[list[Suggestion], list[Suggestion]]:
    """The nearest concepts by rapidfuzz and by the engine's lexicon, curated concepts included (this worker's
    taxonomy, read under the index's lock: a decision may be being laid over it)."""
    with live.reading() as index:
        return nearest(index.taxonomy_, term.term)


def concept_choices() -> list[tuple[str, str]]:
    """(id, name) of every concept an alias may name, packaged and curated, by name."""
    names = {sid: skill.name for sid, skill in default_taxonomy().skills.items()}
    names.update(db.session.execute(sa.select(CuratedConcept.id, CuratedConcept.name)).all())
    return sorted(names.items(), key=lambda c: (c[1].casefold(), c[0]))


def _known_concepts() -> dict[str, str]:
    return dict(concept_choices())


def _decide(acting: User | None, term: CuratedTerm, status: TermStatus, concept: str | None) -> CuratedTerm:
    term.status, term.concept_id = status, concept
    term.decided_at, term.decided_by_id = utcnow(), acting.id if acting is not None else None
    if status is not TermStatus.DISMISSED:  # dismissing changes how nothing reads
        term.vocabulary_version = bump_vocabulary(db.session.connection())
    flush_versioned()
    audit.record(f"curation.{status.value}", acting.id if acting is not None else None, "curated_term", term.id,
                 term=term.term, concept=concept or "")
    return term


def _pending(term_id: int, expected_version: int | None) -> CuratedTerm:
    term = current_row(CuratedTerm, term_id, expected_version, _("This term is not in the curation queue."))
    if term.status is not TermStatus.PENDING:
        raise InvalidInput(_("This term has been decided already."))
    return term


def map_to_concept(acting: User | None, term_id: int, concept: str, expected_version: int | None = None) -> CuratedTerm:
    """Read the term as an existing concept from now on."""
    require_admin(acting)
    term = _pending(term_id, expected_version)
    if concept not in _known_concepts():
        raise InvalidInput(_("Choose a concept of the taxonomy."), field="concept")
    return _decide(acting, term, TermStatus.ALIAS, concept)


def create_concept(acting: User | None, term_id: int, name: str, expected_version: int | None = None) -> CuratedTerm:
    """Add a concept named `name` to the taxonomy and read the term as it."""
    require_admin(acting)
    term = _pending(term_id, expected_version)
    concept = _new_concept(acting, name)
    return _decide(acting, term, TermStatus.CONCEPT, concept.id)


def concept_id_for(name: str) -> str:
    """The id a new concept of this name gets; InvalidInput for an empty or overlong name."""
    name = " ".join(name.split())
    try:
        if len(name) <= MAX_NAME:
            return concept_id(name)
    except CurationError:
        pass
    raise InvalidInput(_("Give the new concept a name of at most %(n)s characters.", n=MAX_NAME), field="name")


def _new_concept(acting: User | None, name: str) -> CuratedConcept:
    name = " ".join(name.split())
    cid = concept_id_for(name)
    known = _known_concepts()
    if cid in known or term_key(name) in {term_key(n) for n in known.values()}:
        raise InvalidInput(_("A concept of this name exists already: map the term to it."), field="name")
    concept = CuratedConcept(id=cid, name=name, created_by_id=acting.id if acting is not None else None)
    db.session.add(concept)
    db.session.flush()
    return concept


def dismiss(acting: User | None, term_id: int, expected_version: int | None = None) -> CuratedTerm:
    """Leave the term as free text (it still counts through text similarity) and out of the queue."""
    require_admin(acting)
    return _decide(acting, _pending(term_id, expected_version), TermStatus.DISMISSED, None)


def term_for(text: str) -> CuratedTerm:
    """The term row of a typed text, added to the queue if nobody typed it yet (imports on a fresh install)."""
    key = term_key(text)
    if not key or len(text) > MAX_TERM:
        raise InvalidInput(_("A term is 1 to %(n)s characters long.", n=MAX_TERM), field="term")
    term = db.session.scalar(sa.select(CuratedTerm).where(CuratedTerm.key == key))
    if term is None:
        term = CuratedTerm(key=key, term=text.strip())
        db.session.add(term)
        db.session.flush()
    return term
