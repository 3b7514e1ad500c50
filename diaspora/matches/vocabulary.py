"""The curated vocabulary kept in the database: the typed skills no concept reads, and the decisions on them.

Collecting: at every flush that writes a member profile's or a posting's skills, the pieces the packaged
taxonomy reads as no concept (matching.curation.unmapped_terms) become a CuratedTerm per folded term and a
TermSighting per profile or posting that typed it. A profile that leaves matching keeps no sighting.

Applying: a decision (diaspora.curation) stamps its term with the next vocabulary version
(changes.bump_vocabulary). Each worker lays the decisions up to its version over its own taxonomy copy
(`decisions`, `apply`; diaspora/matches/live.py), and the ones above it when the stamp moves, re-encoding only
the profiles that typed the terms whose reading changed (`typed_by`).
"""
from __future__ import annotations

import logging
from itertools import chain

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from diaspora.extensions import db
from diaspora.matches.changes import insert_new
from diaspora.matches.models import CuratedConcept, CuratedTerm, TermSighting, TermStatus
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity
from diaspora.timeutil import utcnow
from matching.curation import Curation, term_key, unmapped_terms
from matching.taxonomy import default_taxonomy

log = logging.getLogger(__name__)
TERMS = CuratedTerm.__table__
SIGHTINGS = TermSighting.__table__
# What a flush must have changed for the sightings of a row to be read again.
WATCHED = {MemberProfile: ("skills", "consent_at", "erased_at"), Opportunity: ("required_skills", "preferred_skills")}
DECIDED = (TermStatus.ALIAS, TermStatus.CONCEPT)


def _unmapped(skills) -> dict[str, str]:
    """Folded term -> as typed, for the typed skills (or pieces of them) the packaged taxonomy cannot read."""
    taxonomy = default_taxonomy()
    return {term_key(piece): piece for text in skills or [] if isinstance(text, str)
            for piece in unmapped_terms(taxonomy, text)}


def record_sightings(connection: Connection, column: sa.Column, typed: dict[int, dict[str, str]]) -> None:
    """Replace the sightings of each owner (a profile or posting id in `column`) with its unmapped terms. A
    pending term nobody types any more (a typo corrected, a member erased) leaves the queue."""
    before = set(connection.scalars(sa.select(SIGHTINGS.c.term_id).where(column.in_(list(typed)))))
    connection.execute(sa.delete(SIGHTINGS).where(column.in_(list(typed))))
    _add_sightings(connection, column, typed)
    if before:
        connection.execute(sa.delete(TERMS).where(
            TERMS.c.id.in_(before), TERMS.c.status == TermStatus.PENDING.name,
            ~sa.exists().where(SIGHTINGS.c.term_id == TERMS.c.id)))


def _add_sightings(connection: Connection, column: sa.Column, typed: dict[int, dict[str, str]]) -> None:
    terms = {key: term for found in typed.values() for key, term in found.items()}
    if not terms:
        return
    now = utcnow()
    insert_new(connection, TERMS, [{"key": key, "term": term, "status": TermStatus.PENDING.name, "first_seen": now,
                                    "last_seen": now, "version": 1} for key, term in terms.items()])
    ids = dict(connection.execute(sa.select(TERMS.c.key, TERMS.c.id).where(TERMS.c.key.in_(list(terms)))).all())
    connection.execute(sa.update(TERMS).where(TERMS.c.id.in_(list(ids.values()))).values(last_seen=now))
    connection.execute(sa.insert(SIGHTINGS), [
        {"term_id": ids[key], column.name: owner, "typed": term, "seen_at": now}
        for owner, found in typed.items() for key, term in found.items()])


def _changed(session: Session, obj, model) -> bool:
    if obj in session.new or obj in session.deleted:
        return True
    state = sa.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in WATCHED[model])


@event.listens_for(Session, "after_flush")
def _collect(session: Session, flush_context) -> None:
    profiles: dict[int, dict[str, str]] = {}
    postings: dict[int, dict[str, str]] = {}
    for obj in chain(session.new, session.dirty, session.deleted):
        if obj.id is None:
            continue
        if isinstance(obj, MemberProfile) and _changed(session, obj, MemberProfile):
            keep = obj.matchable and obj not in session.deleted
            profiles[obj.id] = _unmapped(obj.skills) if keep else {}
        elif isinstance(obj, Opportunity) and _changed(session, obj, Opportunity):
            keep = obj not in session.deleted
            postings[obj.id] = _unmapped([*(obj.required_skills or []), *(obj.preferred_skills or [])]) if keep else {}
    if profiles:
        record_sightings(session.connection(), SIGHTINGS.c.profile_id, profiles)
    if postings:
        record_sightings(session.connection(), SIGHTINGS.c.opportunity_id, postings)


def rescan(batch: int = 1000) -> int:
    """Record the sightings of every profile and posting again (an installation older than the queue); returns
    how many rows were read."""
    connection, count = db.session.connection(), 0
    sources = ((MemberProfile, SIGHTINGS.c.profile_id, lambda p: p.skills if p.matchable else []),
               (Opportunity, SIGHTINGS.c.opportunity_id,
                lambda o: [*(o.required_skills or []), *(o.preferred_skills or [])]))
    for model, column, skills_of in sources:
        typed: dict[int, dict[str, str]] = {}
        for row in db.session.scalars(sa.select(model).order_by(model.id).execution_options(yield_per=batch)):
            typed[row.id] = _unmapped(skills_of(row))
            count += 1
            if len(typed) == batch:
                record_sightings(connection, column, typed)
                typed = {}
        if typed:
            record_sightings(connection, column, typed)
    return count


def decisions(after: int, upto: int) -> list[CuratedTerm]:
    """The decisions that change how a term reads, stamped above `after` and up to `upto`, in their order."""
    return list(db.session.scalars(sa.select(CuratedTerm).where(
        CuratedTerm.status.in_(DECIDED), CuratedTerm.vocabulary_version > after,
        CuratedTerm.vocabulary_version <= upto).order_by(CuratedTerm.vocabulary_version, CuratedTerm.id)))


def apply(curation: Curation, terms: list[CuratedTerm]) -> set[str]:
    """Lay decided terms over the curation; the folded terms whose reading changed."""
    names = dict(db.session.execute(sa.select(CuratedConcept.id, CuratedConcept.name)).all())
    changed: set[str] = set()
    for term in terms:
        if term.concept_id not in curation.taxonomy.skills:
            if term.concept_id not in names:  # a packaged skill a later taxonomy release dropped
                log.warning("curated term %s names unknown concept %s: left unread", term.id, term.concept_id)
                continue
            changed |= curation.new_concept(names[term.concept_id]).terms
        changed |= curation.add_alias(term.term, term.concept_id).terms
    return changed


def typed_by(keys: set[str]) -> list[int]:
    """The profiles that typed any of these folded terms."""
    if not keys:
        return []
    return sorted(set(db.session.scalars(sa.select(TermSighting.profile_id).join(CuratedTerm).where(
        CuratedTerm.key.in_(list(keys)), TermSighting.profile_id.is_not(None)))))
