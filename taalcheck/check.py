"""The klare-taal check: run every rule on a text and decide ok or revise."""

from __future__ import annotations

from bisect import bisect_right

from taalcheck.metrics import brouwer, estimate_level, flesch_douma
from taalcheck.report import Finding, Report
from taalcheck.rules.jargon import find_jargon
from taalcheck.rules.passive import find_passives
from taalcheck.rules.phrases import find_abbreviations, find_figurative, find_nominalisations
from taalcheck.rules.words import hard_word_reason
from taalcheck.settings import DEFAULT_SETTINGS, Settings
from taalcheck.syllables import syllables
from taalcheck.text import sentences, words

MAX_CHECKED = 2_000_000


def _sentence_of(starts: list[int], offset: int) -> int:
    return max(0, bisect_right(starts, offset) - 1)


def check(text: str, settings: Settings | None = None) -> Report:
    """Check a Dutch text for plain language; offsets always lie inside `text`."""
    settings = settings or DEFAULT_SETTINGS
    source = text[:MAX_CHECKED]
    units = sentences(source)
    findings: list[Finding] = []
    word_total = syllable_total = long_count = passive_count = rare_count = 0
    rare_zipf = settings.number("rare_word_zipf")
    part_zipf = settings.number("compound_part_zipf")
    long_syllables = int(settings.number("long_word_syllables"))
    long_words = settings.number("long_sentence_words")
    very_long = settings.number("very_long_sentence_words")
    jargon_spans: list[tuple[int, int]] = []
    for number, unit in enumerate(units):
        tokens = words(unit.text, unit.start)
        word_total += len(tokens)
        syllable_total += sum(syllables(token.text) for token in tokens)
        if len(tokens) > long_words:
            long_count += 1
            if settings.on("long_sentence"):
                strong = len(tokens) > very_long
                findings.append(
                    Finding(
                        "long_sentence",
                        unit.start,
                        unit.end,
                        number,
                        f"Lange zin ({len(tokens)} woorden). "
                        "Een zin van hoogstens 15 woorden leest makkelijker.",
                        "Maak er twee of drie korte zinnen van.",
                        "strong" if strong else "warning",
                    )
                )
        hits = find_passives(tokens, source)
        if hits:
            passive_count += 1
            if settings.on("passive"):
                hit = hits[0]
                who = (
                    f"Begin met wie het doet: '{hit.agent}'."
                    if hit.agent
                    else "Schrijf wie het doet (wij, de juf, u)."
                )
                findings.append(
                    Finding(
                        "passive",
                        min(hit.auxiliary.start, hit.participle.start),
                        max(hit.auxiliary.end, hit.participle.end),
                        number,
                        "Lijdende vorm: niet duidelijk wie iets doet.",
                        who,
                    )
                )
        jargon_spans = []
        if settings.on("jargon"):
            for jargon_hit in find_jargon(tokens, source):
                entry = jargon_hit.entry
                jargon_spans.append((jargon_hit.start, jargon_hit.end))
                if entry.kind == "school":
                    message, advice = (
                        "Schoolwoord: niet alle ouders kennen dit.",
                        f"Leg uit: {entry.advice}",
                    )
                else:
                    message, advice = "Ambtelijk woord.", f"Schrijf liever: {entry.advice}"
                findings.append(
                    Finding("jargon", jargon_hit.start, jargon_hit.end, number, message, advice)
                )
        for token in tokens:
            reason = hard_word_reason(token.text, rare_zipf, part_zipf, long_syllables)
            if reason is None or (token.text[:1].isupper() and token.start != unit.start):
                continue  # names are not hard words
            if any(start <= token.start < end for start, end in jargon_spans):
                continue
            if reason == "rare":
                rare_count += 1
            if settings.on("hard_word"):
                message = "Weinig gebruikt woord." if reason == "rare" else "Lang woord."
                findings.append(
                    Finding(
                        "hard_word",
                        token.start,
                        token.end,
                        number,
                        message,
                        "Kies een korter of bekender woord.",
                    )
                )
        if settings.on("figurative"):
            lowered = [(t.text.lower(), t.start, t.end) for t in tokens]
            for phrase in find_figurative(lowered):
                findings.append(
                    Finding(
                        "figurative",
                        phrase.start,
                        phrase.end,
                        number,
                        phrase.message,
                        phrase.suggestion,
                    )
                )
    starts = [unit.start for unit in units]
    for rule, finder in (
        ("abbreviation", find_abbreviations),
        ("nominalisation", find_nominalisations),
    ):
        if settings.on(rule):
            for phrase in finder(source):
                findings.append(
                    Finding(
                        rule,
                        phrase.start,
                        phrase.end,
                        _sentence_of(starts, phrase.start),
                        phrase.message,
                        phrase.suggestion,
                    )
                )
    if settings.on("long_text") and word_total > settings.number("long_text_words"):
        findings.append(
            Finding(
                "long_text",
                0,
                len(source),
                0,
                f"Lange tekst ({word_total} woorden). Ouders lezen korte berichten beter.",
                "Houd het bij hoogstens 150 woorden; zet details in een bijlage.",
            )
        )
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    sentence_total = max(1, len(units)) if word_total else 0
    douma = flesch_douma(word_total, sentence_total, syllable_total)
    average = word_total / sentence_total if sentence_total else 0.0
    rare_share = rare_count / word_total if word_total else 0.0
    passive_share = passive_count / sentence_total if sentence_total else 0.0
    level = estimate_level(douma, average, rare_share, passive_share) if word_total else "A2"
    metrics = {
        "words": word_total,
        "sentences": len(units),
        "average_sentence_length": round(average, 2),
        "long_sentence_share": round(long_count / sentence_total, 3) if sentence_total else 0.0,
        "passive_share": round(passive_share, 3),
        "flesch_douma": round(douma, 1),
        "leesindex_brouwer": round(brouwer(word_total, sentence_total, syllable_total), 1),
        "rare_word_share": round(rare_share, 3),
    }
    verdict, reasons = _verdict(findings, level, word_total, settings)
    return Report(findings, metrics, verdict, reasons, level)


def _verdict(
    findings: list[Finding], level: str, words_: int, settings: Settings
) -> tuple[str, list[str]]:
    reasons = []
    if level in ("B2", "C1"):
        reasons.append(f"De tekst is op niveau {level}; voor ouders is B1 het doel.")
    strong = [f for f in findings if f.severity == "strong"]
    if strong:
        reasons.append(f"{len(strong)} zin(nen) van meer dan 25 woorden: maak ze korter.")
    heavy = {"jargon", "passive", "abbreviation", "figurative", "nominalisation"}
    count = sum(1 for f in findings if f.rule in heavy)
    dense = words_ and count * 100 / words_ > settings.number("findings_per_100_words")
    if count >= 3 or (count >= 2 and dense):
        reasons.append(f"{count} moeilijke woorden of zinsdelen: vervang ze door gewone woorden.")
    if reasons:
        return "revise", reasons[:2]
    return "ok", ["De tekst is goed leesbaar (niveau B1 of makkelijker)."]
