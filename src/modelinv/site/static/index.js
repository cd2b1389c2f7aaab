// modelinv index page: search, facets, sorting, the rows shown and the URL state. Data
// comes from the JSON element #models-data; rows are built with DOM APIs and textContent
// only.
(function () {
  "use strict";
  var PAGE = 100;  // rows drawn per page: layout and paint grow with it, per keystroke
  var FACETS = [
    ["stage", "Stage"], ["team", "Team"], ["risk", "Risk"],
    ["regulations", "Regulation"], ["platforms", "Platform"], ["tags", "Tag"]
  ];
  var rows = JSON.parse(document.getElementById("models-data").textContent);
  // What a search matches: what the row shows (the monthly cost and the dates as shown,
  // "4,200 USD", and the cost's plain digits, "4200") and its `text` (description,
  // maintainer, limitations, reviewer, locations, metrics, dependencies, consumers,
  // annotations), lowercased. The model's and its team's refs are there as pages write
  // them, so a ref pasted from a page finds the model itself, not only the models whose
  // dependencies name it.
  rows.forEach(function (row) {
    row.search = [row.id, "model:" + row.id, row.title, row.stage, "team:" + row.team]
      .concat([row.risk], row.regulations, row.platforms, row.tags, row.flags)
      .concat([row.costText, row.cost === null ? "" : String(row.cost)])
      .concat([row.evaluated, row.reviewed, row.text])
      .join(" ").toLowerCase();
  });
  // `shown`: how many rows the table draws ("Show more" adds PAGE). It is in the URL too,
  // so Back from a model page opened from row 151 draws that row again.
  var state = { q: "", sort: "id", dir: "asc", filters: {}, shown: PAGE };
  var sorted = rows, sortedBy = "", current = { hits: [], counts: {} };
  var tbody = document.querySelector("#models tbody");
  var search = document.getElementById("search");
  var more = document.getElementById("more");
  var count = document.getElementById("count");

  function values(row, key) {
    var v = row[key];
    if (Array.isArray(v)) { return v; }
    return v === "" || v === null || v === undefined ? [] : [String(v)];
  }

  function readUrl() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    state.q = params.get("q") || "";
    state.sort = params.get("sort") || "id";
    state.dir = params.get("dir") === "desc" ? "desc" : "asc";
    var n = parseInt(params.get("shown") || "", 10);
    var most = Math.max(PAGE, Math.ceil(rows.length / PAGE) * PAGE);
    state.shown = n > PAGE ? Math.min(Math.ceil(n / PAGE) * PAGE, most) : PAGE;
    state.filters = {};
    FACETS.forEach(function (f) {
      var picked = params.getAll(f[0]);
      if (picked.length) { state.filters[f[0]] = picked; }
    });
  }

  function writeUrl() {
    var params = new URLSearchParams();
    if (state.q) { params.set("q", state.q); }
    FACETS.forEach(function (f) {
      (state.filters[f[0]] || []).forEach(function (v) { params.append(f[0], v); });
    });
    if (state.sort !== "id") { params.set("sort", state.sort); }
    if (state.dir !== "asc") { params.set("dir", state.dir); }
    if (state.shown !== PAGE) { params.set("shown", String(state.shown)); }
    var hash = params.toString();
    var url = location.href.split("#")[0] + (hash ? "#" + hash : "");
    try { history.replaceState(null, "", url); } catch (e) { location.hash = hash; }
  }

  function picked(row, key) {
    var want = state.filters[key], have = values(row, key);
    for (var j = 0; j < want.length; j++) {
      if (have.indexOf(want[j]) !== -1) { return true; }
    }
    return false;
  }

  // One pass over the rows (kept in sort order) per update: the rows that match, and for
  // each facet the counts over the rows that match every other filter, which is what
  // ticking one of its boxes would give.
  function scan() {
    var words = state.q ? state.q.toLowerCase().split(/\s+/).filter(Boolean) : [];
    var keys = Object.keys(state.filters);
    var hits = [], counts = {}, f;
    // Counts keyed by catalog values, so without a prototype: a tag "constructor" or a
    // regulation "__proto__" is a value like any other, not one of Object's properties.
    for (f = 0; f < FACETS.length; f++) { counts[FACETS[f][0]] = Object.create(null); }
    for (var r = 0; r < sorted.length; r++) {
      var row = sorted[r], i = 0;
      while (i < words.length && row.search.indexOf(words[i]) !== -1) { i++; }
      if (i < words.length) { continue; }
      var failed = null, fails = 0;
      for (var k = 0; k < keys.length && fails < 2; k++) {
        if (!picked(row, keys[k])) { failed = keys[k]; fails++; }
      }
      if (fails > 1) { continue; }
      if (fails === 0) { hits.push(row); }
      for (f = 0; f < FACETS.length; f++) {
        var key = FACETS[f][0];
        if (fails === 1 && key !== failed) { continue; }
        var vs = values(row, key), c = counts[key];
        for (var v = 0; v < vs.length; v++) { c[vs[v]] = (c[vs[v]] || 0) + 1; }
      }
    }
    return { hits: hits, counts: counts };
  }

  function resort() {
    sorted = rows.slice().sort(compare);
    sortedBy = state.sort + " " + state.dir;
  }

  function compare(a, b) {
    var x = a[state.sort], y = b[state.sort];
    if (Array.isArray(x)) { x = x.join(", "); y = y.join(", "); }
    var empty = (x === null || x === ""), emptyB = (y === null || y === "");
    if (empty !== emptyB) { return empty ? 1 : -1; }  // blanks last either way
    // Plain code-point order: ids and the catalog's values are ASCII, and localeCompare
    // costs too much on 10,000 rows.
    x = typeof x === "number" ? x : String(x);
    y = typeof y === "number" ? y : String(y);
    var c = typeof x === "number" ? x - y : (x < y ? -1 : x > y ? 1 : 0);
    if (c === 0) { c = a.id < b.id ? -1 : a.id > b.id ? 1 : 0; return c; }
    return state.dir === "desc" ? -c : c;
  }

  function cell(tr, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) { td.className = cls; }
    tr.appendChild(td);
    return td;
  }

  // A long unbroken word in free text (an ARN, a URL) sets its column's width and pushes
  // the last columns out of view for every row; CSS that may break any word (`anywhere`)
  // breaks ordinary ones too, the table being at its narrowest at 1280 px. So only a word
  // longer than LONG + 4 characters gets a <wbr> every LONG characters (a copy of the text
  // still gives it whole).
  var LONG = 10;
  function breakableCell(tr, text) {
    var td = cell(tr, "");
    text.split(/(\s+)/).forEach(function (part) {
      if (part.length <= LONG + 4) { td.appendChild(document.createTextNode(part)); return; }
      for (var i = 0; i < part.length; i += LONG) {
        if (i) { td.appendChild(document.createElement("wbr")); }
        td.appendChild(document.createTextNode(part.slice(i, i + LONG)));
      }
    });
  }

  function renderFacets(allCounts) {
    var aside = document.getElementById("facets");
    // The boxes are made anew: remember which one had focus (ticked from the keyboard) to
    // give it back, or the next Tab would start again at the top of the page.
    var focused = document.activeElement, toFocus = null;
    var hadFocus = focused && aside.contains(focused) && focused.hasAttribute("data-facet");
    var focusKey = hadFocus ? focused.getAttribute("data-facet") : null;
    var focusValue = hadFocus ? focused.value : null;
    Array.prototype.slice.call(aside.querySelectorAll("fieldset")).forEach(function (el) {
      aside.removeChild(el);
    });
    FACETS.forEach(function (f) {
      var key = f[0], counts = allCounts[key];
      (state.filters[key] || []).forEach(function (v) { counts[v] = counts[v] || 0; });
      var names = Object.keys(counts).sort();
      if (!names.length) { return; }
      var fs = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.textContent = f[1];
      fs.appendChild(legend);
      names.forEach(function (v) {
        var label = document.createElement("label");
        label.className = "facet";
        var box = document.createElement("input");
        box.type = "checkbox";
        box.setAttribute("data-facet", key);
        box.value = v;
        box.checked = (state.filters[key] || []).indexOf(v) !== -1;
        if (key === focusKey && v === focusValue) { toFocus = box; }
        box.addEventListener("change", function () {
          var list = state.filters[key] || [];
          if (box.checked) { list.push(v); } else { list.splice(list.indexOf(v), 1); }
          if (list.length) { state.filters[key] = list; } else { delete state.filters[key]; }
          update();
        });
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + v + " "));
        var n = document.createElement("span");
        n.className = "n";
        n.textContent = "(" + counts[v] + ")";
        label.appendChild(n);
        fs.appendChild(label);
      });
      aside.appendChild(fs);
    });
    if (toFocus) { toFocus.focus(); }
  }

  function renderRows() {
    var hits = current.hits;
    count.textContent = String(hits.length);
    var frag = document.createDocumentFragment();
    hits.slice(0, state.shown).forEach(function (row) {
      var tr = document.createElement("tr");
      var a = document.createElement("a");
      a.href = row.href;
      a.textContent = row.id;
      cell(tr, "").appendChild(a);
      breakableCell(tr, row.title);
      cell(tr, row.stage);
      cell(tr, row.team);
      cell(tr, row.risk);
      breakableCell(tr, row.regulations.join(", "));
      breakableCell(tr, row.platforms.join(", "));
      cell(tr, row.costText, "num");  // formatted at build time, as on every page
      cell(tr, row.evaluated);
      cell(tr, row.reviewed);
      cell(tr, row.flags.join(", "), "flags");
      frag.appendChild(tr);
    });
    tbody.textContent = "";
    tbody.appendChild(frag);
    more.hidden = hits.length <= state.shown;
    more.textContent = "Show more (" + (hits.length - Math.min(state.shown, hits.length)) +
      " left)";
    Array.prototype.forEach.call(document.querySelectorAll("th[data-key]"), function (th) {
      if (th.getAttribute("data-key") === state.sort) {
        th.setAttribute("aria-sort", state.dir === "asc" ? "ascending" : "descending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  }

  function refresh() {
    if (sortedBy !== state.sort + " " + state.dir) { resort(); }
    current = scan();
    renderFacets(current.counts);
    renderRows();
  }

  function update() {
    state.shown = PAGE;
    writeUrl();
    refresh();
  }

  function restore() {
    readUrl();
    search.value = state.q;
    refresh();
  }

  search.addEventListener("input", function () { state.q = search.value.trim(); update(); });
  // While rows are left the button keeps focus (Enter again shows more). The press that
  // shows the last rows hides it, and focus would drop to the page's body (the next Tab
  // starting again at the top): it goes to the first newly shown row's link instead.
  more.addEventListener("click", function () {
    var first = state.shown;
    state.shown += PAGE;
    writeUrl();
    renderRows();
    if (more.hidden) {
      var tr = tbody.rows[first], link = tr && tr.querySelector("a");
      if (link) { link.focus(); }
    }
  });
  document.getElementById("clear").addEventListener("click", function () {
    state.q = ""; state.filters = {}; search.value = ""; update();
  });
  Array.prototype.forEach.call(document.querySelectorAll("th[data-key]"), function (th) {
    th.addEventListener("click", function () {
      var key = th.getAttribute("data-key");
      if (state.sort === key) { state.dir = state.dir === "asc" ? "desc" : "asc"; }
      else { state.sort = key; state.dir = "asc"; }
      update();
    });
  });
  window.addEventListener("hashchange", restore);
  restore();
}());
