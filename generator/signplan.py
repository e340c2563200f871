"""Which signs a site needs, as plain `SignSpec`s for the renderer.

One sign per code: a plaque per relic, a board per street stop, a table tent per
(counter, guide) pair, an overview poster per street (its own code opens the street
page). Sticker sheets reuse the codes of what they point to. Every payload comes from
`codes.short_url`, the one place a printed URL is made.

English lines are left empty where there is no English text (an entry without an
English file, a name without an English form): the layouts then print the Vietnamese
alone, once, rather than the same words twice.

Example content (a site's or an entry's `example: true`) prints `SAMPLE_MARK` on every
sign that shows it, so that a sample never goes to a print shop as a real sign.
"""

from __future__ import annotations

from .codes import Code, Target, short_url, targets
from .content.stops import stop_identity
from .model import Entry, Project, Site
from .signs import SignItem, SignSpec

PLACEMENT = {
    "relic_plaque": "Tại cổng di tích · At the relic's gate",
    "street_poster": "Đầu tuyến phố · At the street's entrance",
    "sticker_sheet": "Cắt rời, dán tại quầy hoặc cửa hàng · Cut out for counters and shop windows",
}
SAMPLE_MARK = "MẪU · SAMPLE"  # printed on the sign of an example site or entry


def sample_mark(site: Site, *entries: Entry) -> str:
    """The mark for a sign of this site showing these entries: when any is an example."""
    example = site.example or any(e.vi.fields.get("example") is True for e in entries)
    return SAMPLE_MARK if example else ""


def _en(entry: Entry) -> dict:
    """What the entry's English file itself says (no Vietnamese fallback): a sign
    prints a Vietnamese line once, never again as its "English"."""
    return dict(entry.en.fields) if entry.en is not None else {}


def _titles(entry: Entry) -> tuple[str, str]:
    return entry.vi.fields["title"], _en(entry).get("title", "")


def sign_specs(project: Project, site: Site, codes: dict[str, Code]) -> list[SignSpec]:
    common = {
        "organization_vi": site.organization.vi,
        "organization_en": site.organization.en or "",
        "logo": site.logo,
    }
    entries = {e.key: e for e in project.entries.get(site.slug, [])}
    specs: list[SignSpec] = []
    stops_by_street: dict[str, list[SignItem]] = {}
    items_by_counter: dict[str, list[SignItem]] = {}
    for target in targets(project, site):
        code = codes[target.key].code
        url = short_url(site, code)
        spec = _spec(project, site, target, code, url, entries, common)
        specs.append(spec)
        item = SignItem(code, url, spec.title_vi, spec.title_en, target.stop)
        if target.kind == "stop":
            stops_by_street.setdefault(target.entry, []).append(item)
        elif target.kind == "counter_guide":
            items_by_counter.setdefault(target.counter, []).append(item)
    specs = _with_items(specs, stops_by_street)
    marked = {spec.code for spec in specs if spec.sample}
    for counter in site.counters:
        items = items_by_counter.get(counter.slug)
        if items:
            # a sheet copies its tents' codes: a sample when the site or any of them is
            example = site.example or any(item.code in marked for item in items)
            specs.append(
                SignSpec(
                    code=f"stickers-{counter.slug}",
                    kind="sticker_sheet",
                    entry=f"counters/{site.slug}/{counter.slug}",
                    title_vi=counter.name.vi,
                    title_en=counter.name.en or "",
                    placement=PLACEMENT["sticker_sheet"],
                    items=tuple(items),
                    sample=SAMPLE_MARK if example else "",
                    **{k: v for k, v in common.items() if k != "logo"},
                )
            )
    return specs


# An entry's own sign: its kind, and the field its subtitle line shows.
ENTRY_SIGNS = {"relic": ("relic_plaque", "ranking"), "street": ("street_poster", "ward")}


def _spec(project, site, target: Target, code, url, entries, common) -> SignSpec:
    if target.kind in ENTRY_SIGNS:
        kind, subtitle = ENTRY_SIGNS[target.kind]
        entry = entries[target.entry]
        vi, en = entry.vi.fields, _en(entry)
        return SignSpec(
            code=code,
            kind=kind,
            entry=entry.key,
            title_vi=vi["title"],
            title_en=en.get("title", ""),
            subtitle_vi=vi.get(subtitle, ""),
            subtitle_en=en.get(subtitle, ""),
            url=url,
            paper=(vi.get("paper") or site.paper) if kind == "relic_plaque" else "",
            placement=PLACEMENT[kind],
            sample=sample_mark(site, entry),
            **common,
        )
    guide = project.guides[target.guide]
    title_vi, title_en = _titles(guide)
    if target.kind == "stop":
        street = entries[target.entry]
        street_vi, street_en = _titles(street)
        stop = next(s for s in street.vi.fields["stops"] if stop_identity(s) == target.stop_id)
        en_stop = next(
            (s for s in _en(street).get("stops", []) if s.get("number") == target.stop), {}
        )
        return SignSpec(
            code=code,
            kind="street_board",
            entry=street.key,
            title_vi=title_vi,
            title_en=title_en,
            subtitle_vi=street_vi,
            subtitle_en=street_en,
            url=url,
            number=target.stop,
            placement=_both(stop.get("place", ""), en_stop.get("place", "")),
            sample=sample_mark(site, street, guide),
            **common,
        )
    counter = next(c for c in site.counters if c.slug == target.counter)
    return SignSpec(
        code=code,
        kind="counter_tent",
        entry=guide.key,
        title_vi=title_vi,
        title_en=title_en,
        subtitle_vi=counter.name.vi,
        subtitle_en=counter.name.en or "",
        url=url,
        placement=_both(counter.place.vi, counter.place.en or ""),
        sample=sample_mark(site, guide),
        **common,
    )


def _both(vi: str, en: str) -> str:
    """ "vi · en", or one of them alone when the other is empty or the same."""
    return " · ".join(dict.fromkeys(t for t in (vi, en) if t))


def _with_items(specs: list[SignSpec], stops_by_street: dict[str, list[SignItem]]):
    """Give each street poster the small codes of its stops, in stop order."""
    from dataclasses import replace

    out = []
    for spec in specs:
        if spec.kind == "street_poster":
            items = sorted(stops_by_street.get(spec.entry, []), key=lambda i: i.number or 0)
            spec = replace(spec, items=tuple(items))
        out.append(spec)
    return out


def allowed_prefixes(site: Site) -> tuple[str, ...]:
    """A sign may only point into its own site: the base URL or the short base."""
    return (site.base_url, site.short_base)
