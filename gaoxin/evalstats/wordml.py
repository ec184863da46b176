"""A Word document of headings, paragraphs and tables, written as WordprocessingML text.

python-docx builds every table cell through its XML object model (an XPath search per child
added): the monthly report's ~80 rows took 150 ms. Here the document's body is written as text,
the very markup python-docx writes for `add_heading`, `add_paragraph` and `add_table` with the
"Table Grid" style, and put into python-docx's own default package (its styles, theme, settings),
which is read once per process and copied without recompressing its parts.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from xml.sax.saxutils import escape

DOCUMENT = "word/document.xml"
TEXT_WIDTH = 8640  # twips between the default template's margins, shared equally by a table's columns


@cache
def _package() -> tuple[bytes, str, str]:
    """(the default package without its document part, the document part's text before and after
    the body's content)."""
    from docx import Document

    blank = io.BytesIO()
    Document().save(blank)
    out = io.BytesIO()
    with zipfile.ZipFile(blank) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == DOCUMENT:
                document = src.read(info).decode()
            else:
                dst.writestr(info, src.read(info))
    body = document.index("<w:body>") + len("<w:body>")
    sect = document.index("<w:sectPr", body)  # the section properties close the body
    return out.getvalue(), document[:body], document[sect:]


def _text(value: str) -> str:
    """A run of text, as python-docx writes it (tabs and line breaks as their own elements)."""
    if not value:
        return ""
    parts = []
    for i, line in enumerate(value.split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if chunk:
                space = ' xml:space="preserve"' if chunk != chunk.strip() else ""
                parts.append(f"<w:t{space}>{escape(chunk)}</w:t>")
    return f"<w:r>{''.join(parts)}</w:r>"


class WordDocument:
    """Headings, paragraphs and tables in order; `bytes()` gives the .docx file."""

    def __init__(self) -> None:
        self._body: list[str] = []

    def heading(self, text: str, level: int = 1) -> None:
        style = "Title" if level == 0 else f"Heading{level}"
        self._body.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{_text(text)}</w:p>')

    def paragraph(self, text: str) -> None:
        self._body.append(f"<w:p>{_text(text)}</w:p>")

    def table(self, rows: list[list[str]], cols: int) -> None:
        """A "Table Grid" table of `cols` equal columns; each row a list of cell texts."""
        width = TEXT_WIDTH // cols
        cell = f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p>{{}}</w:p></w:tc>'
        out = [
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>'
            '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
            'w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>',
            f'<w:gridCol w:w="{width}"/>' * cols,
            "</w:tblGrid>",
        ]
        for row in rows:
            out.append("<w:tr>")
            out.extend(cell.format(_text(value) or "<w:r/>") for value in row)  # python-docx: an empty run
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self._body.append("".join(out))

    def __bytes__(self) -> bytes:
        package, head, tail = _package()
        out = io.BytesIO(package)
        out.seek(0, io.SEEK_END)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as z:  # the other parts are not recompressed
            z.writestr(DOCUMENT, head + "".join(self._body) + tail)
        return out.getvalue()
