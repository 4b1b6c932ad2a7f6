"""Case documents are taken for what their bytes are (issue 11, low finding: uploads were
trusted on the declared type and the extension): the content must be an allowed type and agree
with the name and the declared type, or nothing is stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.cases.models import Document
from veilig.cases.services import document_upload
from veilig.cases.vocabulary import DataCategory, Scope
from veilig.testing.casework import case_for
from veilig.ui import uploads

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF = b"%PDF-1.7\n%synthetisch\n"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _office(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("[Content_Types].xml", *members):
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def _upload(user: User, upload: SimpleUploadedFile) -> Document:
    return document_upload(
        context=AuditContext.for_command(user),
        case_id=case_for(user).pk,
        upload=upload,
        data_category=DataCategory.POLICE,
        scope=Scope.SOURCE,
    )


@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [
        ("brief.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"),
        ("brief.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "application/pdf"),
        ("brief.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 16, "application/pdf"),
        ("foto.png", PDF, "image/png"),
        ("foto.jpg", PNG, "image/jpeg"),
        ("brief.docx", _office("xl/workbook.xml"), DOCX),
        ("brief.docx", _office("iets.xml"), DOCX),
        ("notitie.txt", b"tekst\x00\x01\x02", "text/plain"),
    ],
)
def test_content_that_does_not_match_is_refused(
    bob: User, document_root, name: str, content: bytes, declared: str
) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _upload(bob, SimpleUploadedFile(name, content, declared))
    assert refused.value.message_dict["upload"][0].startswith("This file type is not allowed.")
    assert not Document.objects.exists()
    assert not any(document_root.rglob("*.*"))


@pytest.mark.parametrize(
    ("name", "content", "declared", "stored_type"),
    [
        ("brief.pdf", PDF, "application/pdf", "application/pdf"),
        ("brief.pdf", PDF, "application/octet-stream", "application/pdf"),
        ("foto.jpg", JPEG, "image/jpeg", "image/jpeg"),
        ("brief.docx", _office("word/document.xml"), DOCX, DOCX),
        ("notitie.txt", "Verslag van het overleg: één punt.".encode(), "text/plain", "text/plain"),
        ("notitie.txt", "Verslag: één punt.".encode("cp1252"), "", "text/plain"),
    ],
)
def test_matching_content_is_stored_with_the_sniffed_type(
    bob: User, document_root, name: str, content: bytes, declared: str, stored_type: str
) -> None:
    document = _upload(bob, SimpleUploadedFile(name, content, declared))
    assert document.content_type == stored_type
    assert (document_root / document.file.name).read_bytes() == content


def test_sniffing_reads_the_start_and_puts_the_file_back() -> None:
    handle = io.BytesIO(PDF + b"x" * (uploads.SNIFF_BYTES * 3))
    handle.seek(10)
    assert uploads.sniff(handle) == uploads.PDF
    assert handle.tell() == 0
    long_text = b"a" + ("é" * (uploads.SNIFF_BYTES // 2)).encode()  # cut inside a character
    assert uploads.sniff(io.BytesIO(long_text)) == uploads.TEXT
