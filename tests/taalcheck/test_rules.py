"""The rules one by one, the verdict, the settings and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from taalcheck import check, load_settings
from taalcheck.lexicon import jargon
from taalcheck.syllables import syllables
from taalcheck.wordforms import adjective_forms, fold, noun_forms, verb_forms

SCHOOLPOORT = str(Path(sys.executable).with_name("schoolpoort"))


def rules_of(text: str) -> list[tuple[str, str]]:
    return [(f.rule, text[f.start : f.end]) for f in check(text).findings]


def test_lexicon_has_both_kinds_and_300_entries() -> None:
    entries = jargon()
    assert len(entries) >= 300
    assert {e.kind for e in entries} == {"ambtelijk", "school"}
    assert all(e.advice for e in entries)


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("idee", 2),
        ("agenda", 3),
        ("coördinator", 5),
        ("ideeën", 3),
        ("school", 1),
        ("leerlingvolgsysteem", 5),
    ],
)
def test_syllables(word: str, count: int) -> None:
    assert syllables(word) == count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Indien u vragen heeft, bel ons.", ("jargon", "Indien")),
        ("De IB'ers komen langs.", ("jargon", "IB'ers")),
        ("Er zijn drie studiedagen.", ("jargon", "studiedagen")),
        ("Dit doen we in het kader van de veiligheid.", ("jargon", "in het kader van")),
        ("Bel ons z.s.m. terug.", ("abbreviation", "z.s.m.")),
        ("Het invullen van het formulier is verplicht.", ("nominalisation", "Het invullen van")),
        ("Het formulier moet worden ingevuld.", ("passive", "worden ingevuld")),
        ("Wij kijken eerst de kat uit de boom.", ("figurative", "de kat uit de boom")),
        ("Het leerlingvolgsysteem laat dat zien.", ("jargon", "leerlingvolgsysteem")),
    ],
)
def test_rule_finds(text: str, expected: tuple[str, str]) -> None:
    assert expected in rules_of(text)


def test_long_sentences_and_long_text() -> None:
    sixteen = " ".join(["woord"] * 15) + " einde."
    thirty = "Kind " + " ".join(["kind"] * 28) + " klaar."
    report = check(f"{sixteen} {thirty}")
    severities = [f.severity for f in report.findings if f.rule == "long_sentence"]
    assert severities == ["warning", "strong"]
    long_notice = "Wij gaan morgen naar het bos. " * 40
    assert any(f.rule == "long_text" for f in check(long_notice).findings)
    assert report.metrics["long_sentence_share"] == 1.0


def test_plain_letter_is_ok_and_stiff_letter_is_revise() -> None:
    plain = check(
        "Beste ouders,\nMorgen gaan we naar het bos. Geef uw kind laarzen mee.\nGroet, juf Sanne"
    )
    assert plain.verdict == "ok" and plain.level in ("A2", "B1")
    stiff = check(
        "Geachte ouders, indien uw kind middels de bus wordt vervoerd, dient het formulier alvorens "
        "vrijdag te worden geretourneerd teneinde de planning i.v.m. de studiedag reeds af te ronden."
    )
    assert stiff.verdict == "revise" and stiff.level in ("B2", "C1") and stiff.reasons
    data = json.loads(json.dumps(stiff.to_dict()))
    assert set(data) == {"verdict", "level", "reasons", "metrics", "findings"}
    assert {"flesch_douma", "leesindex_brouwer", "words", "passive_share"} <= set(data["metrics"])


def test_a_rule_can_be_switched_off(tmp_path: Path) -> None:
    settings_file = tmp_path / "taalcheck.toml"
    settings_file.write_text("[rules]\njargon = false\n", encoding="utf-8")
    report = check("Indien u vragen heeft, bel ons.", load_settings(settings_file))
    assert not [f for f in report.findings if f.rule == "jargon"]


def test_command_line_exit_codes(tmp_path: Path) -> None:
    good, bad = tmp_path / "goed.txt", tmp_path / "fout.txt"
    good.write_text("Morgen is er gym. Neem gymschoenen mee.", encoding="utf-8")
    bad.write_bytes(b"\xff\xfe\xfa")
    assert subprocess.run([SCHOOLPOORT, "check", str(good)], capture_output=True).returncode == 0
    stiff = subprocess.run(
        [SCHOOLPOORT, "check", "--json", "-"],
        input=b"Indien u middels dit formulier reeds betaald heeft, dient u dit te retourneren.",
        capture_output=True,
    )
    assert stiff.returncode == 1 and json.loads(stiff.stdout)["verdict"] == "revise"
    assert subprocess.run([SCHOOLPOORT, "check", str(bad)], capture_output=True).returncode == 2


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Wij stemmen de data met de opvang af.", "stemmen"),
        ("Wij leggen het plan aan de MR voor.", "leggen"),
        ("Het feest vond vorige week in de aula plaats.", "vond"),
        ("Wij stellen de datum later vast.", "stellen"),
        ("De juf licht dit op de avond toe.", "licht"),
        ("Zij zien het probleem niet in.", "zien"),
        ("Wij sturen de schooladviezen in maart.", "schooladviezen"),
        ("Het schooladvies-gesprek is op dinsdag.", "schooladvies-gesprek"),
        ("Het studiedagrooster staat op de site.", "studiedagrooster"),
        ("Het zomervakantierooster staat op de site.", "zomervakantierooster"),
        ("Dit is een essentiele stap.", "essentiele"),
        ("Wij doen dat in een adequate vorm.", "adequate"),
    ],
)
def test_jargon_forms_split_verbs_and_compounds(text: str, flagged: str) -> None:
    assert ("jargon", flagged) in rules_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "Wij zien in de klas een muis.",
        "Wij vinden het fijn dat u er plaats neemt.",
        "Wij komen na de vakantie terug.",
        "Wij stellen een vraag. Vast staat dat het leuk was.",
        "Het studiedagxyzq is raar.",
    ],
)
def test_jargon_leaves_look_alikes(text: str) -> None:
    assert not [rule for rule, _ in rules_of(text) if rule == "jargon"]


@pytest.mark.parametrize(
    ("forms", "expected"),
    [
        (noun_forms("aanvraag"), {"aanvragen", "aanvraagje"}),
        (noun_forms("advies"), {"adviezen"}),
        (noun_forms("les"), {"lessen", "lesje"}),
        (adjective_forms("financieel"), {"financiële"}),
        (adjective_forms("preventief"), {"preventieve"}),
        (verb_forms("aan|geven"), {"aangegeven", "aangeeft", "aangaf", "aan te geven"}),
        (verb_forms("verlenen"), {"verleend", "verleent"}),
        (verb_forms("ondernemen"), {"ondernomen", "ondernam"}),
        (verb_forms("evalueren"), {"geëvalueerd", "evalueert"}),
    ],
)
def test_word_forms(forms: set[str], expected: set[str]) -> None:
    assert expected <= forms


def test_fold_ignores_case_accents_and_curly_apostrophes() -> None:
    assert fold("Financiële") == fold("financiele") == "financiele"
    assert fold("IB’er") == "ib'er"
