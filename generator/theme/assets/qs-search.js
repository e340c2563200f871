// qrsite search, on the search page only. search.json, fetched as the page opens, lists
// the index's shards; a query fetches its words' term shards, then the documents shards
// of its first results (shapes: generator/site/search_shards.py). On a tiny site the
// manifest holds the documents shards itself ("in"): one round trip, not two.
//
// Shipped minified (generator/site/search.py), which drops comments and spaces but
// keeps names: hence the short ones, each told here. D document; Q the query box, L the
// results list, S the status line; got: each file's promise; asked: the count of
// queries typed; m: the manifest (M its promise); w a word, k a key, i a shard number,
// g a term's postings, n an entry's number; r [rank, number] of a result.
(function () {
  var D = document, Q = D.getElementById("qs-q"), L = D.getElementById("qs-results"),
    S = D.getElementById("qs-status"), got = {}, asked = 0, M;
  // The same rule as fold() in generator/site/search.py: accents and đ off, lower case,
  // anything but a letter or a digit a space. Browsers without \p{...} get punctuation.
  function fold(s) {
    var sep;
    try { sep = new RegExp("[^\\p{L}\\p{N}]+", "gu"); }
    catch (e) { sep = /[\s!-\/:-@\[-`{-~\u00a0-\u00bf\u2000-\u206f]+/g; }
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().replace(sep, " ").trim();
  }
  // A file of the index, fetched once; after a failure (offline) asked for again.
  function get(path) {
    if (!got[path]) {
      got[path] = fetch("../" + path).then(function (r) {
        if (!r.ok) throw r.status;
        return r.json();
      });
      got[path].catch(function () { delete got[path]; });
    }
    return got[path];
  }
  // Shard "t3" or "d0": from the manifest when it holds it, else its own file.
  function part(m, name) {
    return m.in && m.in[name] ? Promise.resolve(m.in[name]) : get(m.dir + "/" + name + ".json");
  }
  // Each word's entries: number -> 1 when in a title or summary. A word reads the shard
  // of the last key before it, then those whose keys begin with it (a word being typed),
  // or that first one alone, for the whole word only, when the query would pass the
  // manifest's most shards; past those a word narrows nothing (0). Postings: gaps
  // doubled, plus one for a title or summary.
  function find(m, words) {
    var left = m.most;
    return Promise.all(words.map(function (w) {
      var use = [], whole;
      m.keys.forEach(function (k, i) {
        if (k <= w) use = [i];
        else if (!k.indexOf(w)) use.push(i);
      });
      if ((whole = use.length > left)) use.length = 1;
      if ((left -= use.length) < 0) return 0;
      return Promise.all(use.map(function (i) { return part(m, "t" + i); })).then(function (a) {
        var found = {};
        a.forEach(function (terms) {
          for (var t in terms) {
            if (whole ? t !== w : t.indexOf(w)) continue;
            for (var g = terms[t], j = 0, n = 0; j < g.length; j++) {
              n += g[j] >> 1;
              found[n] |= g[j] & 1;
            }
          }
        });
        return found;
      });
    }));
  }
  // Entries with every word, more of them in the title or summary first; then the
  // [title, summary, path] of the first few.
  function show(m, sets) {
    var ranked = [];
    sets = sets.filter(Boolean);
    for (var n in sets[0]) {
      var rank = 0;
      if (sets.every(function (s) { rank -= s[n]; return n in s; })) ranked.push([rank, +n]);
    }
    ranked.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return Promise.all(ranked.slice(0, m.first).map(function (r) {
      return part(m, "d" + Math.floor(r[1] / m.per)).then(function (d) { return d[r[1] % m.per]; });
    }));
  }
  function run() {
    var ask = ++asked, words = fold(Q.value).split(" ").filter(Boolean);
    if (!words.length) { L.innerHTML = S.textContent = ""; return; }
    (M = M || get("search.json")).then(function (m) {
      return find(m, words).then(function (sets) { return show(m, sets); });
    }).then(function (docs) {
      if (ask !== asked) return;
      L.innerHTML = "";
      docs.forEach(function (d) {
        var li = L.appendChild(D.createElement("li")), a = li.appendChild(D.createElement("a"));
        a.href = "../" + d[2];
        a.textContent = d[0];
        li.appendChild(D.createElement("p")).textContent = d[1];
      });
      S.textContent = docs.length ? "" : S.getAttribute("data-none");
    }, function () { M = 0; });
  }
  M = get("search.json");  // the manifest, while the reader types
  Q.addEventListener("input", run);
  var q = new URLSearchParams(location.search).get("q");
  if (q) { Q.value = q; run(); }
  Q.focus();
})();
