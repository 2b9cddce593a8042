"""The outcome (udfald) of an agenda item: a fixed vocabulary, and the rules that read it
from the item's Danish text.

The rules are one table of Danish phrasings, each with the outcome it gives and why. An
item's decision (Beslutning) is read sentence by sentence; in each sentence the first rule
of the table that matches decides that sentence, so a specific phrasing ("besluttede at
punktet dagsordenssættes igen") comes before a general one ("besluttede"). Across sentences
the strongest outcome wins (see RANK). When the decision has no phrase of the table, or
says that the recommendation was followed, the recommendation (Indstilling) is read the
same way; when neither has one, the item's title. An item that none of them settles is
`ikke-angivet` and listed by `referat check`, so an editor can set it in the frontmatter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Ids (used in URLs, data attributes and the content's `outcomes:` field) and Danish labels.
LABELS = {
    "godkendt": "Godkendt",
    "anbefalet": "Anbefalet",
    "afvist": "Afvist",
    "udsat": "Udsat",
    "droeftet": "Drøftet",
    "taget-til-efterretning": "Taget til efterretning",
    "ikke-angivet": "Ikke angivet",
}
OUTCOMES = tuple(LABELS)
NOT_STATED = "ikke-angivet"
# What each outcome means, for the page that explains the badges and for editors.
MEANINGS = {
    "godkendt": "forummet godkendte eller besluttede det, der blev lagt frem, også med ændringer",
    "anbefalet": "forummet anbefaler sagen over for et andet forum, der beslutter",
    "afvist": "forummet afviste det, der blev lagt frem",
    "udsat": "sagen blev udsat eller skal genoptages på et senere møde",
    "droeftet": "sagen blev drøftet, og synspunkter er refereret, uden en beslutning",
    "taget-til-efterretning": "en orientering eller status blev taget til efterretning",
    "ikke-angivet": "referatet angiver ikke noget udfald (fx »Intet« under Eventuelt)",
}
# Precedence when an item has several parts: a decision over udsat over drøftet over taget
# til efterretning. Among decisions, a recommendation to another body is the most telling
# (the matter is decided elsewhere), and an approval outweighs a partial rejection.
RANK = {outcome: rank for rank, outcome in enumerate(reversed(OUTCOMES))}
# Compact numbers for the search index (one small int per item); order is part of the format.
NUMBERS = {outcome: number for number, outcome in enumerate(OUTCOMES)}

FOLLOWS = "indstillingen"  # a rule result: the recommendation was followed


@dataclass(frozen=True)
class Rule:
    scope: str  # "beslutning", "indstilling" or "titel"
    # A regular expression over one sentence (case-insensitive). Alternatives share one leading
    # \b (`\b(?:a|b)`, not `\ba|\bb`): the engine then tests the boundary once per position,
    # not once per alternative, which makes the common rules a few times faster.
    pattern: str
    outcome: str  # an outcome id, or FOLLOWS
    reason: str
    # Word parts of which a matching sentence holds at least one (lower case): a quick test
    # before the regular expression, which most sentences would not match anyway.
    words: tuple[str, ...] = ()


_FORUM = r"(?:styregrupp\w*|klyngestyregrupp\w*|driftsforum\w*|driftsgrupp\w*|forum\w*|chefforum\w*|gruppen|udvalget|formandskabet|\w+)"

RULES: tuple[Rule, ...] = (
    # --- the decision (Beslutning), most specific first ----------------------------------
    Rule("beslutning", r"^\s*(?:intet|ingen)\b[^.]{0,40}\.?\s*$", "ikke-angivet",
         "beslutningen er kun »Intet«/»Ingen ...«: intet referat", words=('intet', 'ingen')),
    Rule("beslutning", r"\b(?:(?:blev|er|bliver) (?:\w+ ){0,3}(?:afvist|forkastet)\b|(?:afvises|forkastes)\b"
         r"|(?:afviste|forkastede) (?:forslag\w*|indstilling\w*|ansøgning\w*|anmodning\w*|henvendelse\w*|det|dette|at|sagen|punktet)\b"
         r"|ikke (?:blev )?(?:godkendt|imødekommet|tiltrådt)\b)|^\s*(?:afvist|forkastet)\b",
         "afvist", "forummet afviste forslaget", words=('afvis', 'forkast', 'ikke ')),
    Rule("beslutning", r"\b(?<!socialt )(?<!særligt )(?<!mest )(?:udsat|udsættes|udskudt|udskydes|udskød)\b(?! for\b)", "udsat",
         "punktet blev udsat", words=('udsat', 'udsæt', 'udsk')),
    Rule("beslutning", r"\b(?:genoptages\b|(?:tages|tog) (?:\w+ )?op (?:igen|på (?:et )?(?:næste|senere|kommende)))",
         "udsat", "punktet genoptages på et senere møde", words=('genoptag', ' op ')),
    Rule("beslutning", r"\b(?:dagsordenssætte[sr]? (?:\w+ )?igen\b|sættes på (?:dagsordenen )?igen\b)",
         "udsat", "sagen sættes på dagsordenen igen: den er ikke afgjort", words=('igen',)),
    Rule("beslutning", r"\b(?:at afvente\b|afventes\b"
         r"|(?:punktet|sagen|emnet|planlægning\w*|beslutning\w*|behandling\w*)\b[^.]{0,60}\bafventer\b)",
         "udsat", "sagen afventer noget, før den kan afgøres", words=('afvent',)),
    Rule("beslutning", r"\b(?:anbefale[rs]?\b|anbefalede\b|indstille[rs]? (?:\w+ ){0,4}(?:til|over for|overfor)\b"
         r"|indstillede\b"
         r"|(?:sendes|bringes|bringer|videresendes) (?:\w+ ){0,3}videre til\b|adresseres til\b)",
         "anbefalet", "sagen sendes med en anbefaling til et andet forum, der beslutter",
         words=('anbefal', 'indstill', 'videre til', 'adresseres')),
    Rule("beslutning", r"\b(?:indstillingen (?:blev |er )?(?:fulgt|godkendt|tiltrådt)\b|fulgte indstillingen\b)",
         FOLLOWS, "indstillingen blev fulgt: udfaldet er det, indstillingen lagde op til", words=('indstilling',)),
    Rule("beslutning", r"\b(?:(?:blev|er|bliver) (?:\w+ ){0,3}(?:godkendt|vedtaget|tiltrådt|besluttet|aftalt)\b"
         r"|(?:godkendte|godkender|vedtog|vedtager|tiltrådte|besluttede|beslutter|besluttes|godkendes|aftaltes)\b"
         r"|det (?:blev )?aftalt\b|nikkede til\b|blev der nikket til\b|konklusion(?:en)? (?:på \w+ )?blev\b"
         r"|tilføjes (?:\w+ )?dagsorden\w*|følgende punkter på dagsorden\w*)|^\s*(?:godkendt|vedtaget|tiltrådt|besluttet)\b",
         "godkendt", "forummet godkendte eller besluttede",
         words=('godkend', 'vedta', 'vedtog', 'tiltrå', 'beslut', 'aftal', 'nikke', 'konklusion', 'dagsorden')),
    Rule("beslutning", r"\b(?:blev (?:\S+ ){0,3}drøftet\b|drøftede\b|drøftedes\b|har drøftet\b)|^\s*drøftet\b",
         "droeftet", "sagen blev drøftet", words=('drøft',)),
    Rule("beslutning", r"\btil efterretning\b", "taget-til-efterretning",
         "orienteringen blev taget til efterretning", words=('efterretning',)),
    # --- the recommendation (Indstilling): what was put to the forum -------------------------
    Rule("indstilling", r"\b(?:anbefale[rs]?\b|indstille[rs]? (?:\w+ ){0,4}(?:til|over for|overfor)\b)",
         "anbefalet", "indstillingen lægger op til en anbefaling til et andet forum", words=('anbefal', 'indstill')),
    Rule("indstilling", r"\b(?:godkende[rs]?\b|beslutte[rs]?\b(?! (?:et |en )?evt)|vedtage[rs]?\b|udpege[rs]?\b"
         r"|tage[rs]? stilling\b)",
         "godkendt", "indstillingen lægger op til en godkendelse eller beslutning",
         words=('godkend', 'beslut', 'vedtag', 'udpeg', 'stilling')),
    Rule("indstilling", r"\b(?:drøfte[rs]?\b|drøftelse\b)", "droeftet",
         "indstillingen lægger op til en drøftelse", words=('drøft',)),
    Rule("indstilling", r"\b(?:til efterretning\b|følger op\b|orientering\b)", "taget-til-efterretning",
         "indstillingen lægger op til at tage en orientering til efterretning", words=('efterretning', 'følger op', 'orientering')),
    # --- the title, when neither text says anything -------------------------------------------
    Rule("titel", r"\b(?:godkendelse af dagsorden|punkter til (?:næste|kommende) møde)|^dagsordenspunkter til\b",
         "godkendt", "punktet fastlægger en dagsorden", words=('dagsorden', 'punkter til')),
    Rule("titel", r"^(?:drøftelse|dialog)\b", "droeftet", "punktet er en drøftelse", words=('drøftelse', 'dialog')),
    Rule("titel", r"\b(?:orientering|status|statusrapport|meddelelser)\b", "taget-til-efterretning",
         "punktet er en orientering eller status", words=('orientering', 'status', 'meddelelser')),
)


def _compiled(rule: Rule) -> tuple[Rule, re.Pattern, re.Pattern | None]:
    """A rule with its pattern compiled, and its words as one pattern (a sentence has one of
    them when it matches): a single search, where testing the words one by one costs more."""
    words = re.compile("|".join(map(re.escape, rule.words))) if rule.words else None
    return rule, re.compile(rule.pattern, re.IGNORECASE), words


_COMPILED = {scope: [_compiled(rule) for rule in RULES if rule.scope == scope]
             for scope in ("beslutning", "indstilling", "titel")}


@dataclass(frozen=True)
class Derived:
    """What the rules read from an item: the outcome, why, and the words that decided it."""

    outcome: str
    reason: str
    phrase: str = ""  # the sentence part that matched
    settled: bool = True  # False when no rule matched text that says something


# A sentence ends at . ! ? ; : before a capital letter or a numbered part ("2. At ..."), so
# "evt. videre" and "d. 24. september" stay whole, and at every line break.
# Both ends start with a whitespace character, which the pattern opens with so that the
# engine skips to the next one (the lookbehinds take it into account).
_SENTENCE_END = re.compile(r"\s(?:(?<=[.!?;:]\s)(?<!\s\d[.)]\s)(?<!\s\d\d[.)]\s)(?<!^\d[.)]\s)(?<!^\d\d[.)]\s)"
                           r"\s*(?=[A-ZÆØÅ\-*•]|\d{1,2}[.)] [A-ZÆØÅ])|(?<=\n)\n*)")
_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`>#]")
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)]|[a-z][.)])\s+")


def sentences(markdown: str) -> list[str]:
    """Plain-text sentences of a Markdown text (links keep their text, list marks go)."""
    text = _MARKUP.sub(lambda m: m.group(1) or "", markdown or "")
    parts = (_LIST_MARK.sub("", p).strip() for p in _SENTENCE_END.split(text))
    return [p for p in parts if p]


def _read(scope: str, texts: list[str]) -> tuple[str, Rule, str] | None:
    """The strongest outcome the rules of a scope find in the texts' sentences."""
    best = None
    rules = _COMPILED[scope]
    for text in texts:
        for sentence in sentences(text):
            lower = sentence.lower()
            for rule, regex, words in rules:
                if words is not None and words.search(lower) is None:
                    continue
                match = regex.search(sentence)
                if match is None:
                    continue
                found = (rule.outcome, rule, sentence)
                if best is None or _strength(found[0]) > _strength(best[0]):
                    best = found
                break  # the first rule that matches decides the sentence
    return best


def _strength(outcome: str) -> int:
    return len(RANK) if outcome == FOLLOWS else RANK[outcome]


def strongest(outcomes) -> str:
    """The outcome that wins among several parts of an item (RANK)."""
    return max(outcomes, key=RANK.__getitem__, default=NOT_STATED)


def derive(title: str, recommendation: str, decision: str) -> Derived:
    """The outcome of an item from its title, recommendation and decision (Markdown)."""
    found = _read("beslutning", [decision])
    if found is None or found[0] == FOLLOWS:
        by_recommendation = _read("indstilling", [recommendation])
        if by_recommendation is not None:
            if found is not None:  # "Indstillingen blev fulgt": the recommendation's outcome
                return Derived(by_recommendation[0], found[1].reason, found[2])
            return Derived(by_recommendation[0], by_recommendation[1].reason, by_recommendation[2])
        if found is not None:  # followed, but the recommendation says nothing readable
            return Derived("godkendt", found[1].reason, found[2])
    if found is not None:
        return Derived(found[0], found[1].reason, found[2])
    by_title = _read("titel", [title])
    if by_title is not None:
        return Derived(by_title[0], by_title[1].reason, by_title[2])
    said = bool(sentences(decision) or sentences(recommendation))
    if not said:
        return Derived(NOT_STATED, "intet referat til punktet")
    return Derived(NOT_STATED, "reglerne fandt ingen formulering, der afgør udfaldet", settled=False)
