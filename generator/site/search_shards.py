"""How a language's search index is cut so that a phone's first search stays small.

Sizes are bytes as the host sends them: the gzip copy (same compressor and level as
precompress.py), or the file itself when that is smaller. Unlike the site's other files,
the manifest and the shards get a copy however small they are: they hover about
precompress.MIN_SIZE, and a query fetches several on the slowest path a reader waits on.
`search.json` is a manifest, fetched as the search page opens:

    {"v": 2, "keys": [first term, ...], "most": term shards per query,
     "first": FIRST_RESULTS, "per": entries per documents shard, "dir": FOLDER,
     "in": {"d0": [...], ...} the documents shards themselves, on a tiny site (held())}

The terms, in sorted order (UTF-16, as JavaScript compares strings), are cut into runs
of about equal size: term shard i, FOLDER/t{i}.json, {term: postings}, holds the terms
from keys[i] (cut to the shortest prefix that still sorts after the run before) up to
keys[i+1]. A word is in the last run whose key sorts before it; the words it begins
(a word being typed) run on into the shards whose keys begin with it. How many runs is
measured: the count for which the manifest plus two words' shards weigh least, with no
shard over TERM_SHARD_LIMIT. Documents shard j, FOLDER/d{j}.json, holds [[title,
summary, path], ...] of entries j*per onwards, as many as stay under DOC_SHARD_LIMIT.

The script fetches at most `most` term shards per query (as many as the largest fits
in QUERY_TERMS_LIMIT; a word past them narrows nothing) and the documents of the first
FIRST_RESULTS results: with the script and the manifest, under FIRST_SEARCH_LIMIT.
"""

from __future__ import annotations

import json

import deflate

from .precompress import LEVEL

FOLDER = "search-index"
TERM_SHARD_LIMIT = 8 * 1024  # the largest a term shard may be, at any size of site
QUERY_TERMS_LIMIT = 32 * 1024  # term shards a query may fetch, in all
DOC_SHARD_LIMIT = 384
FIRST_RESULTS = 20  # results listed: their documents, each in its own shard, 8 KB at most
FIRST_SEARCH_LIMIT = 60 * 1024  # script, manifest, term and documents shards of a query


def dumps(value) -> bytes:
    """JSON as shipped: compact, keys sorted, UTF-8; the same value gives the same bytes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.encode()


def packed(data: bytes) -> bytes | None:
    """The gzip copy of an index file of `data`, when it is the smaller (no name, time 0)."""
    copy = bytes(deflate.gzip_compress(data, LEVEL))
    return copy if len(copy) < len(data) else None


def sent_size(data: bytes) -> int:
    """What the host sends for an index file of `data`: its gzip copy when it has one."""
    return len(packed(data) or data)


def plan(docs: list[list[str]], terms: dict[str, list[int]], fmt: int):
    """The bytes of `search.json` and of each shard by its path under the language's
    folder."""
    runs = lightest_runs(terms)
    shards = {f"{FOLDER}/t{i}.json": dumps(run) for i, run in enumerate(runs)}
    largest = max((sent_size(data) for data in shards.values()), default=1)
    per = docs_per_shard(docs)
    for start in range(0, len(docs), per):
        shards[f"{FOLDER}/d{start // per}.json"] = dumps(docs[start : start + per])
    manifest = {
        "v": fmt,
        "keys": run_keys(runs),
        "most": max(1, QUERY_TERMS_LIMIT // largest),
        "first": FIRST_RESULTS,
        "per": per,
        "dir": FOLDER,
    }
    return held(manifest, shards)


def held(manifest: dict, shards: dict[str, bytes]) -> tuple[bytes, dict[str, bytes]]:
    """The manifest, holding the documents shards in "in" ({"d0": [...], ...}) when it
    weighs no more with them than apart with the smallest one (what a query that finds
    anything fetches at least): a query then waits one round trip, for its terms, not
    two. Holding the term shards too never pays: cut small, a query's two weigh less
    than all of them, even on a one-entry site."""
    docs = {name: data for name, data in shards.items() if name.startswith(f"{FOLDER}/d")}
    if docs:
        inside = {name[len(FOLDER) + 1 : -len(".json")]: json.loads(d) for name, d in docs.items()}
        data = dumps({**manifest, "in": inside})
        if sent_size(data) <= sent_size(dumps(manifest)) + min(map(sent_size, docs.values())):
            return data, {name: d for name, d in shards.items() if name not in docs}
    return dumps(manifest), shards


def js_order(term: str) -> bytes:
    """A term's place in JavaScript's string order (UTF-16 code units)."""
    return term.encode("utf-16-be")


class Terms:
    """The terms in JavaScript's order, each with the size of its JSON in a shard:
    measured once, however many cuts are tried."""

    def __init__(self, terms: dict[str, list[int]]):
        self.terms = terms
        self.names = sorted(terms, key=js_order)
        self.sizes = [len(dumps({t: terms[t]})) for t in self.names]

    def cut(self, count: int) -> list[dict[str, list[int]]]:
        """The sorted terms in `count` runs of about equal JSON size."""
        goal = sum(self.sizes) / max(1, count)
        runs: list[dict[str, list[int]]] = [{}]
        filled = 0
        for name, size in zip(self.names, self.sizes, strict=True):
            if runs[-1] and filled + size / 2 > goal * len(runs):
                runs.append({})
            runs[-1][name] = self.terms[name]
            filled += size
        return [run for run in runs if run]


def lightest_runs(terms: dict[str, list[int]]) -> list[dict[str, list[int]]]:
    """The runs for which a two-word query fetches least (manifest and two shards),
    trying counts by doubling; none over TERM_SHARD_LIMIT."""
    measured = Terms(terms)
    best, best_cost, count = measured.cut(1), None, 1
    while count <= max(1, len(terms)):
        runs = measured.cut(count)
        sizes = sorted(sent_size(dumps(run)) for run in runs)
        cost = sent_size(dumps(run_keys(runs))) + 2 * sizes[len(sizes) // 2]
        if sizes[-1] <= TERM_SHARD_LIMIT and (best_cost is None or cost < best_cost):
            best, best_cost = runs, cost
        elif best_cost is not None and sizes[-1] <= TERM_SHARD_LIMIT:
            break  # the cost has turned: more runs only weigh the manifest down
        count *= 2
    return best


def run_keys(runs: list[dict[str, list[int]]]) -> list[str]:
    """Each run's first term cut to the shortest prefix that sorts after the run before."""
    keys = [""]
    for before, run in zip(runs, runs[1:], strict=False):
        last, first = max(before, key=js_order), min(run, key=js_order)
        length = 1
        while js_order(first[:length]) <= js_order(last):
            length += 1
        keys.append(first[:length])
    return keys[: len(runs)]


def docs_per_shard(docs: list[list[str]]) -> int:
    """The most entries per documents shard (a power of two, at most 64) with every
    shard under DOC_SHARD_LIMIT."""
    per = 64
    while per > 1 and _largest_shard(docs, per) > DOC_SHARD_LIMIT:
        per //= 2
    return per


def _largest_shard(docs: list[list[str]], per: int) -> int:
    return max((sent_size(dumps(docs[i : i + per])) for i in range(0, len(docs), per)), default=0)
