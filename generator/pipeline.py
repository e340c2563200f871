"""`qrsite build` from start to end: check, then per site the pages and the signs.

Each site is built into a fresh folder beside the old output and swapped in only
when everything succeeded, so a failed build leaves the previous output as it was.
"""

from __future__ import annotations

import functools
import gc
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import parallel
from .background import Background, Stopped
from .codes import KEPT_FOLDER as KEPT_REGISTRY
from .codes import Code, Registry, assign
from .content import kept_entries, load_project
from .content.drafts import every_entry
from .editor.admin_page import write_admin
from .freshness import check_checked_days
from .i18n import N_
from .kept_json import forget_sites_gone
from .model import Project
from .payees import PayeeChange, changes_between, payees_of, read_payees, write_payees
from .paymentplan import PAYMENTS_DIR, payment_specs
from .printed import reprint_list
from .problems import ContentError, Problem, Problems
from .progress import Reporter, reporting
from .progress import report as report_progress
from .reproducible import build_day, source_date_epoch
from .signplan import allowed_prefixes, sign_specs
from .signs import render_signs
from .signs.messages import Message
from .site import build_site, finish_for_phones, finished, page_bodies, photofacts, rendered
from .site.build import MKDOCS_KEPT
from .site.finished import Finished, finished_file
from .site.landing import landings
from .site.media import PhotoError
from .site.old_addresses import write_old_addresses
from .site.print_room import ARTIFACT_DIR, PRINT_ROOM, code_pages, write_print_room
from .staging import (
    StagingAhead,
    clean_leftovers,
    others_building,
    remove_empty_folders,
    staging_dir,
    swap,
)
from .sweep import sweep

ROOM_AHEAD = ".print-room"  # in a staging folder: the print room, until the pages are done


@dataclass
class SiteResult:
    site: str
    out: Path
    pages: int = 0
    signs: int = 0
    sign_warnings: list[str] = field(default_factory=list)
    payment_signs: int = 0
    payee_changes: list[PayeeChange] = field(default_factory=list)  # since the last build
    stamps: dict = field(default_factory=dict)  # what remakes an entry's page: BuiltSite


@dataclass
class BuildReport:
    sites: list[SiteResult] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    held_back: list[str] = field(default_factory=list)  # keep_going: sites not built
    held_back_problems: list[Problem] = field(default_factory=list)  # and why


@dataclass
class Checked:
    project: Project
    warnings: list[Problem]
    codes: dict[str, tuple[Registry, dict[str, Code]]]  # site -> registry, target key -> code


def check(
    root: Path, sites: list[str] | None = None, preview: bool = False, cache: Path | None = None
) -> Checked:
    """Load and validate, codes included; raise ContentError carrying every error.

    Drafts are set aside (no page, code or sign); a `preview` keeps those whose pages
    can be made, to show them marked as drafts. `cache`: the build's cache folder, where
    the entries read are kept for the next check (content/kept_entries.py).
    """
    project, problems = load_project(root, sites, cache)
    drafts = {e.key for e in every_entry(project) if e.draft}
    keep = drafts - project.unfinished_drafts if preview else set()
    day = build_day(root)
    project = project.published(keep).as_of(day)
    check_checked_days(project, day, problems)
    codes = {slug: assign(project, site, problems, cache) for slug, site in project.sites.items()}
    if problems.errors:
        raise ContentError(problems.sorted())
    return Checked(project, [p for p in problems.sorted() if p.level != "error"], codes)


def build(
    root: Path,
    sites: list[str] | None = None,
    out_root: Path | None = None,
    progress: Reporter | None = None,
    jobs: int = 1,
    keep_going: bool = False,
) -> BuildReport:
    """`progress`, when given, hears of each site, page language, photo and sign done.

    With `jobs` above 1 (0: one per core) the sites build in parallel processes. With
    `keep_going`, a site whose own files have errors is held back (its previous output
    stays) and the others are built; an error in what sites share (a guide) stops all.
    """
    root = root.resolve()
    out_root = out_root or root / "build"
    cache = out_root / ".cache"
    everyone = sites or sorted(p.parent.name for p in (root / "sites").glob("*/site.yml"))
    here = parallel.runs_here(jobs, len(everyone))  # staging folders are per process
    clean_leftovers(out_root)  # before any folder is made ahead
    with (
        reporting(progress),
        source_date_epoch(root),
        _collector_spared(),
        StagingAhead(out_root, out_root / SPARE, everyone if here else []) as ahead,
    ):
        held_back: list[str] = []
        try:
            checked = check(root, sites, cache=cache)
        except ContentError as exc:
            held_back = sites_at_fault(exc.problems) if keep_going else []
            rest = [s for s in everyone if s not in held_back]
            if not held_back or not rest:
                raise
            checked = check(root, rest, cache=cache)  # a problem they share still stops them
            failed = exc
        ahead.done()
        gc.freeze()  # the model lives to the end: the collector need not walk it again
        report = BuildReport(warnings=checked.warnings)
        if held_back:
            report.held_back = held_back
            report.held_back_problems = [p for p in failed.problems if p.level == "error"]
        slugs = sorted(checked.project.sites)
        report_progress("sites", 0, len(slugs), slugs[0] if slugs else "")
        tasks = [(checked.project, slug, out_root, *checked.codes[slug]) for slug in slugs]
        worker = build_one if jobs == 1 else _build_quietly
        failure = None
        for number, (slug, (result, error)) in enumerate(
            zip(slugs, parallel.run(worker, tasks, jobs), strict=False)
        ):
            if error is not None:
                failure = failure or error
                continue
            report.sites.append(result)
            checked.codes[slug][0].save()  # only once the site that prints them is built
            report_progress("sites", number + 1, len(slugs), slug)
        if isinstance(failure, PhotoError):
            problems = Problems(root)
            problems.add(
                failure.source,
                0,
                "the photo '{name}' is damaged (it ends too early): export it again as JPEG",
                name=Path(failure.source).name,
            )
            raise ContentError(problems.sorted()) from failure
        if failure is not None:
            raise failure
        if not others_building(out_root):  # what no site uses any more
            everything = sorted(p.parent.name for p in (root / "sites").glob("*/site.yml"))
            sweep(cache / "photos", everything)
            sweep(cache / "signs", everything, spare=("images",))
            sweep(cache / "payment-signs", everything, spare=("images",))
            for folder in (photofacts.FOLDER, rendered.FOLDER, finished.FOLDER, KEPT_REGISTRY):
                forget_sites_gone(cache, folder, everything)
            forget_sites_gone(cache, kept_entries.FOLDER, everything, kept_entries.SUFFIX)
            for folder in (out_root / SPARE, cache / MKDOCS_KEPT):
                for gone in sorted(set(_names(folder)) - set(everything)):
                    shutil.rmtree(folder / gone, ignore_errors=True)
        report_progress("sites", len(slugs), len(slugs))
    return report


def _names(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir()] if folder.is_dir() else []


SPARE = ".spare"  # under the output folder: each site's output before the last (swap)
SITE_FOLDERS = ("sites", "relics", "streets")  # <folder>/<site>/...: one site's own files


def sites_at_fault(problems: list[Problem]) -> list[str]:
    """The sites whose own files hold the errors; [] when an error lies elsewhere (a
    shared guide, the project), which no site can be built without."""
    sites = set()
    for problem in problems:
        if problem.level != "error":
            continue
        parts = problem.path.split("/")
        if len(parts) < 2 or parts[0] not in SITE_FOLDERS:
            return []
        sites.add(parts[1])
    return sorted(sites)


@contextmanager
def _collector_spared() -> Iterator[None]:
    """Objects frozen during the build (gc.freeze) are released to the collector after
    it, so a long-running `qrsite serve` does not keep each build's model."""
    try:
        yield
    finally:
        gc.unfreeze()


SIGNS_STOPPED = N_(
    "the drawing of the signs stopped before it finished (exit code {code}): the computer "
    "may be short of memory; close other programs and build again"
)


class SignsFailed(Exception):
    """Signs that cannot be made (each line of the message names its sign's code), or,
    with `stopped`, a drawing of the signs that ended before it finished."""

    def __init__(self, site: str, detail: str, messages: tuple = (), stopped: bool = False):
        super().__init__(detail)
        self.site = site
        self.messages = messages  # each with render(gettext); empty: show str(self)
        self.stopped = stopped

    def __reduce__(self):  # sites built in worker processes send it back whole
        return SignsFailed, (self.site, str(self), self.messages, self.stopped)


def _quiet_signs(
    site: str, specs, out_dir, cache_dir, base_url, prefixes, jobs, payments=(), reprint=()
):
    """All of a site's signs, drawn beside the page build: progress is the pages'.
    Payment signs go to their own folder and cache, apart from the signs of the site
    (their codes carry whole account numbers): returns (signs, payment signs). The
    codes in `reprint` also go into each folder's reprint.pdf."""
    try:
        with reporting(None):
            signs = render_signs(
                specs,
                out_dir,
                cache_dir,
                base_url=base_url,
                allowed_prefixes=prefixes,
                jobs=jobs,
                site=site,
                reprint=reprint,
            )
            paid = []
            if payments:
                paid = render_signs(
                    payments,
                    out_dir / PAYMENTS_DIR,
                    cache_dir.parent / "payment-signs",
                    base_url=base_url,
                    jobs=jobs,
                    site=site,
                    reprint=reprint,
                )
            return signs, paid
    except ValueError as exc:  # render_signs names every sign it cannot make
        raise SignsFailed(site, str(exc), getattr(exc, "messages", ())) from None


def _signs_then_room(room: Callable[[], object], *signs_task):
    """The signs (_quiet_signs), then the print room made from them (`room`): both
    beside the pages, which the build waits on longer."""
    drawn = _quiet_signs(*signs_task)
    room()
    return drawn


def _build_quietly(*task) -> SiteResult:
    """build_one in a worker process: progress is reported by the parent only."""
    with reporting(None):
        result = build_one(*task, workers=1)  # the sites already share the cores
    result.stamps = {}  # only a preview remakes pages: not sent back
    return result


def build_one(
    project: Project,
    slug: str,
    out_root: Path,
    registry: Registry,
    codes: dict[str, Code],
    workers: int | None = None,
    cache: Path | None = None,
) -> SiteResult:
    """`registry` and `codes`: the site's checked codes (codes.assign); `workers`:
    processes drawing signs and resizing photos (None: one per core); `cache`: what
    builds keep for the next (photo sizes, rendered Markdown, drawn signs), by default
    `out_root`/.cache."""
    site = project.sites[slug]
    cache = cache or out_root / ".cache"
    final = out_root / slug
    spare = out_root / SPARE / slug
    staging = staging_dir(out_root, slug, spare)
    signs_job = None
    try:
        # the signs need only the model: they are drawn while MkDocs writes the pages, and
        # the print room made from them
        specs = list(sign_specs(project, site, codes))
        payments = payment_specs(project, site)
        reprint = reprint_list(site, [*specs, *payments])
        public = site.print_room == "public"  # unlisted in the site, or beside it only
        room_at = staging / "site" / PRINT_ROOM if public else staging / ARTIFACT_DIR
        room_ahead = staging / ROOM_AHEAD  # apart while the pages are written, moved after
        room = functools.partial(
            write_print_room,
            site,
            staging / "signs",
            room_ahead,
            reprint,
            pages=code_pages(project, site, codes),
            site_dir=staging / "site",
            moved_to=room_at,
        )
        signs_job = Background(
            _signs_then_room,
            room,
            slug,
            specs,
            staging / "signs",
            cache / "signs",
            site.base_url,
            allowed_prefixes(site),
            workers,
            payments,
            set(reprint),
        )
        built = build_site(
            project,
            site,
            staging / "site",
            staging / "work",
            cache,
            jobs=workers,
            codes={key: code.code for key, code in codes.items()},
            previous=final / "site",
        )
        for here, html in landings(project, site, registry).items():  # written with the pages
            built.pending[staging / "site" / here / "index.html"] = functools.partial(str, html)
        write_old_addresses(project, site, staging / "site", registry)
        bodies = page_bodies(staging / "site", built.pages)
        memo = Finished(finished_file(cache, slug))
        finish_for_phones(site, staging / "site", bodies, built.pending, final / "site", memo)
        shutil.rmtree(staging / "work")
        report_progress("signs", 0, len(specs))
        try:
            signs, paid = signs_job.result()
        except Stopped as exc:
            message = Message(SIGNS_STOPPED, code=exc.exitcode)
            raise SignsFailed(slug, str(exc), (message,), stopped=True) from None
        report_progress("signs", len(specs), len(specs))
        payees = payees_of(project, site)
        changed = changes_between(read_payees(final / "signs" / PAYMENTS_DIR), payees)
        if payees:
            write_payees(staging / "signs" / PAYMENTS_DIR, payees, changed)
        shutil.rmtree(room_at, ignore_errors=True)  # an empty folder kept from the spare
        room_ahead.rename(room_at)
        if site.editor:
            write_admin(project, site, staging / "site", editor_modules(project))
        remove_empty_folders(staging)
        swap(staging, final, spare)
    except BaseException:
        if signs_job is not None:
            signs_job.cancel()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SiteResult(
        slug,
        final,
        pages=sum(len(p) for p in built.pages.values()),
        signs=len(signs),
        payment_signs=len(paid),
        payee_changes=changed,
        stamps=built.stamps,
        sign_warnings=[
            Message("{code}: {warning}", code=sign.code, warning=w)
            for sign in [*signs, *paid]
            for w in sign.warnings
        ],
    )


def editor_modules(project: Project) -> Path:
    """The npm copy of the CMS a site with a hosted editing room is built with."""
    from .editor.room import NotInstalled, node_modules

    try:
        return node_modules(project.root)
    except NotInstalled:
        raise ContentError([Problem("package.json", 0, EDITOR_NOT_INSTALLED)]) from None


EDITOR_NOT_INSTALLED = N_(
    "a site.yml asks for the hosted editing room ('editor'), whose files come from npm: "
    "run 'npm ci --omit=dev' in the qrsite folder, then build again"
)
