// qrsite search: loaded only on the search page; fetches the index on first use.
(function () {
  var input = document.getElementById("qs-q");
  var list = document.getElementById("qs-results");
  var status = document.getElementById("qs-status");
  var index = null;
  // The same rule as fold() in generator/site/search.py: accents and đ off, lower case,
  // anything but a letter or a digit a space. Browsers without \p{...} get punctuation.
  function fold(s) {
    var sep;
    try { sep = new RegExp("[^\\p{L}\\p{N}]+", "gu"); }
    catch (e) { sep = /[\s!-\/:-@\[-`{-~\u00a0-\u00bf\u2000-\u206f]+/g; }
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().replace(sep, " ").trim();
  }
  function load() {
    if (index) return Promise.resolve(index);
    return fetch("../search.json").then(function (r) { return r.json(); })
      .then(function (data) { index = data; return data; });
  }
  function show(items) {
    list.innerHTML = "";
    items.slice(0, 50).forEach(function (it) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "../" + it.u;
      a.textContent = it.t;
      var p = document.createElement("p");
      p.textContent = it.s;
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
    status.textContent = items.length ? "" : status.getAttribute("data-none");
  }
  function run() {
    var words = fold(input.value).split(" ").filter(Boolean);
    if (!words.length) { list.innerHTML = ""; status.textContent = ""; return; }
    load().then(function (data) {
      show(data.filter(function (it) {
        return words.every(function (w) { return it.f.indexOf(w) >= 0; });
      }));
    });
  }
  input.addEventListener("input", run);
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; run(); }
  input.focus();
})();
