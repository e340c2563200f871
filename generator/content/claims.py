"""Facts credited to "the press" with no source named: the one claim a reader can never
check, and the one a fact-check of our own samples found most often unbacked."""

from __future__ import annotations

import re

from ..i18n import N_
from ..model import Project
from ..problems import Problems
from .drafts import every_entry
from .shapes import field_line
from .values import findable

# Phrases that credit unnamed reports, in the languages entries are written in.
PRESS = re.compile(
    r"\b(theo báo chí|báo chí (đưa tin|cho biết|phản ánh)|theo (các|nhiều) (báo|bài báo)"
    r"|theo thông tin (từ )?báo chí|according to (the )?(press|media|news reports)"
    r"|as reported\b|(press|media|news) reports? (say|said)|reported by the (press|media))",
    re.IGNORECASE,
)
# A word each phrase of PRESS holds, in lower case: a text holding none of them is not
# searched further (PRESS, a case-blind alternation, takes 0.15 ms over an entry's text;
# these, lower-cased, a hundredth of that).
CUES = ("báo", "press", "media", "news", "reported")
HINT = N_(
    "this credits the press, but no source is named: add the article under 'sources' "
    "(title, publisher, date) in {file}, or take the claim out"
)


def cued(text: str) -> bool:
    lowered = text.lower()
    return any(cue in lowered for cue in CUES)


def check_press_claims(project: Project, problems: Problems) -> None:
    """Warn (never fail) on each line that cites unnamed reports without a source a
    reader can look up (one with a publisher or an address)."""
    for entry in every_entry(project):
        if any(findable(s) for s in entry.vi.fields.get("sources") or ()):
            continue
        for translation in (entry.vi, entry.en):
            if translation is None:
                continue
            summary = str(translation.fields.get("summary", ""))
            if cued(summary) and PRESS.search(summary):
                line = field_line(translation.path, "summary")
                problems.warn(translation.path, line, HINT, file="index.vi.md")
            if not cued(translation.body):
                continue  # most texts hold none of the words
            for number, text in enumerate(translation.body.splitlines()):
                if PRESS.search(text):
                    line = translation.body_line + number
                    problems.warn(translation.path, line, HINT, file="index.vi.md")
    for site in project.sites.values():
        description = " ".join(filter(None, (site.description.vi, site.description.en)))
        if not any(findable(s) for s in site.sources) and PRESS.search(description):
            line = field_line(site.config_file, "description")
            problems.warn(site.config_file, line, HINT, file="site.yml")
