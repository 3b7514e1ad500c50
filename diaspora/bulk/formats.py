"""Reading and writing records as JSON lines or CSV.

CSV follows the contract's JSON shape with flat cells: lists joined with ";", languages as
"sq:C2;en:B2", education as "degree|field;degree|field". Cells that a spreadsheet would run as a
formula (starting with = + - @) are written with a leading apostrophe, which reading removes.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

PROFILE_COLUMNS = (
    "id", "email", "roles", "full_name", "date_of_birth", "phone", "country", "city", "languages",
    "years_experience", "education", "sectors", "acquis_chapters", "skills", "summary", "available_from",
    "available_to", "work_mode", "network_countries", "investment_sectors", "years_abroad", "highest_education",
    "employer",
)
OPPORTUNITY_COLUMNS = (
    "id", "kind", "status", "institution", "title", "description", "acquis_chapters", "required_skills",
    "preferred_skills", "languages", "min_years_experience", "start", "end", "deadline", "work_mode",
    "positions", "sector", "region", "target_countries", "amount_eur", "sessions", "mentee_type",
    "counterpart_field", "counterpart_countries",
)
LIST_FIELDS = frozenset({"roles", "sectors", "skills", "network_countries", "investment_sectors",
                         "required_skills", "preferred_skills", "target_countries", "counterpart_countries"})
INT_LIST_FIELDS = frozenset({"acquis_chapters"})
INT_FIELDS = frozenset({"years_experience", "years_abroad", "min_years_experience", "positions", "sessions"})
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_LINE_CHARS = 200_000


class RowError(Exception):
    """A line that is not a record at all (bad JSON, wrong columns); reported, never fatal."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def detect_format(head: str) -> str:
    return "jsonl" if head.lstrip("\ufeff \t\r\n").startswith("{") else "csv"


def read_rows(path: Path) -> Iterator[tuple[int, dict | RowError]]:
    """(line number, raw record or RowError) for every non-blank record in the file."""
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        fmt = detect_format(handle.read(4096))
        handle.seek(0)
        if fmt == "jsonl":
            yield from _read_jsonl(handle)
        else:
            yield from _read_csv(handle)


def _read_jsonl(handle) -> Iterator[tuple[int, dict | RowError]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        if len(line) > MAX_LINE_CHARS:
            yield number, RowError("line", "The line is too long.")
            continue
        try:
            value = json.loads(line)
        except ValueError as error:
            yield number, RowError("line", f"Not valid JSON: {error.msg} (column {error.colno}).")
            continue
        yield number, value if isinstance(value, dict) else RowError("line", "Each line must be a JSON object.")


def _read_csv(handle) -> Iterator[tuple[int, dict | RowError]]:
    reader = csv.DictReader(handle)
    if not reader.fieldnames:
        return
    for row in reader:
        number = reader.line_num
        if None in row:
            yield number, RowError("line", "The row has more cells than the header.")
            continue
        values = {key.strip(): (cell or "") for key, cell in row.items() if key}
        if not any(value.strip() for value in values.values()):
            continue
        yield number, _from_cells(values)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _unescape(cell: str) -> str:
    return cell[1:] if cell[:1] == "'" and cell[1:2] and cell[1:2] in FORMULA_START else cell


def _from_cells(values: dict[str, str]) -> dict:
    record: dict = {}
    for key, raw in values.items():
        cell = _unescape(raw.strip())
        if cell == "":
            continue
        if key in LIST_FIELDS:
            record[key] = [_unescape(item) for item in _split(raw)]
        elif key in INT_LIST_FIELDS:
            record[key] = [int(p) if p.isdecimal() else p for p in _split(cell)]
        elif key in INT_FIELDS:
            record[key] = int(cell) if cell.lstrip("-").isdecimal() else cell
        elif key == "languages":
            pairs = [part.partition(":") for part in _split(cell)]
            record[key] = {code.strip(): level.strip() for code, _sep, level in pairs}
        elif key == "education":
            items = [part.partition("|") for part in _split(cell)]
            record[key] = [{"degree": degree.strip(), "field": field.strip()} for degree, _sep, field in items]
        else:
            record[key] = cell
    return record


def _escape(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def _cell(key: str, value) -> str:
    if value is None:
        return ""
    if key == "languages":
        return ";".join(f"{code}:{level}" for code, level in value.items())
    if key == "education":
        return ";".join(f"{_clean(e.get('degree', ''), '|')}|{_clean(e.get('field', ''), '|')}" for e in value)
    if isinstance(value, list):
        return ";".join(_escape(_clean(str(item))) for item in value)
    return _escape(str(value))


def _clean(text: str, *extra: str) -> str:
    # A separator inside an item would split it in two on the way back in.
    for separator in (";", *extra):
        text = text.replace(separator, ",")
    return text


def write_jsonl(records: Iterable[dict], handle) -> int:
    count = 0
    for record in records:
        handle.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
        count += 1
    return count


def write_csv(records: Iterable[dict], handle, columns: tuple[str, ...]) -> int:
    writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({key: _cell(key, record.get(key)) for key in columns})
        count += 1
    return count
