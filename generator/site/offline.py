"""A small service worker so pages already seen open again without a connection.

One worker at the site's root serves both languages. Pages are fetched from the
network first and fall back to the stored copy when the network fails (or is still
silent after a few seconds and a copy exists); photos, the search index and scripts
come from the store first. Everything lives in one cache named after the build: a
new build installs a new worker, which deletes the old cache, so pages from an old
build are never served for long. The worker is the one file that carries the build's
version: pages do not (an edit then changes only the pages it concerns, and a build
keeps the others as they were). The worker stores nothing on install but its empty
cache, so a first visit pays only for its registration; each page stores itself on
load into the newest "qs-" cache (theme/partials/qs-offline.html).

The print room (print_room.py) and the hosted editing room (admin/) are left to the
network: the worker does not answer their requests, so neither their pages nor the
print room's PDFs are stored, and their files do not count in the build's version (a
reprint alone installs no new worker).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from html import escape
from pathlib import Path

from ..editor import ADMIN
from ..i18n import N_
from ..paths import relative_posix
from .print_room import PRINT_ROOM

WORKER_NAME = "sw.js"
TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
PAGE_TIMEOUT_MS = 4000
UNCACHED = (PRINT_ROOM, ADMIN)  # folders of the site the worker leaves to the network

WORKER = """// qrsite offline worker, build %(version)s
var V="qs-%(version)s";
self.addEventListener("install",function(e){self.skipWaiting();e.waitUntil(caches.open(V))});
self.addEventListener("activate",function(e){e.waitUntil(caches.keys().then(function(ks){
return Promise.all(ks.filter(function(k){return k.indexOf("qs-")===0&&k!==V})
.map(function(k){return caches.delete(k)}))
}).then(function(){return self.clients.claim()}))});
var OFF=%(offline)s,SKIP=%(skip)s;
function skip(u){var s=new URL(self.registration.scope).pathname,p=new URL(u).pathname;
return SKIP.some(function(k){return p.indexOf(s+k)===0||p+"/"===s+k})}
function offline(u){var s=new URL(self.registration.scope).pathname;
var p=new URL(u).pathname.slice(s.length);
var k=Object.keys(OFF).filter(function(k){return k&&p.indexOf(k)===0})[0]||"";
return new Response(OFF[k],{status:503,headers:{"Content-Type":"text/html; charset=utf-8"}})}
function page(r){return caches.open(V).then(function(c){
var net=fetch(r).then(function(res){if(res.ok)c.put(r,res.clone());return res});
return c.match(r,{ignoreSearch:true}).then(function(hit){
if(!hit)return net.catch(function(){return offline(r.url)});
var late=new Promise(function(ok){setTimeout(function(){ok(hit)},%(timeout)d)});
return Promise.race([net.catch(function(){return hit}),late])})})}
function asset(r){return caches.open(V).then(function(c){return c.match(r).then(function(hit){
return hit||fetch(r).then(function(res){if(res.ok)c.put(r,res.clone());return res})})})}
self.addEventListener("fetch",function(e){var r=e.request;
if(r.method!=="GET"||new URL(r.url).origin!==location.origin)return;
if(r.headers.has("range")||r.cache==="no-store"||skip(r.url))return;
e.respondWith(r.mode==="navigate"?page(r):asset(r))});
"""


def build_version(
    site_dir: Path,
    digests: Mapping[str | Path, str] | None = None,
    files: Iterable[str | Path] | None = None,
) -> str:
    """A short hash of every shipped file's path and of every text file's content.

    `digests` gives the digest_of of files known without reading them (written or
    not yet), in place of what is on disk; `files`, the files on disk when the caller
    has listed them already. Paths are handled as strings: a province's site has tens
    of thousands of files."""
    digests = {os.fspath(path): digest for path, digest in (digests or {}).items()}
    if files is None:
        files = (p for p in site_dir.rglob("*") if p.is_file())
    root = os.fspath(site_dir)
    shipped = {relative_posix(path, root): path for path in {*map(os.fspath, files), *digests}}
    version = hashlib.sha256()
    for rel in sorted(shipped):
        if rel == WORKER_NAME or rel.endswith(".gz") or rel.startswith(UNCACHED):
            continue
        path = shipped[rel]
        version.update(rel.encode() + b"\0")
        if path in digests:
            version.update(digests[path].encode() + b"\0")
        elif os.path.splitext(path)[1] in TEXT_SUFFIXES:
            with open(path, "rb") as f:
                version.update(digest_of(f.read()).encode() + b"\0")
    return version.hexdigest()[:12]


def digest_of(data: bytes) -> str:
    """A file's content as the build version counts it."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


OFFLINE_TITLE = N_("No connection")
OFFLINE_TEXT = N_(
    "This page has not been saved on this phone yet. Pages you have already opened "
    "still work without a connection. Try again when you are back online."
)
OFFLINE_BACK = N_("Go back")
OFFLINE_STYLE = (
    "body{font:20px/1.6 sans-serif;margin:2em auto;max-width:30em;padding:0 1em;color:#222}"
    "a{display:inline-block;min-height:44px;padding:.5em 0;color:#0b57d0}"
)


def offline_page(lang: str, gettext) -> str:
    """The small page the worker shows for a page it never stored, in the reader's language."""
    title, text, back = (escape(gettext(m)) for m in (OFFLINE_TITLE, OFFLINE_TEXT, OFFLINE_BACK))
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{title}</title><style>{OFFLINE_STYLE}</style></head><body>"
        f'<h1>{title}</h1><p>{text}</p><a href="javascript:history.back()">{back}</a>'
        "</body></html>"
    )


def write_worker(site_dir: Path, version: str, offline: dict[str, str] | None = None) -> None:
    """The worker of build `version`; `offline` maps a language's folder ("" for the
    root, "en/") to the page shown when a page was never stored and the network fails."""
    pages = json.dumps(offline or {"": ""}, ensure_ascii=False, sort_keys=True)
    worker = WORKER % {
        "version": version,
        "timeout": PAGE_TIMEOUT_MS,
        "offline": pages,
        "skip": json.dumps(list(UNCACHED)),
    }
    (site_dir / WORKER_NAME).write_text(worker, encoding="utf-8")
