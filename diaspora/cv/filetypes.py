"""Decide what an uploaded file is from its bytes, never from its name, and refuse anything risky.

Accepted, as the caller allows: PDF (magic `%PDF-`, parsed by pypdf, no active content), DOCX (a ZIP
with the Word main part, no macros, bounded uncompressed size), JPEG and PNG (decoded headers checked
by Pillow, bounded pixel count). Refused: HTML or SVG renamed to .pdf, PDF/HTML and image/HTML
polyglots, PDFs with JavaScript or embedded files, macro documents, ZIP bombs, decompression-bomb
images, anything else.
"""
from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JPEG = "image/jpeg"
PNG = "image/png"
CV_TYPES = (PDF, DOCX)
SCAN_TYPES = (PDF, JPEG, PNG)  # a document photographed or scanned
MAX_DOCX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_IMAGE_PIXELS = 60_000_000  # a 60-megapixel photo; beyond, a decompression bomb rather than a scan
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


def sniff(data: bytes, accepted: tuple[str, ...] = CV_TYPES) -> FileKind:
    """The kind of file `data` is, among the `accepted` MIME types; UnsafeFile otherwise."""
    if not data:
        raise UnsafeFile("empty")
    if PDF in accepted and data.startswith(b"%PDF-"):
        _check_pdf(data)
        return FileKind(PDF, ".pdf")
    if DOCX in accepted and data.startswith(b"PK\x03\x04"):
        _check_docx(data)
        return FileKind(DOCX, ".docx")
    if JPEG in accepted and data.startswith(b"\xff\xd8\xff"):
        _check_image(data, "JPEG")
        return FileKind(JPEG, ".jpg")
    if PNG in accepted and data.startswith(b"\x89PNG\r\n\x1a\n"):
        _check_image(data, "PNG")
        return FileKind(PNG, ".png")
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


def _check_image(data: bytes, expected_format: str) -> None:
    if _ACTIVE_MARKUP.search(data):
        raise UnsafeFile("active")
    try:
        with warnings.catch_warnings():
            # Pillow only warns about a huge image below twice its own limit: a refusal here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != expected_format:
                    raise UnsafeFile("type")
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise UnsafeFile("size")
                image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise UnsafeFile("size") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise UnsafeFile("corrupt") from error
