"""`qrsite build` from start to end: check, then per site the pages and the signs.

Each site is built into a fresh folder beside the old output and swapped in only
when everything succeeded, so a failed build leaves the previous output as it was.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .codes import Code, Registry, assign
from .content import load_project
from .model import Project
from .problems import ContentError, Problem
from .progress import Reporter, reporting
from .progress import report as report_progress
from .signplan import allowed_prefixes, sign_specs
from .signs import render_signs
from .site import build_site, finish_for_phones
from .site.landing import write_landings


@dataclass
class SiteResult:
    site: str
    out: Path
    pages: int = 0
    signs: int = 0


@dataclass
class BuildReport:
    sites: list[SiteResult] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class Checked:
    project: Project
    warnings: list[Problem]
    codes: dict[str, tuple[Registry, dict[str, Code]]]  # site -> registry, target key -> code


def check(root: Path, sites: list[str] | None = None) -> Checked:
    """Load and validate, codes included; raise ContentError carrying every error."""
    project, problems = load_project(root, sites)
    codes = {slug: assign(project, site, problems) for slug, site in project.sites.items()}
    if problems.errors:
        raise ContentError(problems.sorted())
    return Checked(project, [p for p in problems.sorted() if p.level != "error"], codes)


def build(
    root: Path,
    sites: list[str] | None = None,
    out_root: Path | None = None,
    progress: Reporter | None = None,
) -> BuildReport:
    """`progress`, when given, hears of each site, page language, photo and sign done."""
    with reporting(progress):
        root = root.resolve()
        checked = check(root, sites)
        out_root = out_root or root / "build"
        report = BuildReport(warnings=checked.warnings)
        slugs = sorted(checked.project.sites)
        for number, slug in enumerate(slugs):
            report_progress("sites", number, len(slugs), slug)
            registry, codes = checked.codes[slug]
            report.sites.append(build_one(checked.project, slug, out_root, codes))
            registry.save()
        report_progress("sites", len(slugs), len(slugs))
    return report


def build_one(project: Project, slug: str, out_root: Path, codes: dict[str, Code]) -> SiteResult:
    site = project.sites[slug]
    final = out_root / slug
    staging = out_root / f".staging-{slug}-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        pages = build_site(project, site, staging / "site", staging / "work", out_root / ".cache")
        write_landings(project, site, staging / "site", codes)
        signs = render_signs(
            sign_specs(project, site, codes), staging / "signs", out_root / ".cache" / "signs",
            base_url=site.base_url, allowed_prefixes=allowed_prefixes(site),
        )
        finish_for_phones(site, staging / "site")  # last: it sees every page, landings too
        shutil.rmtree(staging / "work")
        _swap(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SiteResult(slug, final, pages=sum(len(p) for p in pages.values()), signs=len(signs))


def _swap(new: Path, final: Path) -> None:
    """Replace `final` by `new` with two renames; the old output survives until the end."""
    old = final.with_name(f".old-{final.name}-{os.getpid()}")
    if final.exists():
        final.rename(old)
    new.rename(final)
    if old.exists():
        shutil.rmtree(old)
