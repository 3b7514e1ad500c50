"""Plain text out of a PDF or DOCX CV (pypdf, python-docx)."""
from __future__ import annotations

import io

import docx
from pypdf import PdfReader

from diaspora.cv.filetypes import DOCX, PDF

MAX_TEXT = 200_000  # a CV longer than this is not a CV; keep the database row bounded


def extract_text(data: bytes, mime_type: str) -> str:
    if mime_type == PDF:
        reader = PdfReader(io.BytesIO(data), strict=False)
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    elif mime_type == DOCX:
        document = docx.Document(io.BytesIO(data))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
        text = "\n".join(parts)
    else:
        raise ValueError(mime_type)
    return text.replace("\x00", "")[:MAX_TEXT]
