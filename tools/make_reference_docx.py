"""Make acct_tui/templates/reference.docx: pandoc's default Word styles, adjusted to look like a business document.

pandoc copies the styles of a "reference doc" into every DOCX it writes. This
takes pandoc's own (``pandoc -o ref.docx --print-default-data-file
reference.docx``) and changes, with python-docx:

- body text: Calibri 10.5 pt, a little space after each paragraph;
- headings: Calibri, bold, dark blue, sizes stepping down from the title
  (level 1) to the initiative (level 5), never smaller than the body text;
- tables (pandoc's "Table" style): a grid of thin grey borders, a shaded,
  bold header row, cells padded.

Run it again after changing it, and commit the result:

    .venv/bin/python tools/make_reference_docx.py   # needs pandoc and python-docx
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt, RGBColor

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from acct_tui.documents import REFERENCE_DOCX, find_pandoc  # noqa: E402

ACCENT = RGBColor(0x1F, 0x38, 0x64)
"""Dark blue: headings and the table header's text."""
FONT = "Calibri"
HEADINGS = {1: 20, 2: 15, 3: 13, 4: 11.5, 5: 10.5, 6: 10.5}
"""Points per heading level: the initiative (5) stays as large as the body, unlike pandoc's default."""
BORDER = "9AA5B8"
HEADER_FILL = "DCE3EF"


def main() -> None:
    pandoc = find_pandoc()
    if pandoc is None:
        sys.exit("pandoc is needed: pip install pypandoc-binary")
    with tempfile.TemporaryDirectory() as folder:
        default = Path(folder) / "default.docx"
        subprocess.run([pandoc, "-o", str(default), "--print-default-data-file", "reference.docx"], check=True)
        document = Document(str(default))
    styles = document.styles
    body = styles["Normal"]
    body.font.name = FONT
    body.font.size = Pt(10.5)
    _set_east_asian_font(body.element, FONT)
    for name in ("Body Text", "First Paragraph", "Compact"):
        styles[name].paragraph_format.space_after = Pt(4 if name == "Compact" else 6)
    for level, size in HEADINGS.items():
        heading = styles[f"Heading {level}"]
        heading.font.name = FONT
        heading.font.size = Pt(size)
        heading.font.bold = level != 6
        heading.font.italic = level == 5
        heading.font.color.rgb = ACCENT
        heading.paragraph_format.space_before = Pt(16 if level <= 2 else 10)
        heading.paragraph_format.space_after = Pt(4)
        heading.paragraph_format.keep_with_next = True
        _set_east_asian_font(heading.element, FONT)
    title = styles["Title"]
    title.font.name = FONT
    title.font.color.rgb = ACCENT
    _style_table(styles["Table"].element)
    assert styles["Table"].type == WD_STYLE_TYPE.TABLE
    document.save(str(REFERENCE_DOCX))
    print(f"wrote {REFERENCE_DOCX.relative_to(REPO)}")


def _set_east_asian_font(style_element: BaseOxmlElement, font: str) -> None:
    """Set the font for every script (python-docx sets only ascii/hAnsi)."""
    rpr = style_element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), font)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def _style_table(style: BaseOxmlElement) -> None:
    """Borders on every cell, padding, and a shaded bold header row (pandoc marks it as the first row)."""
    tbl_pr = _child(style, "w:tblPr")
    margins = _replace(tbl_pr, "w:tblCellMar")
    for edge, twips in (("top", "40"), ("left", "90"), ("bottom", "40"), ("right", "90")):
        margins.append(_element(f"w:{edge}", w=twips, type="dxa"))
    borders = OxmlElement("w:tblBorders")  # before tblCellMar, as the schema orders them
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{edge}", val="single", sz="4", space="0", color=BORDER))
    margins.addprevious(borders)
    for old in style.findall(qn("w:tblStylePr")):
        if old.get(qn("w:type")) == "firstRow":
            style.remove(old)
    first_row = _element("w:tblStylePr", type="firstRow")
    run = OxmlElement("w:rPr")
    run.append(OxmlElement("w:b"))
    run.append(_element("w:color", val=str(ACCENT)))
    first_row.append(run)
    cell = OxmlElement("w:tcPr")
    cell_borders = OxmlElement("w:tcBorders")
    cell_borders.append(_element("w:bottom", val="single", sz="8", space="0", color=str(ACCENT)))
    cell.append(cell_borders)
    cell.append(_element("w:shd", val="clear", color="auto", fill=HEADER_FILL))
    cell.append(_element("w:vAlign", val="bottom"))
    first_row.append(cell)
    style.append(first_row)


def _element(tag: str, **attributes: str) -> BaseOxmlElement:
    """``<tag w:key="value" ...>``."""
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _child(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """The first ``tag`` child of ``parent``, made if missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def _replace(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """A fresh, empty ``tag`` child of ``parent`` in place of any old one."""
    old = parent.find(qn(tag))
    new = OxmlElement(tag)
    if old is None:
        parent.append(new)
    else:
        old.addnext(new)
        parent.remove(old)
    return new


if __name__ == "__main__":
    main()
