/* paveldas: remembers the reader's language choice and, on the root page, sends a first-time reader
   to the best match of the browser's languages. Works from file:// (no fetch, no modules). */
(function () {
  "use strict";
  var KEY = "paveldas-lang";
  function store(code) {
    try { window.localStorage.setItem(KEY, code); } catch (e) { /* storage may be off */ }
  }
  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  // Remember an explicit choice from the switcher or the chooser.
  var links = document.querySelectorAll("a[data-lang]");
  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener("click", function (ev) { store(ev.currentTarget.getAttribute("data-lang")); });
  }
  // A "print" button (hidden without JavaScript): badge pages print as a criteria sheet.
  var printers = document.querySelectorAll("[data-print]");
  for (var p = 0; p < printers.length; p++) {
    printers[p].hidden = false;
    printers[p].addEventListener("click", function () { window.print(); });
  }
  if (!document.body.classList.contains("kind-root")) return;

  // Negotiate like fluent-langneg's "matching" strategy: exact tag, then same language with any
  // region (lt-LT -> lt, fr-CA -> fr), then the default.
  var available = [];
  var urls = {};
  for (var j = 0; j < links.length; j++) {
    var code = links[j].getAttribute("data-lang");
    available.push(code);
    urls[code] = links[j].getAttribute("href");
  }
  function negotiate(requested) {
    var lower = available.map(function (a) { return a.toLowerCase(); });
    for (var k = 0; k < requested.length; k++) {
      var r = (requested[k] || "").toLowerCase();
      var exact = lower.indexOf(r);
      if (exact >= 0) return available[exact];
      var primary = r.split("-")[0];
      for (var m = 0; m < lower.length; m++) {
        if (lower[m] === primary || lower[m].split("-")[0] === primary) return available[m];
      }
    }
    return null;
  }
  var choice = stored();
  if (!choice || !urls[choice]) {
    var prefs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    choice = negotiate(prefs) || document.body.getAttribute("data-default-lang");
  }
  if (choice && urls[choice]) window.location.replace(urls[choice]);
})();
