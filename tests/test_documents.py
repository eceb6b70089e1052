"""Word and PDF exports (acct_tui.documents): the sample plan as a business document.

The DOCX is opened with python-docx and the PDF read with pypdf, so these
check what a reader gets, not what we asked pandoc for. Tests that need
pandoc (or the Typst engine) skip with the reason when it is not installed;
the test extra installs both (pypandoc-binary, typst), so CI runs them.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from acct_tui import documents
from acct_tui.documents import PANDOC_MISSING, DocumentError, find_pandoc, to_docx, to_pdf
from acct_tui.export import front_matter, render, with_front_matter
from acct_tui.sample import sample_plan

needs_pandoc = pytest.mark.skipif(find_pandoc() is None, reason="pandoc is not installed (pip install pypandoc-binary)")
needs_typst_pandoc = pytest.mark.skipif(
    find_pandoc(documents.TYPST_WRITER) is None, reason="no pandoc 3.1.2+ to write Typst (pip install pypandoc-binary)"
)
try:
    import typst  # noqa: F401

    HAS_TYPST = True
except ImportError:
    HAS_TYPST = False
needs_engine = pytest.mark.skipif(not HAS_TYPST, reason="the Typst engine is not installed (pip install typst)")


@pytest.fixture(scope="module")
def plan_markdown() -> str:
    return render(sample_plan(), "internal")


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory: pytest.TempPathFactory, plan_markdown: str) -> Path:
    if find_pandoc() is None:
        pytest.skip("pandoc is not installed (pip install pypandoc-binary)")
    out = tmp_path_factory.mktemp("docx") / "plan.docx"
    to_docx(plan_markdown, out)
    return out


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory: pytest.TempPathFactory, plan_markdown: str) -> Path:
    if find_pandoc(documents.TYPST_WRITER) is None or not HAS_TYPST:
        pytest.skip("pandoc 3.1.2+ and the Typst engine are needed (pip install pypandoc-binary typst)")
    out = tmp_path_factory.mktemp("pdf") / "plan.pdf"
    to_pdf(plan_markdown, out)
    return out


# --- Word ---------------------------------------------------------------------


def test_docx_headings_keep_their_levels(docx_file: Path) -> None:
    docx = pytest.importorskip("docx")
    headings = [
        (int(p.style.name.split()[-1]), p.text)
        for p in docx.Document(str(docx_file)).paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert headings[0] == (1, "Northwind Health — Account plan")
    assert (2, "Goals") in headings and (2, "Reporting") in headings
    assert (3, "Goal 1: Grow revenue in the account by 10% this fiscal year") in headings
    assert any(level == 4 and text.startswith("Strategy 1.1:") for level, text in headings)
    assert max(level for level, _ in headings) == 4  # initiatives are bold lines, not tiny H5s
    paragraphs = [p.text for p in docx.Document(str(docx_file)).paragraphs]
    assert any(text.startswith("Initiative 1.1.1:") for text in paragraphs)


def test_docx_has_the_reporting_table(docx_file: Path) -> None:
    docx = pytest.importorskip("docx")
    tables = docx.Document(str(docx_file)).tables
    headers = [[cell.text for cell in table.rows[0].cells] for table in tables]
    columns = ["Metric", "Progress", "Baseline", "Target", "Current", "Unit", "Goal"]
    assert columns in headers
    reporting = tables[headers.index(columns)]
    assert "Patient no-show rate" in [row.cells[0].text for row in reporting.rows]
    assert {table.style.name for table in tables} == {"Table"}  # the reference style's table
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for table in tables:  # the page's width (table-widths.lua), not "auto" with equal columns
        width = table._tbl.find(f"{w}tblPr/{w}tblW")
        assert (width.get(f"{w}type"), width.get(f"{w}w")) == ("pct", "5000")
    grid = [int(col.get(f"{w}w")) for col in reporting._tbl.find(f"{w}tblGrid")]
    assert grid[0] > grid[2]  # Metric holds more than Baseline


def test_docx_tactics_carry_their_check_boxes(docx_file: Path) -> None:
    """An open tactic shows ☐ and a done one ☒: as the list's bullet (pandoc 3) or in the text (pandoc 2)."""
    docx = pytest.importorskip("docx")
    document = docx.Document(str(docx_file))
    markers = {}
    for paragraph in document.paragraphs:
        for start in ("Agree the pilot's scope", "Meet the VP Patient Experience"):
            if start in paragraph.text:
                markers[start] = task_marker(document, paragraph)
    assert markers == {"Agree the pilot's scope": "☐", "Meet the VP Patient Experience": "☒"}


def task_marker(document, paragraph) -> str:
    """The check box a list paragraph shows: its first character, else its numbering's bullet."""
    if paragraph.text[:1] in "☐☒":
        return paragraph.text[:1]
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    num_id = paragraph._p.find(f"{w}pPr/{w}numPr/{w}numId").get(f"{w}val")
    numbering = document.part.numbering_part.element
    num = numbering.find(f"{w}num[@{w}numId='{num_id}']")
    abstract_id = num.find(f"{w}abstractNumId").get(f"{w}val")
    abstract = numbering.find(f"{w}abstractNum[@{w}abstractNumId='{abstract_id}']")
    return abstract.find(f"{w}lvl/{w}lvlText").get(f"{w}val")


def test_docx_uses_the_reference_style(docx_file: Path) -> None:
    """Headings come out in the reference doc's dark blue, not pandoc's default theme colour."""
    docx = pytest.importorskip("docx")
    styles = docx.Document(str(docx_file)).styles
    for level in (1, 2, 3, 4, 5):
        assert str(styles[f"Heading {level}"].font.color.rgb) == "1F3864", level
    assert styles["Heading 5"].font.size.pt >= styles["Normal"].font.size.pt


def test_docx_is_private_and_replaces_a_symlink_not_its_target(tmp_path: Path, plan_markdown: str) -> None:
    if find_pandoc() is None:
        pytest.skip("pandoc is not installed (pip install pypandoc-binary)")
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me")
    out = tmp_path / "plan.docx"
    out.symlink_to(target)
    to_docx(plan_markdown, out)
    assert target.read_text() == "keep me"
    assert not out.is_symlink() and out.read_bytes()[:2] == b"PK"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_pandoc_reads_no_local_file(tmp_path: Path) -> None:
    """Markdown naming a local file as an image (the exports escape it, but whatever comes) embeds nothing."""
    if find_pandoc() is None:
        pytest.skip("pandoc is not installed (pip install pypandoc-binary)")
    import zipfile

    secret = tmp_path / "secret.txt"
    secret.write_text("the CFO's home address")
    out = tmp_path / "plan.docx"
    to_docx(f"# Plan\n\n![x]({secret})\n", out)
    with zipfile.ZipFile(out) as docx:
        assert not [name for name in docx.namelist() if name.startswith("word/media/")]


# --- PDF ----------------------------------------------------------------------


def test_pdf_is_a_pdf_with_the_account_name(pdf_file: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    assert pdf_file.read_bytes()[:5] == b"%PDF-"
    reader = pypdf.PdfReader(str(pdf_file))
    assert len(reader.pages) >= 1
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Northwind Health" in text
    assert "Patient no-show rate" in text  # the reporting table made it
    assert re.search(r"Page 1 of \d+", text)  # the template's page numbers
    assert reader.metadata is not None and reader.metadata.title == "Northwind Health — Account plan"
    assert stat.S_IMODE(pdf_file.stat().st_mode) == 0o600


@needs_typst_pandoc
@needs_engine
def test_pdf_of_hostile_text_is_still_a_pdf(tmp_path: Path) -> None:
    """Typst markup in user text ("#", "$", "]") is escaped by pandoc, not run."""
    from dataclasses import replace

    plan = replace(sample_plan(), name='Acme #set page(width: 1pt) $x$ ] "quoted"')
    out = tmp_path / "plan.pdf"
    to_pdf(render(plan, "internal"), out)
    pypdf = pytest.importorskip("pypdf")
    text = pypdf.PdfReader(str(out)).pages[0].extract_text()
    assert "#set page(width: 1pt)" in text


# --- when pandoc or the engine is missing -------------------------------------


@pytest.fixture
def no_pandoc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents.shutil, "which", lambda name: None)
    monkeypatch.setattr(documents, "_wheel_pandoc", lambda: None)


def test_without_pandoc_word_and_pdf_say_so_in_one_line(no_pandoc: None, tmp_path: Path) -> None:
    assert find_pandoc() is None
    for convert in (to_docx, to_pdf):
        with pytest.raises(DocumentError) as raised:
            convert("# Plan\n", tmp_path / "out")
        assert str(raised.value) == PANDOC_MISSING
        assert "\n" not in str(raised.value)
    assert list(tmp_path.iterdir()) == []


def test_pandoc_on_path_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents.shutil, "which", lambda name: "/opt/pandoc/bin/pandoc")
    monkeypatch.setattr(documents, "_wheel_pandoc", lambda: "/wheel/pandoc")
    assert find_pandoc() == "/opt/pandoc/bin/pandoc"
    monkeypatch.setattr(documents.shutil, "which", lambda name: None)
    assert find_pandoc() == "/wheel/pandoc"


def fake_pandoc(folder: Path, version: str) -> str:
    """A script that answers ``--version`` like a pandoc of that version."""
    script = folder / "pandoc"
    script.write_text(f"#!/bin/sh\necho 'pandoc {version}'\necho 'Features: +server'\n")
    script.chmod(0o700)
    return str(script)


def test_a_pandoc_too_old_for_typst_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Debian 12's pandoc 2.17 makes Word files but can't write Typst: the PDF says which and why."""
    pytest.importorskip("typst")
    old = fake_pandoc(tmp_path, "2.17.1.1")
    monkeypatch.setattr(documents.shutil, "which", lambda name: old)
    monkeypatch.setattr(documents, "_wheel_pandoc", lambda: None)
    assert find_pandoc() == old
    assert find_pandoc(documents.TYPST_WRITER) is None
    with pytest.raises(DocumentError, match=r"^pandoc 2\.17\.1\.1 can't make PDFs .*pypandoc-binary"):
        to_pdf("# Plan\n", tmp_path / "out.pdf")
    (tmp_path / "wheel").mkdir()
    new = fake_pandoc(tmp_path / "wheel", "3.9")
    monkeypatch.setattr(documents, "_wheel_pandoc", lambda: new)
    assert find_pandoc(documents.TYPST_WRITER) == new  # the wheel's, past the old one on PATH


def test_without_the_engine_the_pdf_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "typst", None)  # "import typst" now raises ImportError
    with pytest.raises(DocumentError) as raised:
        to_pdf("# Plan\n", tmp_path / "out.pdf")
    assert str(raised.value) == documents.ENGINE_MISSING


def test_a_failing_pandoc_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "pandoc"
    broken.write_text("#!/bin/sh\necho 'pandoc: something broke\n  at line 2' >&2\nexit 3\n")
    broken.chmod(0o700)
    monkeypatch.setattr(documents.shutil, "which", lambda name: str(broken))
    with pytest.raises(DocumentError, match=r"^pandoc failed: pandoc: something broke$"):
        to_docx("# Plan\n", tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def test_the_templates_are_beside_the_module() -> None:
    """The package ships them (pyproject's package-data; .ci/run checks the installed copy)."""
    assert documents.REFERENCE_DOCX.is_file() and documents.TYPST_TEMPLATE.is_file()
    assert os.path.dirname(documents.REFERENCE_DOCX) == os.path.dirname(documents.__file__) + "/templates"


# --- the command line -----------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    from acct_tui.store import PlanStore

    path = tmp_path / "plans"
    with PlanStore(path) as store:
        store.save(sample_plan())
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from acct_tui.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@needs_pandoc
def test_cli_writes_word_to_a_default_name(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--db", str(db), "export", "north", "--format", "docx", "--audience", "customer")
    written = tmp_path / "northwind-health-customer-plan.docx"
    assert (code, out) == (0, "")
    assert err.startswith(f"Wrote {written}\n")
    assert written.read_bytes()[:2] == b"PK" and stat.S_IMODE(written.stat().st_mode) == 0o600


@needs_typst_pandoc
@needs_engine
def test_cli_writes_a_pdf_to_o(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "review.pdf"
    code, _, _ = run(capsys, "--db", str(db), "export", "north", "--format", "pdf", "--review", "-o", str(out_file))
    assert code == 0 and out_file.read_bytes()[:5] == b"%PDF-"


def test_cli_without_pandoc_says_so_in_one_line(
    db: Path, tmp_path: Path, no_pandoc: None, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt in ("docx", "pdf"):
        out_file = tmp_path / f"plan.{fmt}"
        code, out, err = run(capsys, "--db", str(db), "export", "north", "--format", fmt, "-o", str(out_file))
        assert (code, out, err) == (1, "", f"acct-tui: {PANDOC_MISSING}\n")
        assert not out_file.exists()


def test_cli_refuses_a_document_on_stdout(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", str(db), "export", "north", "--format", "pdf", "-o", "-")
    assert (code, out, err) == (1, "", "acct-tui: a pdf file can't go to stdout: give -o FILE\n")


# --- front matter ---------------------------------------------------------------


def front_matter_of(text: str) -> dict[str, str]:
    """The raw ``key: value`` lines between the opening and closing ``---``."""
    assert text.startswith("---\n"), text[:40]
    block = text[4 : text.index("\n---\n")]
    return dict(line.split(": ", 1) for line in block.split("\n"))


def test_front_matter_reads_back_as_json_and_yaml(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from acct_tui.coach import health_score
    from acct_tui.plan_json import PLAN_FORMAT_VERSION

    yaml = pytest.importorskip("yaml")
    code, out, _ = run(capsys, "--db", str(db), "export", "north", "--front-matter")
    assert code == 0
    raw = front_matter_of(out)
    values = {key: json.loads(value) for key, value in raw.items()}
    plan = sample_plan()
    assert values["title"] == "Northwind Health"
    assert values["plan_id"] == plan.id
    assert values["format_version"] == PLAN_FORMAT_VERSION
    assert datetime.fromisoformat(values["updated"]).tzinfo is not None
    assert values["health"] == health_score(plan)
    assert yaml.safe_load(out[4 : out.index("\n---\n")]) == values
    assert out.split("\n---\n", 1)[1].startswith("\n# Northwind Health — Account plan\n")


@settings(max_examples=60, deadline=None)
@given(name=st.text(min_size=1, max_size=30))
@example(name='Acme: "x"\n---\nhealth: 0 \x85 \u2028 \x7f \ud800 #')
def test_front_matter_holds_any_name(name: str) -> None:
    """A name with quotes, colons, "---", line breaks (even YAML's NEL and LS) reads back the same."""
    yaml = pytest.importorskip("yaml")
    plan = sample_plan()
    object.__setattr__(plan, "name", name)  # past the model's checks: the front matter must hold anything
    text = front_matter(plan)
    assert text.count("\n---\n") == 1
    assert json.loads(front_matter_of(text)["title"]) == name
    assert yaml.safe_load(text[4 : text.index("\n---\n")])["title"] == name


def test_default_and_customer_exports_never_carry_front_matter(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in ([], ["--audience", "customer"], ["--review"]):
        code, out, _ = run(capsys, "--db", str(db), "export", "north", *argv)
        assert code == 0 and not out.startswith("---") and "plan_id:" not in out
    code, out, err = run(capsys, "--db", str(db), "export", "north", "--audience", "customer", "--front-matter")
    assert code == 2 and out == "" and "customer edition never carries front matter" in err
    with pytest.raises(ValueError, match="customer edition never carries front matter"):
        with_front_matter(sample_plan(), "customer", "# x\n")


def test_front_matter_is_markdown_only(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("json", "docx", "pdf"):
        code, _, err = run(capsys, "--db", str(db), "export", "north", "--format", fmt, "--front-matter")
        assert code == 2 and "--front-matter starts a Markdown file" in err
