#!/usr/bin/env python3
"""make_fixture_pdfs.py - writes the small PDF and text fixtures of the
extract tests, and the shipped sample PDF, by hand (standard library only).

The PDFs use a non-embedded CID font (STSong-Light, Adobe-GB1, encoding
UniGB-UCS2-H) that every PDF reader must provide; poppler maps it to Unicode
with poppler-data.  All sentences are invented for these fixtures.

Usage: tools/make_fixture_pdfs.py [REPO_ROOT]
Writes samples/sample_final_accounts.pdf and tests/fixtures/*; the
encrypted fixture needs `qpdf` on PATH.  The committed files are what the
tests use; this script only documents and reproduces them.
"""
import os
import subprocess
import sys

PAGE_WIDTH = 595  # A4, points
PAGE_HEIGHT = 842
MARGIN_LEFT = 72
MARGIN_TOP = 90
BODY_SIZE = 12
LINE_HEIGHT = 22
LINE_WIDTH = PAGE_WIDTH - 2 * MARGIN_LEFT
LINES_PER_PAGE = 14

UNIT = "示例区文化馆"
TITLE = UNIT + "2024年度部门决算"

# Paragraphs of the sample final accounts, in reading order.  A paragraph
# that starts with "#" is a heading (written in a larger size).
PARAGRAPHS = [
    "#" + TITLE,
    "第一部分 部门概况",
    "一、主要职能",
    UNIT + "负责组织全区群众文化活动，辅导基层文艺团队，"
    "开展公益性艺术培训，保护和传承本区非物质文化遗产。",
    "第二部分 2024年度部门决算情况说明",
    "一、收入支出决算总体情况说明",
    "2024年度收、支总计均为1,234.56万元。与2023年度相比，收、支总计各增加12.3万元，"
    "增长1%。主要原因是公益性艺术培训班次有所增加。",
    "二、收入决算情况说明",
    "本年收入合计1,200.5万元，其中：财政拨款收入1,180.5万元，占98.3%；"
    "其他收入20万元，占1.7%。",
    "三、支出决算情况说明",
    "本年支出合计1,210.06万元，其中：基本支出900.06万元，占74.4%；"
    "项目支出310万元，占25.6%。",
    "四、一般公共预算财政拨款支出决算情况说明",
    "一般公共服务支出(类)政府办公厅(室)及相关机构事务(款)行政运行(项)。"
    "年初预算为100万元，支出决算为98万元，完成年初预算的98%。",
    "文化旅游体育与传媒支出(类)文化和旅游(款)群众文化(项)。年初预算为500万元，"
    "支出决算为480万元，完成年初预算的96%。主要原因是部分讲座改为线上举办，"
    "节约了场地租赁费用。",
    "五、财政拨款“三公”经费支出决算情况说明",
    "“三公”经费财政拨款支出全年预算为2万元，支出决算为1.5万元，完成全年预算的75%。"
    "其中：公务接待费支出决算为0.5万元；公务用车运行维护费支出决算为1万元。",
    "六、机关运行经费支出说明",
    "2024年度本部门机关运行经费支出10.2万元，比年初预算数减少0.8万元，降低7.3%。",
    "七、政府采购支出说明",
    "2024年度政府采购支出总额25万元，其中：政府采购货物支出5万元、"
    "政府采购服务支出20万元。",
    "八、国有资产占用情况说明",
    "截至2024年12月31日，本部门共有车辆1辆，其中：其他用车1辆。",
    "第三部分 名词解释",
    "机关运行经费：指为保障行政单位运行用于购买货物和服务等的各项资金。",
]


def char_width(character, size):
    """Advance of one character: half an em for ASCII, a full em otherwise."""
    return size * (0.5 if ord(character) < 0x80 else 1.0)


NO_LINE_START = "，。、；：）)%！？”"


def is_word_character(character):
    return character.isascii() and (character.isalnum() or character in ".,%")


def wrap(text, size, width):
    """Splits text into lines no wider than width, as a word processor does:
    a run of ASCII letters/digits ("1,234.56", "75%") stays on one line and
    closing punctuation never starts a line (it may overhang the margin)."""
    units = []  # unbreakable pieces
    for character in text:
        if units and ((is_word_character(character) and is_word_character(units[-1][-1]))
                      or character in NO_LINE_START):
            units[-1] += character
        else:
            units.append(character)
    lines, current, used = [], "", 0.0
    for unit in units:
        advance = sum(char_width(character, size) for character in unit)
        if used + advance > width and current and unit[0] not in NO_LINE_START:
            lines.append(current)
            current, used = "", 0.0
        current += unit
        used += advance
    if current:
        lines.append(current)
    return lines


def ucs2_hex(text):
    """The hex string of text in UCS-2 big endian (UniGB-UCS2-H codes)."""
    data = text.encode("utf-16-be")
    if len(data) != 2 * len(text):
        raise ValueError("only BMP characters can be written: " + text)
    return data.hex().upper()


def text_operator(x, y, size, text):
    return "BT /F1 %d Tf %.2f %.2f Td <%s> Tj ET\n" % (size, x, y, ucs2_hex(text))


def layout_pages(paragraphs):
    """Wraps the paragraphs and cuts them into pages of LINES_PER_PAGE
    lines.  Returns a list of pages, each a list of (size, text)."""
    lines = []
    for paragraph in paragraphs:
        size = BODY_SIZE
        if paragraph.startswith("#"):
            paragraph, size = paragraph[1:], 16
        for line in wrap(paragraph, size, LINE_WIDTH):
            lines.append((size, line))
    return [lines[i:i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]


def page_content(lines, number):
    """Content stream of one page: running header, body lines, page number."""
    parts = [text_operator(MARGIN_LEFT, PAGE_HEIGHT - 50, 9, TITLE)]
    parts.append("0.5 w %d %d m %d %d l S\n" % (MARGIN_LEFT, PAGE_HEIGHT - 56,
                                                PAGE_WIDTH - MARGIN_LEFT, PAGE_HEIGHT - 56))
    y = PAGE_HEIGHT - MARGIN_TOP
    for size, text in lines:
        parts.append(text_operator(MARGIN_LEFT, y, size, text))
        y -= LINE_HEIGHT
    footer = "- %d -" % number
    parts.append(text_operator((PAGE_WIDTH - len(footer) * 4.5) / 2, 40, 9, footer))
    return "".join(parts).encode("ascii")


FONT_OBJECTS = [
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
    b" /DescendantFonts [FONT_CID] >>",
    b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
    b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>"
    b" /FontDescriptor FONT_DESCRIPTOR /DW 1000 /W [1 95 500] >>",
    b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6"
    b" /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120"
    b" /CapHeight 880 /StemV 93 >>",
]


def write_pdf(path, contents, with_font=True):
    """Writes a PDF whose pages have the given content streams (bytes)."""
    objects = []  # bodies; object number = index + 1

    def add(body):
        objects.append(body)
        return len(objects)

    catalog = add(None)
    pages = add(None)
    font = cid = descriptor = 0
    if with_font:
        font = add(None)
        cid = add(None)
        descriptor = add(FONT_OBJECTS[2])
        objects[font - 1] = FONT_OBJECTS[0].replace(b"FONT_CID", b"%d 0 R" % cid)
        objects[cid - 1] = FONT_OBJECTS[1].replace(b"FONT_DESCRIPTOR", b"%d 0 R" % descriptor)
    kids = []
    for content in contents:
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        resources = b"<< /Font << /F1 %d 0 R >> >>" % font if with_font else b"<< >>"
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d]"
                        b" /Resources %s /Contents %d 0 R >>"
                        % (pages, PAGE_WIDTH, PAGE_HEIGHT, resources, stream)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
    objects[pages - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids), len(kids))
    info = add(b"<< /Producer (cnfiscal tools/make_fixture_pdfs.py) >>")

    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        output += b"%010d 00000 n \n" % offset
    output += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, info, xref)
    with open(path, "wb") as handle:
        handle.write(output)
    return bytes(output)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    samples = os.path.join(root, "samples")
    fixtures = os.path.join(root, "tests", "fixtures")
    os.makedirs(samples, exist_ok=True)
    os.makedirs(fixtures, exist_ok=True)

    pages = layout_pages(PARAGRAPHS)
    contents = [page_content(lines, number) for number, lines in enumerate(pages, start=1)]
    sample_path = os.path.join(samples, "sample_final_accounts.pdf")
    sample = write_pdf(sample_path, contents)

    with open(os.path.join(fixtures, "truncated.pdf"), "wb") as handle:
        handle.write(sample[:len(sample) // 2])
    with open(os.path.join(fixtures, "not_a_pdf.pdf"), "wb") as handle:
        handle.write("这不是PDF文件，只是一段说明文字。\nThis is plain text.\n".encode("utf-8"))
    write_pdf(os.path.join(fixtures, "blank.pdf"),
              [b"0.8 g 100 500 300 200 re f 0 G 2 w 100 300 m 400 300 l S\n"], with_font=False)
    subprocess.run(["qpdf", "--encrypt", "user", "owner", "256", "--", sample_path,
                    os.path.join(fixtures, "encrypted.pdf")], check=True)

    text_fixtures = {
        "pages_form_feed.txt": "第一页：收入总计为10万元。\n\f第二页\n\f第三页：合计5万元。\n\f",
        "crlf_bom.txt": "\ufeff第一行\r\n第二行\r\n\r\n第三行\r旧式换行\r\n",
        "invalid_utf8.txt": None,
    }
    for name, text in text_fixtures.items():
        if text is None:
            data = "有效的开头".encode("utf-8") + b"\xff\xfe" + "后面".encode("utf-8")
        else:
            data = text.encode("utf-8")
        with open(os.path.join(fixtures, name), "wb") as handle:
            handle.write(data)


if __name__ == "__main__":
    main()
