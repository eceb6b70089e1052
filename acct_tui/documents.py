"""Word and PDF exports: the plan's Markdown, converted by pandoc.

Most managers read Word or PDF, not Markdown. Rather than a second renderer,
the Markdown that ``acct_tui.export`` renders (every edition, every flavor) is
handed to pandoc, so the three formats can't drift apart:

- Word: ``pandoc -f gfm -t docx`` with ``templates/reference.docx``, a
  reference style made from pandoc's own (``tools/make_reference_docx.py``):
  coloured sans-serif headings, tables with borders and a shaded header row,
  as wide as the page (``templates/table-widths.lua`` sizes the columns).
- PDF: pandoc writes Typst (``templates/plan.typst``: title block, page
  numbers, readable heading sizes, tables with a header row) and the Typst
  compiler from PyPI's ``typst`` package makes the PDF. No LaTeX needed:
  ``pip install acct-tui[documents]`` is the whole set-up.

pandoc is found on PATH, else in the ``pypandoc-binary`` wheel. Every failure
(pandoc or the PDF engine missing, pandoc failing) is a ``DocumentError`` with
one line the CLI and the app show as they are. The file is written like
every export: atomically, 0600 when new, never through a symlink.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from acct_tui.files import write_bytes_atomic

TEMPLATES = Path(__file__).parent / "templates"
REFERENCE_DOCX = TEMPLATES / "reference.docx"
"""Word's styles (headings, tables, body text): pandoc copies them into every DOCX."""
TABLE_WIDTHS = TEMPLATES / "table-widths.lua"
"""A pandoc filter giving Word tables the page's width, shared by their content."""
TYPST_TEMPLATE = TEMPLATES / "plan.typst"
"""The pandoc template that lays out the PDF."""

TYPST_WRITER = (3, 1, 2)
"""The first pandoc that writes Typst; older ones (Debian 12's 2.17) still make Word files."""
TIMEOUT = 120
"""Seconds pandoc may take; a large plan takes about one. A hung pandoc must not hang the export."""

PANDOC_MISSING = (
    "pandoc is not installed: install it (https://pandoc.org) or `pip install pypandoc-binary`; "
    "Markdown, JSON and ICS exports work without it"
)
ENGINE_MISSING = (
    "the PDF engine is not installed: `pip install typst` (or `pip install acct-tui[documents]`); "
    "Markdown, JSON and ICS exports work without it"
)
FORMATS = {"docx": "Word", "pdf": "PDF"}
"""The document formats, by their file suffix, with the name people know them by."""


class DocumentError(Exception):
    """A Word or PDF export could not be made; ``str()`` is one line to show as it is."""


def find_pandoc(minimum: tuple[int, ...] = ()) -> str | None:
    """The pandoc to run: the one on PATH, else the ``pypandoc-binary`` wheel's; None if neither.

    ``minimum``: skip a pandoc older than this version (an old one on PATH
    that can't write Typst, while the wheel's can).
    """
    for candidate in (shutil.which("pandoc"), _wheel_pandoc()):
        if candidate and (not minimum or (pandoc_version(candidate) or ()) >= minimum):
            return candidate
    return None


def _wheel_pandoc() -> str | None:
    """The pandoc binary that ``pip install pypandoc-binary`` ships, or None."""
    try:
        from pypandoc import get_pandoc_path  # type: ignore[import-untyped]

        path = str(get_pandoc_path())
    except (ImportError, OSError):  # not installed, or a pypandoc with no binary
        return None
    return path if Path(path).is_file() else None


def pandoc_version(pandoc: str) -> tuple[int, ...] | None:
    """pandoc's version, from the first line of ``pandoc --version`` ("pandoc 3.9"); None if unknown."""
    try:
        first = _run([pandoc, "--version"], b"").decode("utf-8", "replace").split("\n")[0]
        return tuple(int(part) for part in first.split()[-1].split("."))
    except (DocumentError, ValueError, IndexError):
        return None


def to_docx(markdown: str, out: Path) -> None:
    """Write ``markdown`` as a Word file at ``out``, in the reference style.

    DocumentError if pandoc is missing or fails; OSError if ``out`` can't be written.
    """
    pandoc = find_pandoc()
    if pandoc is None:
        raise DocumentError(PANDOC_MISSING)
    options = ["-t", "docx", f"--reference-doc={REFERENCE_DOCX}", f"--lua-filter={TABLE_WIDTHS}", "-o", "-"]
    docx = _pandoc(pandoc, markdown, options)
    write_bytes_atomic(out, docx)


def to_pdf(markdown: str, out: Path) -> None:
    """Write ``markdown`` as a PDF at ``out``: pandoc writes Typst, the ``typst`` package typesets it.

    DocumentError if pandoc (3.1.2 or newer) or the engine is missing, or
    either fails; OSError if ``out`` can't be written.
    """
    try:
        import typst
    except ImportError:
        raise DocumentError(ENGINE_MISSING) from None
    pandoc = find_pandoc(TYPST_WRITER)
    if pandoc is None:
        too_old = find_pandoc()
        if too_old is None:
            raise DocumentError(PANDOC_MISSING)
        version = ".".join(map(str, pandoc_version(too_old) or ())) or "of unknown version"
        raise DocumentError(
            f"pandoc {version} can't make PDFs (it needs 3.1.2 or newer to write Typst): "
            "`pip install pypandoc-binary`, or update pandoc"
        )
    title = _title(markdown)
    options = ["-t", "typst", f"--template={TYPST_TEMPLATE}", "--metadata", f"pagetitle={title}"]
    source = _pandoc(pandoc, markdown, options)
    with tempfile.TemporaryDirectory(prefix="acct-tui-pdf-") as folder:  # Typst reads nothing outside it
        root = Path(folder)
        (root / "plan.typ").write_bytes(source)
        try:
            pdf = typst.compile(root / "plan.typ", root=root, ignore_system_fonts=True)
        except typst.TypstError as error:
            raise DocumentError(f"the PDF could not be typeset: {_one_line(error.message)}") from None
    if not isinstance(pdf, bytes):
        raise DocumentError("the PDF engine returned no document")
    write_bytes_atomic(out, pdf)


def _title(markdown: str) -> str:
    """The document's title: its first level-1 heading, as plain text (for the PDF's metadata and header)."""
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].replace("\\", "").strip()
    return ""


def _pandoc(pandoc: str, markdown: str, options: list[str]) -> bytes:
    """Run pandoc on ``markdown`` (read as GitHub Markdown, which the exports are) and return its output.

    ``--sandbox``: pandoc reads no file but the ones named here, so a plan
    can never pull a local file (an image path) into the document.
    """
    return _run([pandoc, "--sandbox", "-f", "gfm", *options], markdown.encode("utf-8"))


def _run(command: list[str], stdin: bytes) -> bytes:
    """Run a command, returning its stdout; DocumentError with its first error line if it fails."""
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise DocumentError(f"pandoc took longer than {TIMEOUT} seconds and was stopped") from None
    except OSError as error:
        raise DocumentError(f"pandoc could not be started ({command[0]}): {error.strerror or error}") from None
    if done.returncode != 0:
        reason = _one_line(done.stderr.decode("utf-8", "replace")) or f"exit status {done.returncode}"
        raise DocumentError(f"pandoc failed: {reason}")
    return done.stdout


def _one_line(text: str) -> str:
    """The first non-empty line of a tool's message, whitespace collapsed."""
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())
    return ""
