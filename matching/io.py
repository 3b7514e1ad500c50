"""JSON-lines reading and writing of the contract's records.

Unknown fields are ignored, missing optional fields take their defaults, and a value of the
wrong shape raises `InvalidRecord` with the field's name, so the command line can report the
line number and exit with status 2 instead of crashing later inside the scoring maths.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import orjson

from matching.gcpause import gc_paused
from matching.model import (
    CEFR_LEVEL, KINDS, MENTEE_TYPES, OPPORTUNITY_WORK_MODES, PROFILE_WORK_MODES, ROLES, STUDY_LEVELS, Match,
    Opportunity, Profile,
)


class InvalidRecord(ValueError):
    """A record that is valid JSON but does not fit the contract."""


class JsonlError(ValueError):
    def __init__(self, line_no: int, message: str):
        super().__init__(f"line {line_no}: {message}")
        self.line_no = line_no
        self.message = message


def _str(d: dict, key: str, default: str = "") -> str:
    value = d.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise InvalidRecord(f"'{key}' must be a string")
    return value


def _id(d: dict) -> str:
    value = d.get("id")
    if not isinstance(value, str) or not value:
        raise InvalidRecord("'id' must be a non-empty string")
    return value


def _str_list(d: dict, key: str) -> tuple[str, ...]:
    value = d.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidRecord(f"'{key}' must be a list of strings")
    return tuple(value)


def _countries(d: dict, key: str) -> tuple[str, ...]:
    values = _str_list(d, key)
    for v in values:
        if len(v) != 2 or not ("A" <= v[0] <= "Z" and "A" <= v[1] <= "Z"):
            raise InvalidRecord(f"'{key}' must hold ISO 3166-1 alpha-2 codes such as 'IT', not {v!r}")
    return values


def _chapters(d: dict) -> tuple[int, ...]:
    value = d.get("acquis_chapters")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 35 for v in value
    ):
        raise InvalidRecord("'acquis_chapters' must be a list of integers 1..35")
    return tuple(value)


def _languages(d: dict) -> dict[str, str]:
    value = d.get("languages")
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidRecord("'languages' must be an object of language code -> CEFR level")
    out = {}
    for code, level in value.items():
        if not (isinstance(code, str) and len(code) == 2 and code.isascii() and code.isalpha()
                and code.islower()):
            raise InvalidRecord(f"'languages' key {code!r} is not an ISO 639-1 code")
        if level not in CEFR_LEVEL:
            raise InvalidRecord(f"'languages.{code}' must be one of A1..C2, not {level!r}")
        out[code] = level
    return out


def _int(d: dict, key: str, default: int | None, minimum: int) -> int | None:
    value = d.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidRecord(f"'{key}' must be an integer >= {minimum}")
    return value


def _date(d: dict, key: str) -> date | None:
    value = d.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidRecord(f"'{key}' must be an ISO date string")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidRecord(f"'{key}' must be an ISO date (YYYY-MM-DD), not {value[:40]!r}") from None


def _enum(d: dict, key: str, allowed: tuple[str, ...], default: str) -> str:
    value = d.get(key)
    if value is None:
        return default
    if value not in allowed:
        raise InvalidRecord(f"'{key}' must be one of {', '.join(allowed)}")
    return value


def _amount(d: dict, key: str) -> float | None:
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise InvalidRecord(f"'{key}' must be a number >= 0")
    return float(value)


def _study_levels(d: dict) -> tuple[str, ...]:
    values = _str_list(d, "study_levels")
    if any(v not in STUDY_LEVELS for v in values):
        raise InvalidRecord(f"'study_levels' must hold {', '.join(STUDY_LEVELS)}")
    return tuple(dict.fromkeys(values))


def _education(d: dict) -> tuple[dict[str, str], ...]:
    value = d.get("education")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise InvalidRecord("'education' must be a list of {degree, field} objects")
    return tuple({k: v for k, v in item.items() if k in ("degree", "field") and isinstance(v, str)}
                 for item in value)


def profile_from_dict(d: dict) -> Profile:
    if not isinstance(d, dict):
        raise InvalidRecord("a profile must be a JSON object")
    roles = _str_list(d, "roles")
    if not roles or any(r not in ROLES for r in roles):
        raise InvalidRecord(f"'roles' must be a non-empty list of {', '.join(ROLES)}")
    return Profile(
        id=_id(d), roles=tuple(dict.fromkeys(roles)), full_name=_str(d, "full_name"),
        country=_str(d, "country"), city=_str(d, "city"), languages=_languages(d),
        years_experience=_int(d, "years_experience", 0, 0), education=_education(d),
        sectors=_str_list(d, "sectors"), acquis_chapters=_chapters(d), skills=_str_list(d, "skills"),
        summary=_str(d, "summary"), available_from=_date(d, "available_from"),
        available_to=_date(d, "available_to"),
        work_mode=_enum(d, "work_mode", PROFILE_WORK_MODES, "any"),
        network_countries=_countries(d, "network_countries"),
        investment_sectors=_str_list(d, "investment_sectors"), employer=_str(d, "employer"),
        study_level=_enum(d, "study_level", STUDY_LEVELS, ""), regions=_str_list(d, "regions"),
    )


def opportunity_from_dict(d: dict) -> Opportunity:
    if not isinstance(d, dict):
        raise InvalidRecord("an opportunity must be a JSON object")
    kind = d.get("kind")
    if kind not in KINDS:
        raise InvalidRecord(f"'kind' must be one of {', '.join(KINDS)}")
    return Opportunity(
        id=_id(d), kind=kind, title=_str(d, "title"), institution=_str(d, "institution"),
        description=_str(d, "description"), acquis_chapters=_chapters(d),
        required_skills=_str_list(d, "required_skills"), preferred_skills=_str_list(d, "preferred_skills"),
        languages=_languages(d), min_years_experience=_int(d, "min_years_experience", None, 0),
        start=_date(d, "start"), end=_date(d, "end"),
        work_mode=_enum(d, "work_mode", OPPORTUNITY_WORK_MODES, "remote"),
        sector=_str(d, "sector"), region=_str(d, "region"),
        target_countries=_countries(d, "target_countries"),
        amount_eur=_amount(d, "amount_eur"), positions=_int(d, "positions", 1, 1),
        sessions=_int(d, "sessions", None, 1), mentee_type=_enum(d, "mentee_type", MENTEE_TYPES, ""),
        counterpart_field=_str(d, "counterpart_field"),
        counterpart_countries=_countries(d, "counterpart_countries"), study_levels=_study_levels(d),
        fields_of_study=_str_list(d, "fields_of_study"), budget_eur=_amount(d, "budget_eur"),
    )


def _lines(source: str | Path | Iterable[str]) -> Iterator[tuple[int, str]]:
    if isinstance(source, (str, Path)):
        with open(source, encoding="utf-8", errors="strict") as fh:
            try:
                yield from enumerate(fh, start=1)
            except UnicodeDecodeError as exc:
                raise JsonlError(0, f"file is not UTF-8 text ({exc.reason})") from None
    else:
        yield from enumerate(source, start=1)


def _loads(line: str):
    """One JSON value: orjson parses several times faster than the standard library (at 100,000 profiles,
    reading was a tenth of the rank command); what it refuses (a lone surrogate, an integer beyond 64 bits,
    NaN) or cannot parse goes to the standard library, whose reading and error message then decide."""
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line)


def _read(source, parse) -> list:
    with gc_paused():
        return _parsed(source, parse)


def _parsed(source, parse) -> list:
    records = []
    for line_no, line in _lines(source):
        if not line.strip():
            continue
        try:
            records.append(parse(_loads(line)))
        except json.JSONDecodeError as exc:
            raise JsonlError(line_no, f"malformed JSON ({exc.msg} at column {exc.colno})") from None
        except (InvalidRecord, RecursionError) as exc:
            raise JsonlError(line_no, str(exc) or "record nested too deeply") from None
    return records


def read_profiles(source: str | Path | Iterable[str]) -> list[Profile]:
    return _read(source, profile_from_dict)


def read_opportunities(source: str | Path | Iterable[str]) -> list[Opportunity]:
    return _read(source, opportunity_from_dict)


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def _drop_none(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


def profile_to_dict(p: Profile) -> dict:
    return _drop_none({
        "id": p.id, "roles": list(p.roles), "full_name": p.full_name, "country": p.country or None,
        "city": p.city, "languages": dict(p.languages), "years_experience": p.years_experience,
        "education": [dict(e) for e in p.education], "sectors": list(p.sectors),
        "acquis_chapters": list(p.acquis_chapters), "skills": list(p.skills), "summary": p.summary,
        "available_from": _iso(p.available_from), "available_to": _iso(p.available_to),
        "work_mode": p.work_mode, "network_countries": list(p.network_countries),
        "investment_sectors": list(p.investment_sectors), "employer": p.employer or None,
        "study_level": p.study_level or None, "regions": list(p.regions) or None,
    })


def opportunity_to_dict(o: Opportunity) -> dict:
    return _drop_none({
        "id": o.id, "kind": o.kind, "title": o.title, "institution": o.institution,
        "description": o.description, "acquis_chapters": list(o.acquis_chapters),
        "required_skills": list(o.required_skills), "preferred_skills": list(o.preferred_skills),
        "languages": dict(o.languages), "min_years_experience": o.min_years_experience,
        "start": _iso(o.start), "end": _iso(o.end), "work_mode": o.work_mode,
        "sector": o.sector or None, "region": o.region or None,
        "target_countries": list(o.target_countries), "amount_eur": o.amount_eur,
        "positions": o.positions, "sessions": o.sessions, "mentee_type": o.mentee_type or None,
        "counterpart_field": o.counterpart_field or None,
        "counterpart_countries": list(o.counterpart_countries) or None, "study_levels": list(o.study_levels) or None,
        "fields_of_study": list(o.fields_of_study) or None, "budget_eur": o.budget_eur,
    })


def match_to_dict(m: Match) -> dict:
    """The contract's match object: exactly these four keys."""
    return {"profile_id": m.profile_id, "score": round(float(m.score), 2), "eligible": bool(m.eligible),
            "reasons": list(m.reasons)}
