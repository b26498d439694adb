"""The shared file checks: formula neutralising, zip limits, decoding, error lists cut short."""

import pytest
from django.test import override_settings

from dwgk.files import UnsafeArchive, cell_text, check_zip, cut_errors, decode_text
from dwgk.tests.bombs import bomb_docx, many_members, zip_bytes


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x.example/","y")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]
)
def test_it_prefixes_a_quote_to_text_that_could_start_a_formula(text):
    assert cell_text(text) == "'" + text


@pytest.mark.parametrize("value", ["党务公开", "1+1=2", "", None, 3, -2, 1.5])
def test_it_leaves_other_values_alone(value):
    assert cell_text(value) == value


def test_it_accepts_an_ordinary_docx():
    check_zip(bomb_docx(200_000))  # 200 KB of repeated text: under every limit


def test_it_refuses_a_container_that_unpacks_beyond_the_limit():
    data = bomb_docx(3 * 1024 * 1024)
    with override_settings(DWGK_ZIP_MAX_BYTES=2 * 1024 * 1024, DWGK_ZIP_MAX_RATIO=10_000):
        with pytest.raises(UnsafeArchive, match="解压后过大"):
            check_zip(data)
    with pytest.raises(UnsafeArchive, match="解压后过大"):
        check_zip(data, max_bytes=1024 * 1024)


def test_it_refuses_a_member_compressed_beyond_the_ratio():
    data = zip_bytes({"word/document.xml": b"\x00" * (2 * 1024 * 1024)})
    assert len(data) < 20_000
    with pytest.raises(UnsafeArchive, match="压缩比异常"):
        check_zip(data)


@override_settings(DWGK_ZIP_MAX_MEMBERS=10)
def test_it_refuses_too_many_members():
    check_zip(many_members(5))
    with pytest.raises(UnsafeArchive, match="文件过多"):
        check_zip(many_members(20))


def test_it_refuses_what_is_not_a_zip():
    with pytest.raises(UnsafeArchive, match="不是有效的zip"):
        check_zip(b"PK\x03\x04 broken")


def test_it_decodes_utf8_with_and_without_bom_and_gb18030():
    assert decode_text("党务".encode()) == "党务"
    assert decode_text(b"\xef\xbb\xbf" + "党务".encode()) == "党务"
    assert decode_text("党务".encode("gb18030")) == "党务"
    assert decode_text(b"\xff\xfe\xff") is None


def test_it_lists_fifty_errors_and_counts_the_rest():
    assert cut_errors(["e"] * 50) == ["e"] * 50
    cut = cut_errors([f"e{i}" for i in range(120)])
    assert cut[:50] == [f"e{i}" for i in range(50)]
    assert len(cut) == 51 and "另有70处错误（共120处）" in cut[50]
