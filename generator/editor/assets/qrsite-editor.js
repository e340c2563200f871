/* qrsite's part of the editing room, loaded after Decap CMS.
   - Text is saved as qrsite reads it (Unicode NFC), so a title typed in decomposed
     form names its folder by qrsite's rule too.
   - Locked fields (a printed code or a payment depends on them) are shown, never edited.
   - In `qrsite edit`, beside the form: the entry's preview pages and the problems
     `qrsite check` finds in it, in the author's language. */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  var room = window.QRSITE_ROOM || null;

  function normalized(value, path, out) {
    if (typeof value === "string") {
      var nfc = value.normalize("NFC");
      if (nfc !== value) out.push([path, nfc]);
    } else if (value && typeof value === "object") {
      Object.keys(value).forEach(function (key) {
        var step = Array.isArray(value) ? Number(key) : key;
        normalized(value[key], path.concat([step]), out);
      });
    }
    return out;
  }

  // Decap takes a preSave handler's answer as the entry's (default language's) data,
  // the data its folder name is made from; qrsite normalizes the rest when it reads.
  CMS.registerEventListener({
    name: "preSave",
    handler: function (args) {
      var data = args.entry.get("data");
      normalized(data.toJS(), [], []).forEach(function (change) {
        data = data.setIn(change[0], change[1]);
      });
      return data;
    },
  });

  var Locked = createClass({
    render: function () {
      var value = this.props.value;
      if (value && value.toJS) value = JSON.stringify(value.toJS());
      return h(
        "div",
        { className: this.props.classNameWrapper, id: this.props.forID },
        h("code", { style: { fontSize: "16px" } }, value == null ? "" : String(value))
      );
    },
  });
  CMS.registerWidget("qrsite-locked", Locked);

  if (!room) return;

  function mapLink(coordinates) {
    if (!coordinates || coordinates.length !== 2) return null;
    var lat = Number(coordinates[0]);
    var lon = Number(coordinates[1]);
    if (!isFinite(lat) || !isFinite(lon)) return null;
    return (
      "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=17/" + lat + "/" + lon
    );
  }

  var Panel = createClass({
    getInitialState: function () {
      return { problems: [], pages: [], saved: false };
    },
    componentDidMount: function () {
      this.load();
      this.timer = setInterval(this.load, 1500);
    },
    componentWillUnmount: function () {
      clearInterval(this.timer);
    },
    load: function () {
      var self = this;
      var path = this.props.entry.get("path");
      if (!path) return;
      fetch(room.problems + "?path=" + encodeURIComponent(path), { cache: "no-store" })
        .then(function (r) {
          return r.json();
        })
        .then(function (state) {
          state.saved = true;
          self.setState(state);
        })
        .catch(function () {});
    },
    render: function () {
      var words = room.words;
      var data = this.props.entry.get("data");
      var coordinates = data && data.get("coordinates");
      var map = mapLink(coordinates && coordinates.toJS ? coordinates.toJS() : null);
      var style = { font: "18px/1.5 sans-serif", padding: "0 12px" };
      var items = this.state.problems.map(function (p, i) {
        var colour = p.level === "error" ? "#c0392b" : "#b7791f";
        return h(
          "li",
          {
            key: i,
            className: "qrsite-problem",
            style: { margin: "8px 0", padding: "6px", borderLeft: "4px solid " + colour },
          },
          p.text
        );
      });
      var pages = this.state.pages.map(function (page) {
        return h(
          "li",
          { key: page.lang },
          h("a", { href: page.url, target: "_blank", rel: "noopener" }, page.label)
        );
      });
      return h(
        "div",
        { style: style, className: "qrsite-panel" },
        h("h2", null, words.problems),
        !this.state.saved
          ? h("p", null, words.save_first)
          : items.length
          ? h("ol", { id: "qrsite-problems" }, items)
          : h("p", { id: "qrsite-no-problems" }, words.none),
        pages.length ? h("h2", null, words.pages) : null,
        pages.length ? h("ul", null, pages) : null,
        map
          ? h("p", null, h("a", { href: map, target: "_blank", rel: "noopener" }, words.map))
          : null
      );
    },
  });
  room.collections.forEach(function (name) {
    CMS.registerPreviewTemplate(name, Panel);
  });
})();
