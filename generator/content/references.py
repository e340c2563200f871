"""Names that point at other files: the guides a site, a counter or a street stop names."""

from __future__ import annotations

import difflib

from ..model import Project
from ..problems import Problems
from .shapes import item_line


def check_references(project: Project, problems: Problems) -> None:
    for site in project.sites.values():
        for slug in site.guides:
            if slug not in project.guides:
                problems.add(
                    site.config_file,
                    item_line(site.config_file, "guides", slug),
                    "the guide '{guide}' does not exist in content/guides: check its folder name",
                    guide=slug,
                )
            elif project.guides[slug].draft:
                problems.warn(
                    site.config_file,
                    item_line(site.config_file, "guides", slug),
                    "the guide '{guide}' is still a draft: the site leaves it out until it is "
                    "published",
                    guide=slug,
                )
        for counter in site.counters:
            for slug in counter.guides:
                if slug not in project.guides:
                    problems.add(
                        site.config_file,
                        counter.line,
                        "counter '{counter}': the guide '{guide}' does not exist in content/guides",
                        counter=counter.slug,
                        guide=slug,
                    )
                elif slug not in site.guides:
                    problems.add(
                        site.config_file,
                        counter.line,
                        "counter '{counter}': the guide '{guide}' is not among this site's "
                        "guides: add it to 'guides' in site.yml",
                        counter=counter.slug,
                        guide=slug,
                    )
                elif project.guides[slug].draft:
                    problems.add(
                        site.config_file,
                        counter.line,
                        "counter '{counter}': the guide '{guide}' is still a draft, so its "
                        "table tent would lead nowhere: publish the guide (delete 'draft: "
                        "true' in content/guides/{guide}/index.vi.md) or take it off the counter",
                        counter=counter.slug,
                        guide=slug,
                    )
        for entry in project.entries.get(site.slug, []):
            for stop in entry.vi.fields.get("stops") or []:
                guide = stop.get("guide")
                if guide is None:  # missing or not a text: reported with the stop already
                    continue
                if guide not in project.guides:
                    near = difflib.get_close_matches(str(guide), list(project.guides), n=1)
                    if near:
                        problems.add(
                            entry.vi.path,
                            stop["_line"],
                            "stop {number} points to the guide '{guide}', which does not "
                            "exist: did you mean '{suggestion}'?",
                            number=stop.get("number"),
                            guide=guide,
                            suggestion=near[0],
                        )
                    else:
                        problems.add(
                            entry.vi.path,
                            stop["_line"],
                            "stop {number} points to the guide '{guide}', which does not "
                            "exist: write the name of a folder in content/guides ({known})",
                            number=stop.get("number"),
                            guide=guide,
                            known=", ".join(sorted(project.guides)) or "-",
                        )
                elif guide not in site.guides:
                    problems.add(
                        entry.vi.path,
                        stop["_line"],
                        "stop {number} points to the "
                        "guide '{guide}': add it to 'guides' in site.yml",
                        number=stop.get("number"),
                        guide=guide,
                    )
                elif project.guides[guide].draft and not entry.draft:
                    problems.add(
                        entry.vi.path,
                        stop["_line"],
                        "stop {number} points to the guide '{guide}', which is still a draft, "
                        "so its board would lead nowhere: publish the guide (delete 'draft: "
                        "true' in content/guides/{guide}/index.vi.md) or choose another guide",
                        number=stop.get("number"),
                        guide=guide,
                    )
