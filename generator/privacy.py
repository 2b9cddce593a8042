"""Finding personal data that must not be published: CPR numbers, private e-mail
addresses and phone numbers. A finding stops the build unless the entry allows that exact
text in its frontmatter (`allow_personal_data: ["..."]`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# DDMMYY-XXXX, with or without the dash, not part of a longer number.
CPR_RE = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})-?(\d{4})(?![\d-])")
EMAIL_RE = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", re.UNICODE)
# Danish numbers: 8 digits, optionally +45/0045 first, grouped by spaces (not dates like 18.01.2021).
PHONE_RE = re.compile(r"(?<![\w+])(?<!\d\.)(?:(?:\+|00)45[ ]?)?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}(?!\w)(?!\.\d)")
PRIVATE_MAIL_DOMAINS = {
    "gmail.com", "googlemail.com", "hotmail.com", "hotmail.dk", "live.dk", "live.com", "outlook.com",
    "outlook.dk", "msn.com", "yahoo.com", "yahoo.dk", "icloud.com", "me.com", "mac.com", "mail.dk",
    "jubii.dk", "protonmail.com", "proton.me", "get2net.dk", "youmail.dk", "webspeed.dk", "ofir.dk",
}


@dataclass(frozen=True)
class Finding:
    line: int
    kind: str  # cpr, email, phone
    text: str

    @property
    def message(self) -> str:
        what = {"cpr": "looks like a CPR number", "email": "is a private e-mail address",
                "phone": "looks like a phone number"}[self.kind]
        return (f"'{self.text}' {what}; remove it, or if it may be published, "
                f"add it to 'allow_personal_data' in the frontmatter")


def _plausible_cpr(day: str, month: str, year: str) -> bool:
    for century in (1900, 2000):
        try:
            dt.date(century + int(year), int(month), int(day))
            return True
        except ValueError:
            continue
    return False


def find_personal_data(text: str, first_line: int = 1) -> list[Finding]:
    findings: list[Finding] = []
    lineno, counted = first_line, 0
    for start, end in _candidate_lines(text):
        lineno += text.count("\n", counted, start)
        counted = start
        findings += _line_findings(text[start:end], lineno)
    return findings


# Every finding holds an "@", six digits in a row or eight digits in pairs. This pattern
# starts with a character set, so the regex engine skips to candidates fast; the full
# patterns (slow to try at every position) then run only on the few lines it finds.
_CANDIDATE_RE = re.compile(r"[\d@](?:(?<=@)|\d(?: ?\d\d ?\d\d ?\d\d|\d\d\d\d))")


def _candidate_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line that may hold personal data, in order."""
    lines: list[tuple[int, int]] = []
    for m in _CANDIDATE_RE.finditer(text):
        if lines and m.start() <= lines[-1][1]:
            continue  # this line is already a candidate
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        lines.append((start, len(text) if end < 0 else end))
    return lines


def _line_findings(line: str, lineno: int) -> list[Finding]:
    """On one line: CPR numbers, then e-mail addresses, then phone numbers not inside a CPR."""
    cprs = [m for m in CPR_RE.finditer(line) if _plausible_cpr(m[1], m[2], m[3])]
    findings = [Finding(lineno, "cpr", m.group(0)) for m in cprs]
    findings += [Finding(lineno, "email", m.group(0)) for m in EMAIL_RE.finditer(line)
                 if m[1].lower() in PRIVATE_MAIL_DOMAINS]
    cpr_spans = [m.span() for m in cprs]
    findings += [Finding(lineno, "phone", m.group(0).strip()) for m in PHONE_RE.finditer(line)
                 if not any(a <= m.start() < b for a, b in cpr_spans)]
    return findings
