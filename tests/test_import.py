"""The importer beyond the seeds: other layouts, PDF and Word input, the command, and
arbitrary text (an entry or a clear error, never a traceback)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.importer import ImportFailed, import_document, import_text
from generator.loader import load_meeting

HERE = Path(__file__).parent
CONTENT = HERE.parent / "content"
OTHER = HERE / "fixtures" / "import" / "other"
SEED = HERE / "fixtures" / "import" / "002_1f7bed42a35f4b43.txt"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def load(markdown: str, tmp_path: Path):
    path = tmp_path / "meetings" / "x" / "entry.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown, encoding="utf-8")
    errors: list = []
    meeting = load_meeting(path, errors)
    assert errors == []
    return meeting


def summary(meeting) -> dict:
    return {
        "forum": meeting.forum, "date": meeting.date.key, "time": meeting.time,
        "items": [(i.number, i.title, sorted(i.sections)) for i in meeting.items],
        "participants": sorted((p.person, p.status) for p in meeting.participants),
    }


def test_table_layout_with_numeric_date_and_decisions_named_after_the_forum(tmp_path):
    m = summary(load(import_document(OTHER / "table-layout.txt", CONTENT).markdown, tmp_path))
    assert m["forum"] == "klyngestyregruppe-syd" and m["date"] == "2022-03-14" and m["time"] == "9:00-11:00"
    assert m["items"] == [("1", "Godkendelse af dagsorden", ["Beslutning"]),
                          ("2", "Status på Ind- og udskrivelsesaftalen", ["Beslutning", "Indstilling"]),
                          ("3", "Eventuelt", ["Beslutning"])]
    assert m["participants"] == [("charlotte-larsen", "absent"), ("inge-kjaer-andersen", "secretary"),
                                 ("jan-nybo", "present"), ("soeren-aalund", "present")]


def test_attendance_recorded_as_an_agenda_item(tmp_path):
    m = summary(load(import_document(OTHER / "attendance-item.txt", CONTENT).markdown, tmp_path))
    assert m["forum"] == "klyngestyregruppe-vest" and m["date"] == "2022-02-04"
    assert [i[0] for i in m["items"]] == ["1", "2", "3"]
    assert m["participants"] == [("henrik-christensen", "absent"), ("jan-mainz", "present"),
                                 ("jan-nybo", "present"), ("tue-von-paahlman", "present")]


def test_word_export_with_ad_headings_and_a_spelling_variant(tmp_path):
    m = summary(load(import_document(OTHER / "word-export.txt", CONTENT).markdown, tmp_path))
    assert m["forum"] == "chefforum-sundhedsklynge-midt" and m["date"] == "2023-04-12"
    assert m["items"][1] == ("2", "Handleplan for Sundhedsklynge Midt", ["Beslutning", "Bilag", "Indstilling", "Uddybning"])
    assert ("rikke-svenstrup", "absent") in m["participants"]  # printed "Rikke Svendstrup - afbud"


def test_pdf_import_matches_the_text_import(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip("DejaVu font (Debian fonts-dejavu-core) not installed")
    pdf = fpdf.FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=9)
    pdf.add_page()
    for line in SEED.read_text(encoding="utf-8").split("\n"):
        pdf.multi_cell(0, 4, line.strip() or " ", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "referat.pdf"
    pdf.output(str(path))
    from_pdf = summary(load(import_document(path, CONTENT).markdown, tmp_path / "a"))
    from_txt = summary(load(import_document(SEED, CONTENT).markdown, tmp_path / "b"))
    assert from_pdf == from_txt


def test_docx_import(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in (OTHER / "word-export.txt").read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "referat.docx"
    document.save(str(path))
    from_docx = summary(load(import_document(path, CONTENT).markdown, tmp_path / "a"))
    assert from_docx == summary(load(import_document(OTHER / "word-export.txt", CONTENT).markdown, tmp_path / "b"))


def test_command_writes_the_entry_refuses_to_overwrite_and_reports(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    target = content / "meetings" / "klyngestyregruppe-syd" / "2022-03-14.md"
    report = tmp_path / "report.json"
    assert main(["import", str(OTHER / "table-layout.txt"), "--content", str(content), "--report", str(report)]) == 0
    assert target.is_file()
    assert json.loads(report.read_text())["uncertainties"] == []
    assert main(["import", str(OTHER / "table-layout.txt"), "--content", str(content)]) == 2
    assert "exists" in capsys.readouterr().err
    assert main(["import", str(OTHER / "table-layout.txt"), "--content", str(content), "--force"]) == 0


def test_uncertainties_name_their_source_line_and_mark_the_entry_for_review(tmp_path, capsys):
    out = tmp_path / "x.md"
    assert main(["import", str(HERE / "fixtures" / "import" / "004_3a071b3ec2a12851.txt"), "--date", "2021-11",
                 "-o", str(out), "--content", str(CONTENT)]) == 0
    err = capsys.readouterr().err
    assert "004_3a071b3ec2a12851.txt: the forum is not named in a header; 'klyngestyregruppe-vest'" in err
    assert "review: needed" in out.read_text(encoding="utf-8")


def test_a_document_without_a_date_gives_a_draft_for_review(tmp_path, capsys):
    out = tmp_path / "draft.md"
    seed = HERE / "fixtures" / "import" / "000_a1f2f87edc978fb7.txt"
    assert main(["import", str(seed), "--content", str(CONTENT), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "no meeting date in the header" in err and "check it, or pass --date" in err
    assert "review: needed" in out.read_text(encoding="utf-8")


def test_a_document_without_any_year_is_a_clear_error(tmp_path, capsys):
    source = tmp_path / "uden-dato.txt"
    source.write_text("Referat Klyngestyregruppe Syd\n1. Velkomst\nReferat: Godkendt.\n", encoding="utf-8")
    assert main(["import", str(source), "--content", str(CONTENT), "-o", str(tmp_path / "x.md")]) == 2
    assert "no meeting date and no year found in the document; pass --date" in capsys.readouterr().err


def test_only_a_year_gives_a_year_precise_draft(tmp_path):
    text = "Referat Klyngestyregruppe Syd 2019\nDeltagere: Søren Aalund\n1. Velkomst\nReferat: Godkendt.\n"
    result = import_text(text, CONTENT, "aar.txt")
    assert result.date == "2019" and "date: '2019'" in result.markdown
    assert any(u.kind == "date" and "year-precise" in u.message for u in result.uncertainties)
    assert load(result.markdown, tmp_path).date.key == "2019"


def test_no_numbered_items_keeps_the_text_as_one_item_for_review(tmp_path):
    text = "Referat Klyngestyregruppe Syd 3. marts 2022\nVi drøftede status og aftalte et nyt møde.\n"
    result = import_text(text, CONTENT, "fri.txt")
    meeting = load(result.markdown, tmp_path)
    assert [i.title for i in meeting.items] == ["Referat"] and "aftalte et nyt møde" in meeting.items[0].background
    assert any("no numbered agenda items found" in u.message for u in result.uncertainties)


def test_an_unknown_person_is_kept_with_a_proposed_entry():
    text = "Referat Klyngestyregruppe Syd\nDeltagere:\nDirektør Søren Aalund, Mariagerfjord Kommune\n" \
           "Karen Nyansat, Rebild Kommune\nden 3. marts 2022\n1. Velkomst\nReferat:\nGodkendt.\n"
    result = import_text(text, CONTENT, "t.txt")
    notes = [u for u in result.uncertainties if u.kind == "person"]
    assert notes and notes[0].line == 4 and notes[0].proposal == {"id": "karen-nyansat", "name": "Karen Nyansat"}
    assert "- person: karen-nyansat\n  organisation: rebild-kommune" in result.markdown
    assert "review: needed" in result.markdown


def test_unknown_forum_people_and_organisations_become_valid_with_the_proposed_entries(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    source = HERE / "fixtures" / "import" / "corpus" / "nordjylland-pkt-portefoelje.txt"
    assert main(["import", str(source), "--content", str(content)]) == 0
    err = capsys.readouterr().err
    assert "forum 'Porteføljestyregruppen' is not in the registry; add content/forums/portefoeljestyregruppen.md" in err
    assert "'Ebbe Lykke' is not in the registry; add content/people/ebbe-lykke.md" in err
    assert main(["check", str(content)]) == 1  # the draft names entries that do not exist yet
    capsys.readouterr()
    assert main(["import", str(source), "--content", str(content), "--force", "--add-proposed"]) == 0
    assert (content / "forums" / "portefoeljestyregruppen.md").is_file()
    assert (content / "organisations" / "hjoerring-kommune.md").is_file()
    assert main(["check", str(content)]) == 0, capsys.readouterr().err


def test_a_folder_is_imported_file_by_file_and_a_bad_file_does_not_stop_the_rest(tmp_path, capsys):
    folder = tmp_path / "referater"
    folder.mkdir()
    for name in ("kolding-forslag-aeldreraad.txt", "syddanmark-portal-2013.html"):
        shutil.copy(HERE / "fixtures" / "import" / "corpus" / name, folder)
    (folder / "000-skadet.docx").write_bytes(b"not a zip")
    (folder / "noter.odt").write_bytes(b"ignored: not a minutes format")
    out = tmp_path / "kladder"
    report = tmp_path / "rapport.json"
    assert main(["import", str(folder), "--content", str(CONTENT), "-o", str(out), "--report", str(report)]) == 1
    printed = capsys.readouterr().out
    assert "000-skadet.docx" in printed and "FAILED" in printed and "2 of 3 documents imported; 1 failed" in printed
    assert "sundhedssamordningsudvalget  2013-03-14  4      6" in printed
    assert (out / "aeldreraadet" / "2017-03-09.md").is_file()
    assert (out / "sundhedssamordningsudvalget" / "2013-03-14.md").is_file()
    assert [r["forum"] for r in json.loads(report.read_text(encoding="utf-8"))] == ["aeldreraadet", "sundhedssamordningsudvalget"]


def test_guests_named_in_an_item_and_page_numbers_before_headings(tmp_path):
    text = ("Referat Klyngestyregruppe Syd 3. marts 2022\nDeltagere: Søren Aalund\n1. Velkomst\nReferat: Godkendt.\n"
            "4 2. Status på forløb\nKonsulent Hanne Vinkel deltog under punkt 2.\nReferat: Taget til efterretning.\n")
    meeting = load(import_text(text, CONTENT, "g.txt").markdown, tmp_path)
    assert [(i.number, i.title) for i in meeting.items] == [("1", "Velkomst"), ("2", "Status på forløb")]
    guest = next(p for p in meeting.participants if p.person == "hanne-vinkel")
    assert (guest.status, list(guest.items)) == ("guest", ["2"])


def test_a_flattened_two_column_participant_table_pairs_names_and_organisations(tmp_path):
    source = HERE / "fixtures" / "import" / "corpus" / "psykiatri-samarbejdsudvalg.txt"
    meeting = load(import_document(source, CONTENT).markdown, tmp_path)
    organisations = {p.person: p.organisation for p in meeting.participants}
    assert organisations["lene-abildtrup"] == "psykiatrien-vest" and organisations["mogens-tolstrup"] == "plo-nordjylland"  # the registry alias "PLO"
    assert organisations["birthe-leth"] == "struer-kommune"


def test_a_saved_portal_page_is_read_by_its_markup(tmp_path):
    html = HERE / "fixtures" / "import" / "corpus" / "syddanmark-portal-2013.html"
    markdown = import_document(html, CONTENT).markdown
    meeting = load(markdown, tmp_path)
    assert [i.title for i in meeting.items][:2] == ["Status på den regionale fødeplan", "Fælles rammer for genoptræning efter udskrivning"]
    assert "fold dette punkt ind" not in markdown and "Forsiden" not in markdown and "var menu" not in markdown
    assert meeting.time == "15:00-17:30" and meeting.place == "Regionshuset, mødelokale Lillebælt"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("abcæøå ABC123.:-–•\n()|,")) | st.characters(), max_size=600))
def test_any_text_gives_an_entry_or_a_clear_error(text):
    for options in ({"date": "2022-01", "forum": "klyngestyregruppe-syd"}, {}):
        try:
            result = import_text(text + "\n1. Punkt\nReferat: ok\n", CONTENT, "h.txt", **options)
        except ImportFailed as exc:
            assert str(exc)
        else:
            assert result.markdown.startswith("---\n")


LAYOUT_WORDS = ["Deltagere:", "Afbud", "Fraværende: ", "Pkt. 1 ", "SAG NR. 2A ", "Ad 3) ", "1 ", "2. ", "Referat ",
                "Beslutning i X den 3. maj 2021:", "Det indstilles, at", "Mødeleder: ", " og ", ", ", "(A)", "- afbud",
                "Anne Hansen", "Jens Ole Berg", "Region Nordjylland", "kl. 9.00", "Til toppen", "|", "...iii", "2021"]


@settings(max_examples=150, deadline=None)
@given(parts=st.lists(st.sampled_from(LAYOUT_WORDS) | st.text(max_size=12), max_size=60))
def test_layout_fragments_in_any_order_never_give_a_traceback(parts):
    text = "".join(p if n % 3 else p + "\n" for n, p in enumerate(parts))
    try:
        result = import_text(text, CONTENT, "h.txt")
    except ImportFailed as exc:
        assert str(exc)
    else:
        assert result.markdown.startswith("---\n")


def test_an_imported_entry_needing_review_is_shown_as_unreviewed(tmp_path):
    from sitebuild import build

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    result = import_document(HERE / "fixtures" / "import" / "004_3a071b3ec2a12851.txt", CONTENT, date="2022-03")
    (content / "meetings" / "klyngestyregruppe-vest" / "2022-03.md").write_text(result.markdown, encoding="utf-8")
    assert build(tmp_path, content).returncode == 0
    page = (tmp_path / "site" / "fora" / "klyngestyregruppe-vest" / "2022-03" / "index.html").read_text(encoding="utf-8")
    assert "Ikke gennemgået:" in page
    forum = (tmp_path / "site" / "fora" / "klyngestyregruppe-vest" / "index.html").read_text(encoding="utf-8")
    assert "ikke gennemgået" in forum
