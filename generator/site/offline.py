"""A small service worker so pages already seen open again without a connection.

One worker at the site's root serves both languages. Pages are fetched from the
network first and fall back to the stored copy when the network fails (or is still
silent after a few seconds and a copy exists); photos, the search index and scripts
come from the store first. Everything lives in one cache named after the build: a
new build installs a new worker, which deletes the old cache, so pages from an old
build are never served for long. The worker itself stores nothing on install, so a
first visit pays only for its registration; each page stores itself on load
(theme/partials/qs-offline.js).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PLACEHOLDER = "__QS_BUILD__"
WORKER_NAME = "sw.js"
TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
PAGE_TIMEOUT_MS = 4000

WORKER = """// qrsite offline worker, build %(version)s
var V="qs-%(version)s";
self.addEventListener("install",function(){self.skipWaiting()});
self.addEventListener("activate",function(e){e.waitUntil(caches.keys().then(function(ks){
return Promise.all(ks.filter(function(k){return k.indexOf("qs-")===0&&k!==V})
.map(function(k){return caches.delete(k)}))
}).then(function(){return self.clients.claim()}))});
function page(r){return caches.open(V).then(function(c){
var net=fetch(r).then(function(res){if(res.ok)c.put(r,res.clone());return res});
return c.match(r,{ignoreSearch:true}).then(function(hit){if(!hit)return net;
var late=new Promise(function(ok){setTimeout(function(){ok(hit)},%(timeout)d)});
return Promise.race([net.catch(function(){return hit}),late])})})}
function asset(r){return caches.open(V).then(function(c){return c.match(r).then(function(hit){
return hit||fetch(r).then(function(res){if(res.ok)c.put(r,res.clone());return res})})})}
self.addEventListener("fetch",function(e){var r=e.request;
if(r.method!=="GET"||new URL(r.url).origin!==location.origin)return;
if(r.headers.has("range"))return;
e.respondWith(r.mode==="navigate"?page(r):asset(r))});
"""


def build_version(site_dir: Path) -> str:
    """A short hash of every shipped file's path and of every text file's content."""
    digest = hashlib.sha256()
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        if rel == WORKER_NAME or rel.endswith(".gz"):
            continue
        digest.update(rel.encode() + b"\0")
        if path.suffix in TEXT_SUFFIXES:
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def write_service_worker(site_dir: Path) -> str:
    """Stamp the build version into every page and write the worker; returns the version."""
    version = build_version(site_dir)
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if PLACEHOLDER in text:
            path.write_text(text.replace(PLACEHOLDER, version), encoding="utf-8")
    worker = WORKER % {"version": version, "timeout": PAGE_TIMEOUT_MS}
    (site_dir / WORKER_NAME).write_text(worker, encoding="utf-8")
    return version
