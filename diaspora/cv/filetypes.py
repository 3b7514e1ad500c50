"""Decide what an uploaded file is from its bytes, never from its name, and refuse anything risky.

Accepted: PDF (magic `%PDF-`, parsed by pypdf, no active content) and DOCX (a ZIP with the
Word main part, no macros, bounded uncompressed size). Refused: HTML or SVG renamed to .pdf,
PDF/HTML polyglots, PDFs with JavaScript or embedded files, macro documents, ZIP bombs,
anything else.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_DOCX_UNCOMPRESSED = 50 * 1024 * 1024
# Markup that a browser would run if it ever sniffed the file as HTML or SVG.
_ACTIVE_MARKUP = re.compile(rb"<\s*(script|html|svg|iframe|body|object|embed)\b|javascript:", re.IGNORECASE)
# PDF features that execute or smuggle content.
_ACTIVE_PDF = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")


class UnsafeFile(ValueError):
    """The file is not an acceptable CV; the message says why, for the person who uploaded it."""


@dataclass(frozen=True)
class FileKind:
    mime_type: str
    extension: str


def sniff(data: bytes) -> FileKind:
    if not data:
        raise UnsafeFile("empty")
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        return FileKind(PDF, ".pdf")
    if data.startswith(b"PK\x03\x04"):
        _check_docx(data)
        return FileKind(DOCX, ".docx")
    raise UnsafeFile("type")


def _check_pdf(data: bytes) -> None:
    if _ACTIVE_MARKUP.search(data) or _ACTIVE_PDF.search(data):
        raise UnsafeFile("active")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UnsafeFile("encrypted")
        if len(reader.pages) == 0:
            raise UnsafeFile("type")
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise UnsafeFile("corrupt") from error


def _check_docx(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise UnsafeFile("corrupt") from error
    names = set(archive.namelist())
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise UnsafeFile("type")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise UnsafeFile("active")
    if any(name.startswith("/") or ".." in name.split("/") for name in names):
        raise UnsafeFile("active")
    if sum(info.file_size for info in archive.infolist()) > MAX_DOCX_UNCOMPRESSED:
        raise UnsafeFile("size")
