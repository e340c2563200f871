"""`qrsite check`'s problems in the forms a CI host shows where the author looks.

- `text`: `path:line: message`, one a line, as the terminal has always shown them;
- `github`: GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`),
  which Gitea and Forgejo Actions read too: each problem becomes an annotation on the
  commit, the pull request and the file;
- `gitlab`: a GitLab Code Quality report (a JSON array in the Code Climate subset GitLab
  reads), shown on the merge request.

Messages are in the language the caller's `gettext` speaks (the CLI's: LANGUAGE, LC_ALL,
LC_MESSAGES, LANG). A GitLab fingerprint is made of what the problem *is* (file, line,
message id, values), never of its translated text, so a pipeline that switches language
does not make every problem look new.

Problems carry paths relative to the project (the folder with `sites/`); a CI host wants
them relative to the repository. `repository_prefix` finds the project's folder inside
the repository it belongs to, so a project kept in a sub-folder still points at its files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from .problems import WARNING, Problem

FORMATS = ("text", "github", "gitlab")
TITLE = "qrsite check"  # the annotation's title: a command's name, the same in every language


def repository_prefix(root: Path) -> str:
    """The project folder's path inside its git repository, with a trailing slash ('' at
    the repository's top, or outside any repository)."""
    root = root.resolve()
    for folder in (root, *root.parents):
        if (folder / ".git").exists():  # a folder, or a file in a worktree or submodule
            inside = root.relative_to(folder).as_posix()
            return "" if inside == "." else inside + "/"
    return ""


def render(fmt: str, problems: Iterable[Problem], gettext, prefix: str = "") -> str:
    """The report in `fmt` (one of FORMATS), ending with a newline unless it is empty."""
    if fmt == "text":
        return "".join(f"{p.render(gettext)}\n" for p in problems)
    if fmt == "github":
        return github(problems, gettext, prefix)
    if fmt == "gitlab":
        return gitlab(problems, gettext, prefix)
    raise ValueError(f"unknown report format {fmt!r}")


# GitHub: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
# and @actions/core's command.ts: data escapes %, CR and LF; a property also : and ,.
def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(problems: Iterable[Problem], gettext, prefix: str = "") -> str:
    lines = []
    for problem in problems:
        command = "warning" if problem.level == WARNING else "error"
        properties = [("file", prefix + problem.path)]
        if problem.line:  # 0: the whole file, which an annotation says by naming no line
            properties.append(("line", str(problem.line)))
        properties.append(("title", TITLE))
        joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
        lines.append(f"::{command} {joined}::{escape_data(problem.text(gettext))}\n")
    return "".join(lines)


# GitLab: https://docs.gitlab.com/ci/testing/code_quality/ (the report format): a JSON
# array of objects with description, check_name, fingerprint, severity, location.path and
# location.lines.begin.
SEVERITY = {"error": "major", WARNING: "minor"}


def fingerprint(problem: Problem, prefix: str = "") -> str:
    """A stable hash of where the problem is and what it is, in no language."""
    params = [[key, str(value)] for key, value in problem.params]
    what = [prefix + problem.path, problem.line, problem.message, params]
    return hashlib.sha256(json.dumps(what, ensure_ascii=False).encode("utf-8")).hexdigest()


def gitlab(problems: Iterable[Problem], gettext, prefix: str = "") -> str:
    issues: dict[str, dict] = {}  # by fingerprint: the same problem twice is one issue
    for problem in problems:
        key = fingerprint(problem, prefix)
        issues.setdefault(
            key,
            {
                "description": problem.text(gettext),
                "check_name": problem.message,
                "fingerprint": key,
                "severity": SEVERITY.get(problem.level, "major"),
                "location": {
                    "path": prefix + problem.path,
                    # a whole-file problem (line 0) points at the first line
                    "lines": {"begin": problem.line or 1},
                },
            },
        )
    return json.dumps(list(issues.values()), ensure_ascii=False, indent=2) + "\n"
