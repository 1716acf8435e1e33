"""Hostile PDF: stream bombs however they are dressed (chained or indirect filters, LZW and
run-length, labelled as images, encrypted), lying page counts, loops and deep nesting end in a
ReadError or a report with reader notes, in bounded time and memory."""

from __future__ import annotations

import base64
import hashlib
import struct
import zlib

import pytest

from bounded import read_bounded, read_or_refused, refused

pytest.importorskip("pdfplumber")

from pdfminer.arcfour import Arcfour

import govdisclosure as gd
import pdfdraw as d
from govdisclosure.formats import MAX_INPUT_BYTES
from govdisclosure.formats.pdf import PdfReader
from govdisclosure.formats.pdf._guard import MAX_STREAM_BYTES

_BOMB = r"a compressed stream inflates to more than 67108864 bytes"
_SIZE = MAX_STREAM_BYTES + (8 << 20)


def _page(content: bytes, entries: bytes, *extra: bytes) -> bytes:
    """One page whose content stream (object 4) is ``content`` with dictionary ``entries``."""
    return d.objects_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d %s >>\nstream\n" % (len(content), entries) + content + b"\nendstream",
            *extra,
        ],
        version=b"1.7",
    )


@pytest.fixture(scope="module")
def deflated() -> bytes:
    packer = zlib.compressobj(6)  # 72 MiB in 72 KiB
    chunk = b" " * (1 << 20)
    return b"".join(packer.compress(chunk) for _ in range(_SIZE >> 20)) + packer.flush()


@pytest.mark.parametrize(
    ("entries", "extra"),
    [
        (b"/Filter /FlateDecode", ()),
        (b"/Filter /Fl#61teDecode", ()),
        (b"/Filter 5 0 R", (b"/FlateDecode",)),
        (b"/Filter [5 0 R]", (b"/FlateDecode",)),
        (b"/Padding (" + b"x" * 8000 + b") /Filter /FlateDecode", ()),
    ],
    ids=["plain", "escaped-name", "indirect", "indirect-in-array", "far-from-stream"],
)
def test_stream_bombs_are_refused(deflated: bytes, entries: bytes, extra: tuple[bytes]) -> None:
    refused(read_bounded(PdfReader(), _page(deflated, entries, *extra)), _BOMB, max_mb=48)


def test_a_chained_bomb_is_refused(deflated: bytes) -> None:
    data = base64.a85encode(deflated, adobe=True)[2:]  # pdfminer reads it without the <~
    refused(
        read_bounded(PdfReader(), _page(data, b"/Filter [/ASCII85Decode /FlateDecode]")),
        _BOMB,
        max_mb=96,
    )


def test_a_run_length_bomb_is_refused() -> None:
    data = b"\x81 " * (_SIZE // 128 + 1) + b"\x80"  # each pair: one space, 128 times
    refused(read_bounded(PdfReader(), _page(data, b"/Filter /RunLengthDecode")), _BOMB, max_mb=48)


def test_a_content_stream_labelled_as_an_image_is_measured_before_it_is_decoded(
    deflated: bytes,
) -> None:
    # Images are never decoded, so the byte scan passes them; as page content it is decoded.
    data = _page(deflated, b"/Subtype /Image /Filter /FlateDecode")
    refused(
        read_bounded(PdfReader(), data), r"no page could be read within the size limit", max_mb=48
    )


def _encrypted_page(content: bytes, entries: bytes) -> bytes:
    """A page whose content is RC4-encrypted (standard handler, revision 2) with an empty user
    password: it opens without one, and its streams look like noise to a byte scan."""
    pad = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
    owner = b"\x00" * 32
    ident = b"0123456789abcdef"
    key = hashlib.md5(pad + owner + struct.pack("<i", -4) + ident).digest()[:5]
    user = Arcfour(key).encrypt(pad)
    object_key = hashlib.md5(key + (4).to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()
    encrypted = Arcfour(object_key[:10]).encrypt(content)
    trailer = b"/Encrypt 5 0 R /ID [<%s> <%s>]" % (ident.hex().encode(), ident.hex().encode())
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (
        owner.hex().encode(),
        user.hex().encode(),
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d %s >>\nstream\n" % (len(encrypted), entries) + encrypted + b"\nendstream",
        encrypt,
    ]
    return d.objects_pdf(objects, trailer, version=b"1.7")


def test_an_encrypted_bomb_is_refused(deflated: bytes) -> None:
    data = _encrypted_page(deflated, b"/Filter /FlateDecode")
    refused(read_bounded(PdfReader(), data), rf"object 4: {_BOMB}", max_mb=48)


def test_an_encrypted_page_still_reads() -> None:
    data = _encrypted_page(zlib.compress(d.text_content("2020 Annual Report")), b"/Filter /Fl")
    outcome = read_or_refused(read_bounded(PdfReader(year=2020), data))
    assert "password" not in outcome.message


def test_a_page_count_of_a_billion_is_refused_before_the_tree_is_walked() -> None:
    data = _page(d.text_content("x"), b"").replace(b"/Count 1", b"/Count 1000000000")
    refused(read_bounded(PdfReader(), data), r"the PDF has 1000000000 pages or more")


def test_a_page_tree_that_loops_ends() -> None:
    data = _page(d.text_content("x"), b"").replace(b"/Kids [3 0 R]", b"/Kids [3 0 R 2 0 R]")
    read_or_refused(read_bounded(PdfReader(year=2020), data))


@pytest.mark.parametrize(
    "body", [b"[" * 100_000, b"<<" * 50_000, b"1 0 R"], ids=["arrays", "dicts", "self-reference"]
)
def test_deep_or_circular_objects_end(body: bytes) -> None:
    data = _page(d.text_content("x"), b"/Extra 5 0 R", body)
    read_or_refused(read_bounded(PdfReader(year=2020), data))


def test_a_pdf_over_the_limit_is_refused_before_opening() -> None:
    data = b"%PDF-1.7\n" + bytes(MAX_INPUT_BYTES)
    outcome = refused(
        read_bounded(PdfReader(), data),
        rf"the input is {len(data)} bytes, more than the limit of {MAX_INPUT_BYTES}",
    )
    assert outcome.seconds < 0.5


@pytest.mark.parametrize("cut", [0.1, 0.3, 0.6, 0.95])
def test_truncated_reports_are_read_or_refused(cut: float) -> None:
    from support import sample_report

    data = d.report_pdf(sample_report())
    read_or_refused(read_bounded(PdfReader(), data[: int(len(data) * cut)]))


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_bytes must be a positive int"):
        PdfReader(max_bytes=0)
    with pytest.raises(gd.ReadError, match="more than the limit of 10 "):
        PdfReader(max_bytes=10).loads(b"%PDF-1.7\n" + b" " * 10)
