"""Hostile DOCX: zip bombs, zip-slip names, nested zips, missing and corrupt parts, encrypted
and macro-enabled documents all end in a clear ReadError, in bounded time and memory
(``DocxReader`` used directly, as an embedding system would)."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable

import pytest

import govdisclosure as gd
from bounded import billion_laughs, read_bounded, read_or_refused, refused, run_bounded
from govdisclosure.formats import MAX_INPUT_BYTES
from govdisclosure.formats.word import DocxReader, DocxWriter, read_source_document
from govdisclosure.formats.word._package import MAX_PART_BYTES, MAX_PARTS

_MAIN = "word/document.xml"


@pytest.fixture(scope="module")
def docx() -> bytes:
    from support import sample_report

    return DocxWriter().dumps(sample_report())


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def _zip(
    members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED, **changes: object
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as package:
        for name, content in members.items():
            package.writestr(name, content)
    return buffer.getvalue()


def _replace(data: bytes, name: str, content: bytes | None, **more: bytes) -> bytes:
    members = _members(data)
    if content is None:
        del members[name]
    else:
        members[name] = content
    members.update(more)
    return _zip(members)


def _zeros(size: int) -> bytes:
    """``size`` (whole MiB) zero bytes, deflated (raw deflate, as zip stores them)."""
    packer = zlib.compressobj(1, zlib.DEFLATED, -15)
    chunk = bytes(1 << 20)
    out = [packer.compress(chunk) for _ in range(size >> 20)]
    return b"".join([*out, packer.flush()])


def _zeros_crc(size: int) -> int:
    crc = 0
    chunk = bytes(1 << 20)
    for _ in range(size >> 20):
        crc = zlib.crc32(chunk, crc)
    return crc


def _stored_deflate(name: str, deflated: bytes, size: int, declared: int, crc: int = 0) -> bytes:
    """A zip of one deflated member written byte by byte: ``declared`` is what the headers say
    it unpacks to (``size`` is what it does)."""
    encoded = name.encode()
    local = struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(deflated), declared, len(encoded), 0
    )
    central = struct.pack(
        "<4s6H3L5H2L",
        b"PK\x01\x02",
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        len(deflated),
        declared,
        len(encoded),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    body = local + encoded + deflated
    directory = central + encoded
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end


@pytest.fixture(scope="module")
def deflated_zeros() -> tuple[bytes, int]:
    size = MAX_PART_BYTES + (16 << 20)
    return _zeros(size), size


# -- zip bombs ---------------------------------------------------------------------------------


def test_a_bomb_that_says_its_size_is_refused_before_inflating(
    deflated_zeros: tuple[bytes, int],
) -> None:
    deflated, size = deflated_zeros
    data = _stored_deflate(_MAIN, deflated, size, declared=size)
    refused(
        read_bounded(DocxReader(), data),
        rf"attack: {_MAIN}: the part unpacks to {size} bytes, more than the limit of"
        rf" {MAX_PART_BYTES} bytes \(a damaged file or a zip bomb\)",
        max_mb=16,
    )


def test_a_bomb_that_lies_about_its_size_is_stopped_at_the_size_it_states(
    deflated_zeros: tuple[bytes, int],
) -> None:
    # zipfile never inflates past the size the directory states; the data then fails its CRC.
    deflated, size = deflated_zeros
    data = _stored_deflate(_MAIN, deflated, size, declared=1000)
    refused(read_bounded(DocxReader(), data), rf"{_MAIN}: cannot unpack: Bad CRC-32", max_mb=16)


def test_a_bomb_under_the_size_limit_is_stopped_by_its_ratio() -> None:
    size = 8 << 20
    deflated = _zeros(size)
    data = _stored_deflate(_MAIN, deflated, size, declared=size, crc=_zeros_crc(size))
    refused(
        read_bounded(DocxReader(), data),
        rf"{_MAIN}: the part unpacks to more than 100 times its compressed size of"
        rf" {len(deflated)} bytes \(a zip bomb\?\); raise max_compression_ratio",
        max_mb=16,
    )
    # With the ratio check off, the part is unpacked (within the size limit) and refused as XML.
    refused(
        read_bounded(DocxReader(max_compression_ratio=10**9), data),
        rf"{_MAIN}: not well-formed XML",
        max_mb=2 * size / 2**20 + 32,
    )


def test_a_highly_compressed_part_is_refused_unless_allowed(docx: bytes) -> None:
    filler = b'<w:bookmarkEnd w:id="0"/>' * 60_000  # 1.5 MB that deflates some 500 times
    main = _members(docx)[_MAIN].replace(b"<w:body>", b"<w:body>" + filler, 1)
    data = _replace(docx, _MAIN, main)
    refused(read_bounded(DocxReader(), data), r"more than 100 times its compressed size")
    outcome = read_or_refused(read_bounded(DocxReader(max_compression_ratio=1000), data))
    assert outcome.kind == "report"


def test_a_bomb_among_the_embeddings_is_never_unpacked(
    docx: bytes, deflated_zeros: tuple[bytes, int]
) -> None:
    # Real reports embed spreadsheets; the reader opens only the parts it reads.
    deflated, size = deflated_zeros
    bomb = _stored_deflate("sheet.bin", deflated, size, declared=size)
    data = _replace(docx, _MAIN, _members(docx)[_MAIN], **{"word/embeddings/a.docx": bomb})
    outcome = read_or_refused(read_bounded(DocxReader(), data))
    assert outcome.kind == "report"
    assert outcome.peak_mb < 64


# -- the zip directory -------------------------------------------------------------------------


def test_too_many_entries_are_refused_before_the_directory_is_read() -> None:
    members = {f"{i:x}": b"" for i in range(MAX_PARTS + 1)}
    data = _zip(members, zipfile.ZIP_STORED)
    refused(
        read_bounded(DocxReader(), data),
        rf"attack: the package has {MAX_PARTS + 1} entries or more, over the limit of"
        rf" {MAX_PARTS} \(a zip bomb or a damaged file\); raise max_parts",
        max_mb=8,
    )
    outcome = read_or_refused(read_bounded(DocxReader(max_parts=MAX_PARTS + 1), data))
    assert "no main document part" in outcome.message


def test_a_directory_larger_than_its_entries_need_is_refused(docx: bytes) -> None:
    # The end record says the directory is 2 GB: zipfile would try to read it all.
    at = docx.rindex(b"PK\x05\x06")
    data = docx[: at + 12] + struct.pack("<L", 2**31) + docx[at + 16 :]
    refused(read_bounded(DocxReader(), data), r"entries or more, over the limit of")


def test_a_zip64_record_that_is_not_there_is_refused(docx: bytes) -> None:
    at = docx.rindex(b"PK\x05\x06")
    data = docx[: at + 10] + struct.pack("<H", 0xFFFF) + docx[at + 12 :]
    refused(read_bounded(DocxReader(), data), r"not a DOCX: a damaged ZIP64 directory record")


@pytest.mark.parametrize(
    "name",
    ["../../evil.xml", "word/../../evil.xml", "..\\..\\evil.xml", "C:/evil.xml", "//host/x"],
)
def test_zip_slip_names_are_refused(docx: bytes, name: str) -> None:
    data = _replace(docx, _MAIN, _members(docx)[_MAIN], **{name: b"x"})
    refused(
        read_bounded(DocxReader(), data),
        rf"attack: the package has an entry named {re.escape(repr(name))}, a path that points"
        r" outside the package \(a zip-slip attack",
    )


# -- nested zips, missing and corrupt parts ------------------------------------------------------


def test_a_zipped_docx_says_to_unpack_it(docx: bytes) -> None:
    data = _zip({"报告.docx": docx})
    refused(
        read_bounded(DocxReader(), data),
        r"no main document part \(word/document\.xml\)\. It holds another package"
        r" \(报告\.docx\): unpack that one",
    )


def test_a_main_document_that_is_a_zip_is_refused(docx: bytes) -> None:
    refused(
        read_bounded(DocxReader(), _replace(docx, _MAIN, docx)),
        rf"{_MAIN}: the part is a zip package itself \(a nested zip\), not XML",
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: _replace(d, _MAIN, None), r"no main document part \(word/document\.xml\)"),
        (
            lambda d: _replace(d, "_rels/.rels", _members(d)["_rels/.rels"].replace(
                b"word/document.xml", b"word/missing.xml"
            )),
            r"no main document part \(word/missing\.xml\)",
        ),
        (lambda d: _replace(d, _MAIN, b""), rf"{_MAIN}: not well-formed XML"),
        (lambda d: _replace(d, _MAIN, b"<w:document/>"), r"not well-formed XML"),
        (
            lambda d: _replace(d, _MAIN, b'<document xmlns="x"/>'),
            r"the main document has no body",
        ),
        (lambda d: _replace(d, _MAIN, billion_laughs()), r"DTD\) is refused"),
        (lambda d: _replace(d, "_rels/.rels", b"\xff\xfe"), r"_rels/\.rels: not well-formed"),
        (lambda d: d[: len(d) // 2], r"not a DOCX: not a readable zip package"),
        (lambda d: b"", r"not a DOCX: the input is empty"),
    ],
    ids=[
        "no-main", "rels-to-nowhere", "empty-main", "undeclared-prefix", "no-body",
        "billion-laughs", "binary-rels", "truncated", "empty",
    ],
)  # fmt: skip
def test_missing_and_corrupt_parts_are_refused(
    docx: bytes, change: Callable[[bytes], bytes], message: str
) -> None:
    refused(read_bounded(DocxReader(), change(docx)), message, max_mb=64)


def test_a_corrupt_crc_is_refused(docx: bytes) -> None:
    members = _members(docx)
    data = _zip(members, zipfile.ZIP_STORED)
    at = data.index(b"<w:body>") + 10
    flipped = data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1 :]
    refused(read_bounded(DocxReader(), flipped), rf"{_MAIN}: cannot unpack: Bad CRC-32")


def test_damaged_deflate_data_is_refused(docx: bytes) -> None:
    deflated = zlib.compress(_members(docx)[_MAIN])[2:-4]
    data = _stored_deflate(_MAIN, deflated[: len(deflated) // 2] + b"\xff" * 64, 10**6, 10**6)
    refused(read_bounded(DocxReader(), data), rf"{_MAIN}: cannot unpack")


# -- encrypted, legacy and macro-enabled documents -------------------------------------------

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_a_password_protected_document_is_refused() -> None:
    data = _CFB + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(1024)
    refused(
        read_bounded(DocxReader(), data),
        r"not a DOCX: the file is password-protected \(an encrypted Office file\)",
    )


def test_a_legacy_word_document_is_refused() -> None:
    refused(
        read_bounded(DocxReader(), _CFB + bytes(4096)),
        r"is an OLE compound file \(a Word 97–2003 \.doc",
    )


def test_an_encrypted_zip_entry_is_refused(docx: bytes) -> None:
    data = bytearray(_zip(_members(docx), zipfile.ZIP_STORED))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        for match in re.finditer(re.escape(signature), bytes(data)):
            data[match.start() + offset] |= 0x1
    refused(read_bounded(DocxReader(), bytes(data)), r"the part is encrypted")


@pytest.mark.parametrize("how", ["vba-part", "content-type"])
def test_a_macro_enabled_document_is_refused(docx: bytes, how: str) -> None:
    members = _members(docx)
    if how == "vba-part":
        members["word/vbaProject.bin"] = _CFB + bytes(512)
    else:
        members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
            b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
        )
        assert b"macroEnabled" in members["[Content_Types].xml"]
    data = _zip(members)
    refused(
        read_bounded(DocxReader(), data),
        r"attack: word/document\.xml: a macro-enabled Word document \(\.docm or \.dotm,"
        r" whatever its name says\) is refused",
    )
    outcome = read_or_refused(read_bounded(DocxReader(allow_macros=True), data))
    assert outcome.kind == "report"
    with pytest.raises(gd.ReadError, match="macro-enabled"):
        gd.loads(data, "docx")


# -- structure inside the main document --------------------------------------------------------


def test_deeply_nested_content_controls_end(docx: bytes) -> None:
    main = _members(docx)[_MAIN]
    depth = 240
    opened = b"<w:sdt><w:sdtContent>" * depth
    closed = b"</w:sdtContent></w:sdt>" * depth
    start = main.index(b"<w:body>") + len(b"<w:body>")
    end = main.index(b"<w:sectPr")
    nested = main[:start] + opened + main[start:end] + closed + main[end:]
    read_or_refused(read_bounded(DocxReader(), _replace(docx, _MAIN, nested)))


def test_deeply_nested_tables_end(docx: bytes) -> None:
    main = _members(docx)[_MAIN]
    depth = 80
    opened = b"<w:tbl><w:tr><w:tc>" * depth
    closed = b"<w:p/></w:tc></w:tr></w:tbl>" * depth
    at = main.index(b"<w:sectPr")
    nested = main[:at] + opened + closed + b"<w:p/>" + main[at:]
    read_or_refused(read_bounded(DocxReader(), _replace(docx, _MAIN, nested)))


def test_huge_spans_are_clipped_or_refused(docx: bytes) -> None:
    main = _members(docx)[_MAIN]
    spanned = re.sub(rb'<w:gridSpan w:val="\d+"/>', b'<w:gridSpan w:val="999999999"/>', main)
    spanned = spanned.replace(b"<w:tcPr>", b'<w:tcPr><w:vMerge w:val="restart"/>', 50)
    read_or_refused(read_bounded(DocxReader(), _replace(docx, _MAIN, spanned)))


# -- limits --------------------------------------------------------------------------------------


def test_a_package_over_the_limit_is_refused_before_opening() -> None:
    data = b"PK\x03\x04" + bytes(MAX_INPUT_BYTES)
    outcome = refused(
        read_bounded(DocxReader(), data),
        rf"the input is {len(data)} bytes, more than the limit of {MAX_INPUT_BYTES}",
    )
    assert outcome.seconds < 0.5


@pytest.mark.parametrize(
    "option",
    ["max_bytes", "max_part_bytes", "max_total_bytes", "max_parts", "max_compression_ratio"],
)
def test_limits_must_be_positive_whole_numbers(option: str) -> None:
    with pytest.raises(ValueError, match=f"{option} must be a whole number ≥ 1, got 0"):
        DocxReader(**{option: 0})


def test_read_source_document_is_guarded_too(docx: bytes) -> None:
    with pytest.raises(gd.ReadError, match="not a readable zip"):
        read_source_document(b"PK\x03\x04junk", source="x.docx")
    assert run_bounded(lambda: read_source_document(docx)).kind == "report"
