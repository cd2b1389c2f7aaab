// modelinv index page: search, facets, sorting and the URL state. Data comes from the
// JSON element #models-data; rows are built with DOM APIs and textContent only.
(function () {
  "use strict";
  var PAGE = 200;
  var FACETS = [
    ["stage", "Stage"], ["team", "Team"], ["risk", "Risk"],
    ["regulations", "Regulation"], ["platforms", "Platform"], ["tags", "Tag"]
  ];
  var rows = JSON.parse(document.getElementById("models-data").textContent);
  var state = { q: "", sort: "id", dir: "asc", filters: {} };
  var shown = PAGE;
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
    var hash = params.toString();
    var url = location.href.split("#")[0] + (hash ? "#" + hash : "");
    try { history.replaceState(null, "", url); } catch (e) { location.hash = hash; }
  }

  function matches(row, skip) {
    if (state.q) {
      var words = state.q.toLowerCase().split(/\s+/);
      for (var i = 0; i < words.length; i++) {
        if (words[i] && row.search.indexOf(words[i]) === -1) { return false; }
      }
    }
    for (var key in state.filters) {
      if (key === skip) { continue; }
      var want = state.filters[key], have = values(row, key), ok = false;
      for (var j = 0; j < want.length && !ok; j++) { ok = have.indexOf(want[j]) !== -1; }
      if (!ok) { return false; }
    }
    return true;
  }

  function compare(a, b) {
    var x = a[state.sort], y = b[state.sort];
    if (Array.isArray(x)) { x = x.join(", "); y = y.join(", "); }
    var empty = (x === null || x === ""), emptyB = (y === null || y === "");
    if (empty !== emptyB) { return empty ? 1 : -1; }  // blanks last either way
    var c = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
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

  function money(row) {
    if (row.cost === null) { return ""; }
    return row.cost.toLocaleString("en-US", { maximumFractionDigits: 2 }) + " " + row.currency;
  }

  function renderFacets() {
    var aside = document.getElementById("facets");
    Array.prototype.slice.call(aside.querySelectorAll("fieldset")).forEach(function (el) {
      aside.removeChild(el);
    });
    FACETS.forEach(function (f) {
      var key = f[0], counts = {};
      rows.forEach(function (row) {
        if (!matches(row, key)) { return; }
        values(row, key).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
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
  }

  function renderRows() {
    var hits = rows.filter(function (row) { return matches(row, null); }).sort(compare);
    count.textContent = String(hits.length);
    var frag = document.createDocumentFragment();
    hits.slice(0, shown).forEach(function (row) {
      var tr = document.createElement("tr");
      var a = document.createElement("a");
      a.href = row.href;
      a.textContent = row.id;
      cell(tr, "").appendChild(a);
      cell(tr, row.title);
      cell(tr, row.stage);
      cell(tr, row.team);
      cell(tr, row.risk);
      cell(tr, row.regulations.join(", "));
      cell(tr, row.platforms.join(", "));
      cell(tr, money(row), "num");
      cell(tr, row.evaluated);
      cell(tr, row.reviewed);
      cell(tr, row.flags.join(", "), "flags");
      frag.appendChild(tr);
    });
    tbody.textContent = "";
    tbody.appendChild(frag);
    more.hidden = hits.length <= shown;
    more.textContent = "Show more (" + (hits.length - Math.min(shown, hits.length)) + " left)";
    Array.prototype.forEach.call(document.querySelectorAll("th[data-key]"), function (th) {
      if (th.getAttribute("data-key") === state.sort) {
        th.setAttribute("aria-sort", state.dir === "asc" ? "ascending" : "descending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  }

  function update() {
    shown = PAGE;
    writeUrl();
    renderFacets();
    renderRows();
  }

  function restore() {
    readUrl();
    search.value = state.q;
    shown = PAGE;
    renderFacets();
    renderRows();
  }

  search.addEventListener("input", function () { state.q = search.value.trim(); update(); });
  more.addEventListener("click", function () { shown += PAGE; renderRows(); });
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
