"""The `qrsite` command: each command parses its options, calls the core, prints its report.

An expected failure is a clean message and exit code 1; a traceback is always a bug.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import pipeline, progress
from .i18n import N_, built_line, cli_language, count_text, gettext_for
from .payees import warning_lines
from .problems import ContentError
from .signs.messages import render as render_message
from .site.build import MkDocsFailed


def _t():
    return gettext_for(cli_language())


def _problems_found(count: int, nothing_built: bool = False) -> str:
    if nothing_built:
        return count_text(
            cli_language(),
            "{count} problem found. Nothing was built; the previous output is unchanged.",
            "{count} problems found. Nothing was built; the previous output is unchanged.",
            count,
        )
    return count_text(cli_language(), "{count} problem found.", "{count} problems found.", count)


def _root() -> Path:
    """The project holding the current folder: the nearest folder upwards with a sites/
    folder, as git finds its repository (an author may be inside relics/x/)."""
    here = Path.cwd()
    for root in (here, *here.parents):
        if (root / "sites").is_dir():
            return root
    gettext = _t()
    click.echo(
        gettext(
            "There is no 'sites' folder here or above: run qrsite in the project's folder (the "
            "one with sites/, relics/, streets/ and content/) or one of its folders."
        ),
        err=True,
    )
    sys.exit(1)


HELD_BACK = 3  # `build --keep-going`: some sites built, some held back by their errors


def _print_problems(problems, err: bool = True) -> None:
    gettext = _t()
    for problem in problems:
        click.echo(problem.render(gettext), err=err)


def _fail_with_problems(exc: ContentError) -> None:
    _print_problems(exc.problems)
    click.echo(_problems_found(len(exc.problems), nothing_built=True), err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="qrsite")
def main() -> None:
    """qrsite: bilingual sites and print-ready QR signs from Markdown."""


@main.command()
@click.argument("sites", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "gitlab"]),
    default="text",
    show_default=True,
    help="text: path:line: message; github: GitHub Actions annotations (also Gitea and "
    "Forgejo); gitlab: a GitLab Code Quality report (JSON).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the report to this file (e.g. gl-code-quality-report.json) and the "
    "problems as text to the terminal.",
)
def check(sites: tuple[str, ...], fmt: str, output: Path | None) -> None:
    """Check the content of SITES (all when none are named) and report every problem."""
    from . import report_formats

    gettext = _t()
    root = _root()
    try:
        problems, failed = pipeline.check(root, list(sites) or None).warnings, False
    except ContentError as exc:
        problems, failed = exc.problems, True
    if fmt == "text" and output is None:  # the terminal's report, as it always was
        _print_problems(problems)
    else:
        report = report_formats.render(
            fmt, problems, gettext, report_formats.repository_prefix(root)
        )
        if output is None:
            click.echo(report, nl=False)
        else:
            output.write_text(report, encoding="utf-8")
            _print_problems(problems)
    # the count goes where it always went; a report on standard output stays only the report
    summary_to_stderr = fmt != "text" and output is None
    if failed:
        click.echo(_problems_found(len(problems)), err=True)
        sys.exit(1)
    click.echo(gettext("No problems found."), err=summary_to_stderr)


@main.command()
@click.argument("sites", nargs=-1)
@click.option(
    "--jobs",
    "-j",
    default=1,
    show_default=True,
    type=click.IntRange(min=0),
    help="Sites to build at once, each in its own process (0: one per core).",
)
@click.option(
    "--keep-going",
    is_flag=True,
    help="Build the sites whose own files have no error, hold back the others (their "
    "output stays as it was) and exit 3; an error in a shared guide still stops all.",
)
def build(sites: tuple[str, ...], jobs: int, keep_going: bool) -> None:
    """Check, then build the site and the signs of SITES (all when none are named)."""
    gettext = _t()
    try:
        report = pipeline.build(
            _root(),
            list(sites) or None,
            progress=progress.for_terminal(gettext=gettext),
            jobs=jobs,
            keep_going=keep_going,
        )
    except ContentError as exc:
        _fail_with_problems(exc)
    except MkDocsFailed as exc:
        click.echo(
            gettext("MkDocs could not build the site: {detail}").format(detail=exc), err=True
        )
        sys.exit(1)
    except pipeline.SignsFailed as exc:
        heading = (
            N_("{site}: the signs were not finished; nothing was changed:")
            if exc.stopped
            else N_("{site}: these signs cannot be made; nothing was changed:")
        )
        click.echo(gettext(heading).format(site=exc.site), err=True)
        for message in exc.messages or (str(exc),):
            click.echo(render_message(message, gettext), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo(gettext("Interrupted: the previous output is unchanged."), err=True)
        sys.exit(130)
    _print_problems(report.warnings)
    for result in report.sites:
        click.echo(
            built_line(
                cli_language(),
                result.site,
                result.pages,
                result.signs,
                result.out.relative_to(_root())
                if result.out.is_relative_to(_root())
                else result.out,
            )
        )
        label = gettext("warning")
        for warning in result.sign_warnings:
            click.echo(f"  {label}: {render_message(warning, gettext)}", err=True)
    # last, where it cannot scroll away: who the payment stickers now pay
    for line in warning_lines([c for r in report.sites for c in r.payee_changes]):
        click.echo(line, err=True)
    if report.held_back:
        _print_problems(report.held_back_problems)
        click.echo(
            gettext(
                "{sites}: not built because of the problems above; their output is unchanged."
            ).format(sites=", ".join(report.held_back)),
            err=True,
        )
        sys.exit(HELD_BACK)


@main.command()
@click.argument("sites", nargs=-1)
def verify(sites: tuple[str, ...]) -> None:
    """Decode every QR code in the built signs; each must open a built page."""
    from .signcheck import NotBuilt
    from .signcheck import verify as verify_signs

    gettext = _t()
    try:
        results = verify_signs(_root(), list(sites) or None)
    except NotBuilt as exc:
        click.echo(
            gettext("{site}: no built signs yet: run 'qrsite build {site}' first").format(
                site=exc.site
            ),
            err=True,
        )
        sys.exit(1)
    failed = 0
    for site, lines in results.items():
        for line in lines:
            mark = "ok  " if line.ok else "FAIL"
            click.echo(f"{mark} {site}/{line.code}: {render_message(line.message, gettext)}")
            failed += not line.ok
    total = sum(len(lines) for lines in results.values())
    click.echo(
        count_text(
            cli_language(),
            "{count} sign read back, {failed} failed.",
            "{count} signs read back, {failed} failed.",
            total,
            failed=failed,
        )
    )
    if failed or not total:
        sys.exit(1)


@main.command()
@click.argument("site")
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
def serve(site: str, port: int) -> None:
    """Preview SITE on http://127.0.0.1:PORT/, rebuilding whenever a file is saved."""
    from .serve import serve as run_serve

    sys.exit(run_serve(_root(), site, port, echo=click.echo))


@main.command()
@click.argument("site", required=False)
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
def edit(site: str | None, port: int) -> None:
    """The browser editing room for SITE (the only site when there is one), with its preview."""
    from .editor.room import edit as run_edit

    root = _root()
    if site is None:
        sites = sorted(p.parent.name for p in (root / "sites").glob("*/site.yml"))
        if len(sites) != 1:
            gettext = gettext_for(cli_language())
            click.echo(
                gettext("Name the site to edit: {known}").format(known=", ".join(sites) or "-")
            )
            sys.exit(1)
        site = sites[0]
    sys.exit(run_edit(root, site, port, echo=click.echo))


@main.group()
def new() -> None:
    """Start a site or an entry from a bilingual template (Vietnamese and English)."""


def _new(kind: str, site: str | None, slug: str | None, title: str | None) -> None:
    from .scaffold import ScaffoldError, new_entry

    gettext = _t()
    try:
        created = new_entry(_root(), kind, site, slug, title)
    except ScaffoldError as exc:
        click.echo(gettext(exc.message).format(**exc.params), err=True)
        sys.exit(1)
    for path in created.files:
        click.echo(path.relative_to(_root()).as_posix())
    if site is None:
        click.echo(gettext("Created. Add it to 'guides:' in sites/SITE/site.yml to show it."))
    else:
        click.echo(
            gettext("Created. Edit the files, then run 'qrsite serve {site}' to preview.").format(
                site=site
            )
        )


@new.command("site")
@click.argument("slug")
@click.option("--name", required=True, help="The site's name in Vietnamese.")
@click.option("--name-en", help="The site's name in English (default: the same).")
def new_site(slug: str, name: str, name_en: str | None) -> None:
    """A locality's site in sites/SLUG/site.yml, every field explained."""
    from .scaffold import ScaffoldError
    from .scaffold import new_site as make_site

    gettext = _t()
    try:
        created = make_site(_root(), slug, name, name_en)
    except ScaffoldError as exc:
        click.echo(gettext(exc.message).format(**exc.params), err=True)
        sys.exit(1)
    for path in created.files:
        click.echo(path.relative_to(_root()).as_posix())
    click.echo(
        gettext(
            "Created. Set base_url and short_base to the addresses the site will be "
            "published at, then start entries: qrsite new relic {site}"
        ).format(site=slug)
    )


@new.command("relic")
@click.argument("site")
@click.argument("slug", required=False)
@click.option("--title", help="The Vietnamese title; makes the folder name when none is given.")
def new_relic(site: str, slug: str | None, title: str | None) -> None:
    """A relic of SITE in relics/SITE/SLUG."""
    _new("relic", site, slug, title)


@new.command("street")
@click.argument("site")
@click.argument("slug", required=False)
@click.option("--title", help="The Vietnamese title; makes the folder name when none is given.")
def new_street(site: str, slug: str | None, title: str | None) -> None:
    """A digital or cashless street of SITE in streets/SITE/SLUG."""
    _new("street", site, slug, title)


@new.command("guide")
@click.argument("slug", required=False)
@click.option("--title", help="The Vietnamese title; makes the folder name when none is given.")
def new_guide(slug: str | None, title: str | None) -> None:
    """A service guide shared by every site, in content/guides/SLUG."""
    _new("guide", None, slug, title)


@main.command()
@click.argument("sites", nargs=-1)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit with 1 when an entry is past its age (for a scheduled job); nothing else fails it.",
)
def status(sites: tuple[str, ...], strict: bool) -> None:
    """Per site: entries with and without English, stale translations, entries past their
    age, codes, signs."""
    from .status import format_status, project_status

    root = _root()
    known = sorted(p.name for p in (root / "sites").iterdir() if (p / "site.yml").is_file())
    for name in sites:
        if name not in known:
            click.echo(
                _t()("there is no site '{name}': the sites are {known}").format(
                    name=name, known=", ".join(known) or "-"
                ),
                err=True,
            )
            sys.exit(1)
    report = project_status(root, list(sites) or None)
    click.echo(format_status(report, _t(), cli_language()), nl=False)
    if strict and any(s.overdue for s in report):
        sys.exit(1)


@main.command()
@click.argument("old")
@click.argument("new")
def move(old: str, new: str) -> None:
    """Move the entry folder OLD to NEW (git mv when git tracks it); its codes follow it.

    OLD and NEW are folders such as relics/SITE/NAME, streets/SITE/NAME or
    content/guides/NAME. Signs already printed then open the page at its new place.
    """
    from .moves import MoveError
    from .moves import move as run_move

    gettext = _t()
    try:
        report = run_move(_root(), old, new)
    except MoveError as exc:
        click.echo(exc.render(gettext), err=True)
        sys.exit(1)
    _echo_codes(report, gettext("Moved. Codes now opening the new page: {codes}"))
    for path in report.edited:
        click.echo(gettext("Updated {path}: commit it with the content").format(path=_shown(path)))


@main.command()
@click.argument("path")
@click.option("--note", default="", help="What happened, shown to people who scan the sign.")
@click.option("--yes", is_flag=True, help="Do not ask before deleting a folder git does not hold.")
def retire(path: str, note: str, yes: bool) -> None:
    """Remove the entry folder PATH on purpose; its codes open a 'no longer here' page.

    PATH is an entry folder (relics/SITE/NAME, streets/SITE/NAME, content/guides/NAME), or,
    to retire a single sign, a street stop (streets/SITE/NAME#2) or a counter's guide
    (counters/SITE/COUNTER/GUIDE).
    """
    from .moves import MoveError, unrecoverable
    from .moves import retire as run_retire

    gettext = _t()
    lost = unrecoverable(_root(), path)
    if lost and not yes:
        folder, files = lost
        shown = ", ".join(files[:3]) + (", …" if len(files) > 3 else "")
        click.confirm(
            gettext(
                "{path} holds files that git does not have ({files}): once deleted they "
                "cannot be brought back. Delete them?"
            ).format(path=folder, files=shown),
            abort=True,
            err=True,
        )
    try:
        report = run_retire(_root(), path, note)
    except MoveError as exc:
        click.echo(exc.render(gettext), err=True)
        sys.exit(1)
    _echo_codes(report, gettext("Retired codes: {codes}"))
    for ref in report.references:
        click.echo(
            gettext("{path} still names this guide: remove it there").format(path=_shown(ref))
        )


@main.command()
@click.argument("site")
@click.argument("codes", nargs=-1)
@click.option(
    "--manifest",
    "manifests",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A manifest.csv that went to the print shop (default: the last build's signs' "
    "and payment stickers'); may be given twice.",
)
@click.option(
    "--date", "day", help="The day the signs were printed, year-month-day (default: today)."
)
def printed(
    site: str, codes: tuple[str, ...], manifests: tuple[Path, ...], day: str | None
) -> None:
    """Record that the signs of SITE (only CODES, when given) went to the print shop.

    Writes sites/SITE/printed.yml (commit it): from then on `qrsite status` and
    reprint.pdf list the signs whose content changed since, and the signs never printed.
    """
    from .content.dates import parse_day
    from .content.site_file import load_site
    from .i18n import UserError
    from .printed import built_manifests, printed_path, record_printed
    from .problems import Problems
    from .reproducible import today

    gettext, root = _t(), _root()
    when = parse_day(day) if day else today()
    if when is None:
        click.echo(gettext("--date must be year-month-day, for example 2026-11-20"), err=True)
        sys.exit(1)
    loaded = load_site(root / "sites" / site, root, Problems(root))
    if loaded is None:
        click.echo(gettext("there is no site '{name}'").format(name=site), err=True)
        sys.exit(1)
    signs = root / "build" / site / "signs"
    manifests = list(manifests) or built_manifests(signs)
    if not manifests:
        click.echo(
            gettext("{site}: no built signs yet: run 'qrsite build {site}' first").format(
                site=site
            ),
            err=True,
        )
        sys.exit(1)
    try:
        done = record_printed(loaded, manifests, codes, when)
    except UserError as exc:
        click.echo(exc.render(gettext), err=True)
        sys.exit(1)
    except ContentError as exc:  # printed.yml itself needs correcting first
        _print_problems(exc.problems)
        sys.exit(1)
    click.echo(
        count_text(
            cli_language(),
            "{count} sign recorded as printed on {date}",
            "{count} signs recorded as printed on {date}",
            len(done),
            date=when.isoformat(),
        )
    )
    click.echo(
        gettext("Updated {path}: commit it with the content").format(
            path=_shown(printed_path(loaded))
        )
    )


def _shown(path: Path) -> str:
    return path.relative_to(_root()).as_posix() if path.is_relative_to(_root()) else str(path)


def _echo_codes(report, template: str) -> None:
    gettext = _t()
    click.echo(template.format(codes=", ".join(report.codes) or "-"))
    for registry in report.registries:
        click.echo(
            gettext("Updated {path}: commit it with the content").format(path=_shown(registry))
        )


@main.command()
@click.argument("logfile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--site", help="Count only this site's codes.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV, one row per code and day.")
def scans(logfile: Path, site: str | None, as_csv: bool) -> None:
    """Scans per code and sign, by day and language, from a host's access log.

    LOGFILE is an nginx or Apache log in common or combined format (.gz is fine). A scan
    is a GET or HEAD answered 2xx/3xx for SHORT-PATH/CODE/; hits of one address on one
    code within 30 seconds count once. The language is that of the page the same
    address opens next within 30 seconds ('en/...' English, else Vietnamese; '?' when
    the log shows none). No cookie or third-party service is involved.
    """
    from .scans import ScanError, count_scans, format_csv, format_table, open_log, site_codes

    gettext = _t()
    try:
        sites = site_codes(_root(), site)
        counts = count_scans(open_log(logfile), sites)
    except ScanError as exc:
        click.echo(exc.render(gettext), err=True)
        sys.exit(1)
    if as_csv:
        click.echo(format_csv(counts, sites), nl=False)
        return
    click.echo(format_table(counts, sites, gettext))
    click.echo(
        gettext("{scans} scans in {lines} lines; {bad} lines not in common/combined format").format(
            scans=len(counts.scans), lines=counts.lines, bad=counts.unreadable
        )
    )


if __name__ == "__main__":  # pragma: no cover
    main()
