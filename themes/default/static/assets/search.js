/* paveldas offline search, for <lang>/search.html. The index is <lang>/search-index.js, a script that
   sets window.PAVELDAS_SEARCH (no fetch, so it works from file://); its format is described in
   paveldas' src/search.rs. The page texts that snippets come from are in search-text-<k>.js chunks,
   loaded with a <script> only for the results shown. Matching folds case and diacritics exactly as the index was folded
   (src/search.rs `fold_char`: NFD, marks dropped, lower case, a few letters mapped), so "kursiu"
   finds "Kuršių"; every query word matches as a prefix while typing; title hits rank first.
   Keyboard: arrow keys move between the input and the results, Enter opens one, Escape goes back. */
(function () {
  "use strict";
  var MARK = /\p{M}/gu;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;
  var SPECIAL = { "ł": "l", "ŀ": "l", "đ": "d", "ð": "d", "ø": "o", "ħ": "h", "ı": "i", "ŧ": "t",
    "ς": "σ", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th" };
  var MAX_EXPANSIONS = 1000;
  var MAX_SHOWN = 50;

  function foldChar(c) {
    if (c.charCodeAt(0) < 128) return c.toLowerCase();
    var s = c.normalize("NFD").replace(MARK, "").toLowerCase();
    var out = "";
    for (var ch of s) out += SPECIAL[ch] || ch;
    return out;
  }

  function fold(s) {
    var out = "";
    for (var ch of s) out += foldChar(ch);
    return out;
  }

  /* The folded text with, for every UTF-16 unit of it, the index of the original character. */
  function foldMapped(s) {
    var folded = "";
    var map = [];
    var i = 0;
    for (var ch of s) {
      var f = foldChar(ch);
      for (var k = 0; k < f.length; k++) map.push(i);
      folded += f;
      i += ch.length;
    }
    return { text: folded, map: map, length: s.length };
  }

  function queryTerms(q) {
    var words = fold(q).match(WORD) || [];
    var seen = {};
    return words.filter(function (w) {
      if (Array.from(w).length < 2 || seen[w]) return false;
      seen[w] = true;
      return true;
    });
  }

  function lowerBound(terms, prefix) {
    var lo = 0;
    var hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < prefix) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /* Score of one posting: a title hit outweighs any heading and body hits of the same word. */
  function postingScore(value, exact) {
    var fields = value & 7;
    var tf = value >> 3;
    return (fields & 4 ? 64 : 0) + (fields & 2 ? 8 : 0) + Math.min(tf, 6) + (exact ? 1 : 0);
  }

  /* doc id -> best score of any indexed word starting with `term`. */
  function lookup(index, term) {
    var scores = new Map();
    var i = lowerBound(index.terms, term);
    for (var n = 0; i < index.terms.length && n < MAX_EXPANSIONS; i++, n++) {
      var word = index.terms[i];
      if (word.lastIndexOf(term, 0) !== 0) break;
      var post = index.post[i];
      var exact = word.length === term.length;
      var doc = 0;
      for (var j = 0; j < post.length; j += 2) {
        doc += post[j];
        var s = postingScore(post[j + 1], exact);
        var old = scores.get(doc);
        if (old === undefined || s > old) scores.set(doc, s);
      }
    }
    return scores;
  }

  /* Documents that match every term, best first. */
  function search(index, terms) {
    if (!terms.length) return [];
    var maps = terms.map(function (t) { return lookup(index, t); });
    maps.sort(function (a, b) { return a.size - b.size; });
    var hits = [];
    maps[0].forEach(function (score, doc) {
      var total = score;
      for (var k = 1; k < maps.length; k++) {
        var s = maps[k].get(doc);
        if (s === undefined) return;
        total += s;
      }
      hits.push({ doc: doc, score: total });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return hits;
  }

  /* Word-start occurrences of the terms in folded text, as [start, end) ranges over whole words. */
  function occurrences(fm, terms, from, to) {
    var ranges = [];
    var t = fm.text;
    terms.forEach(function (term) {
      var at = t.indexOf(term, from);
      while (at !== -1 && at < to) {
        if (at === 0 || !WORD_CHAR.test(t.charAt(at - 1))) {
          var end = at + term.length;
          while (end < t.length && WORD_CHAR.test(t.charAt(end))) end++;
          ranges.push([at, end]);
        }
        at = t.indexOf(term, at + 1);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    return ranges;
  }

  function origin(fm, folded) {
    return folded < fm.map.length ? fm.map[folded] : fm.length;
  }

  /* Appends `text` [start, end) to `el`, with the term occurrences wrapped in <mark>. */
  function appendMarked(el, text, fm, terms, start, end) {
    var pos = start;
    var fStart = 0;
    while (fStart < fm.map.length && fm.map[fStart] < start) fStart++;
    var fEnd = fStart;
    while (fEnd < fm.map.length && fm.map[fEnd] < end) fEnd++;
    occurrences(fm, terms, fStart, fEnd).forEach(function (r) {
      var a = origin(fm, r[0]);
      var b = Math.min(origin(fm, r[1]), end);
      if (a < pos || a >= b) return;
      el.appendChild(document.createTextNode(text.slice(pos, a)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(a, b);
      el.appendChild(mark);
      pos = b;
    });
    el.appendChild(document.createTextNode(text.slice(pos, end)));
  }

  /* A snippet of about 200 characters around the first match in the body, else the summary. */
  function snippet(el, body, summary, terms) {
    var fm = foldMapped(body);
    var first = occurrences(fm, terms, 0, fm.text.length)[0];
    if (!first) {
      appendMarked(el, summary, foldMapped(summary), terms, 0, summary.length);
      return;
    }
    var at = origin(fm, first[0]);
    var start = Math.max(0, at - 70);
    if (start > 0) {
      var space = body.indexOf(" ", start);
      start = space !== -1 && space < at ? space + 1 : start;
    }
    var end = Math.min(body.length, start + 220);
    if (end < body.length) {
      var cut = body.lastIndexOf(" ", end);
      end = cut > at ? cut : end;
    }
    if (start > 0) el.appendChild(document.createTextNode("… "));
    appendMarked(el, body, fm, terms, start, end);
    if (end < body.length) el.appendChild(document.createTextNode(" …"));
  }

  /* Calls back with the texts of chunk k (or null), loading its script once. */
  var pending = {};
  function withTexts(k, callback) {
    var store = window.PAVELDAS_SEARCH_TEXT || (window.PAVELDAS_SEARCH_TEXT = {});
    if (store[k]) { callback(store[k]); return; }
    if (pending[k]) { pending[k].push(callback); return; }
    pending[k] = [callback];
    var script = document.createElement("script");
    script.src = "search-text-" + k + ".js";
    script.onload = script.onerror = function () {
      var waiting = pending[k];
      delete pending[k];
      waiting.forEach(function (f) { f(store[k] || null); });
    };
    document.head.appendChild(script);
  }

  function init() {
    var input = document.getElementById("search-page-input");
    var form = document.getElementById("search-form");
    var box = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results-list");
    if (!input || !box || !status || !list) return;
    var index = window.PAVELDAS_SEARCH;

    function say(text) { status.textContent = text; }

    var shown = null;
    function render(q) {
      if (q === shown) return;
      shown = q;
      box.setAttribute("data-query", q);
      while (list.firstChild) list.removeChild(list.firstChild);
      if (!index) { say(box.getAttribute("data-missing")); return; }
      var terms = queryTerms(q);
      if (!terms.length) { say(q.trim() ? box.getAttribute("data-short") : ""); return; }
      var hits = search(index, terms);
      if (!hits.length) { say(box.getAttribute("data-none")); return; }
      say(box.getAttribute("data-count").replace("{count}", String(hits.length)));
      hits.slice(0, MAX_SHOWN).forEach(function (hit, n) {
        var d = index.docs[hit.doc];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = d[0];
        a.id = "search-result-" + n;
        a.className = "search-result-link";
        appendMarked(a, d[1], foldMapped(d[1]), terms, 0, d[1].length);
        var h = document.createElement("h2");
        h.className = "search-result-title";
        h.appendChild(a);
        li.appendChild(h);
        var ctx = document.createElement("p");
        ctx.className = "search-result-context";
        ctx.textContent = d[2];
        li.appendChild(ctx);
        var p = document.createElement("p");
        p.className = "search-result-snippet";
        appendMarked(p, d[3], foldMapped(d[3]), terms, 0, d[3].length);
        li.appendChild(p);
        list.appendChild(li);
        var chunk = index.chunk || 1;
        withTexts(Math.floor(hit.doc / chunk), function (texts) {
          var body = texts && texts[hit.doc % chunk];
          if (shown !== q || typeof body !== "string") return;
          while (p.firstChild) p.removeChild(p.firstChild);
          snippet(p, body, d[3], terms);
        });
      });
    }

    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { render(input.value); }, 60);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") {
        var all = links();
        if (all.length) { ev.preventDefault(); all[0].focus(); }
      }
    });
    list.addEventListener("keydown", function (ev) {
      var all = links();
      var i = all.indexOf(document.activeElement);
      if (i === -1) return;
      if (ev.key === "ArrowDown" && i + 1 < all.length) { ev.preventDefault(); all[i + 1].focus(); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); (i > 0 ? all[i - 1] : input).focus(); }
      else if (ev.key === "Escape") { ev.preventDefault(); input.focus(); }
    });
    if (form) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        clearTimeout(timer);
        render(input.value);
        try {
          window.history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
        } catch (e) { /* some browsers refuse this on file:// */ }
        var all = links();
        if (all.length) all[0].focus();
      });
    }

    var q = "";
    try { q = new URLSearchParams(window.location.search).get("q") || ""; } catch (e) { q = ""; }
    if (q) {
      input.value = q;
      var header = document.getElementById("site-search");
      if (header) header.value = q;
    }
    render(input.value);
  }

  if (typeof document !== "undefined") init();
})();
