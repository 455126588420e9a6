// paveldas serve: live reload and build errors in the page. Injected only into pages the dev
// server sends; built files never contain it.
(function () {
  "use strict";
  var script = document.currentScript;
  var page = (script && script.getAttribute("data-page")) || "";
  var scrollKey = "paveldas-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(scrollKey);
  if (saved) {
    sessionStorage.removeItem(scrollKey);
    var xy = JSON.parse(saved);
    var restore = function () { window.scrollTo(xy[0], xy[1]); };
    restore();
    window.addEventListener("load", restore);
  }

  function abs(path) { return new URL("/" + path, location.origin).href; }
  function bare(href) { var u = new URL(href, location.href); u.search = ""; u.hash = ""; return u.href; }

  function reload() {
    sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    location.reload();
  }

  var server = null;
  var version = null;
  var source = null;
  // State for tests and the curious: whether the tab listens, and the build it has seen.
  var live = (window.__paveldas = { connected: false, version: null });
  function connect() {
    source = new EventSource("/__paveldas/events");
    source.addEventListener("hello", function (e) {
      var d = JSON.parse(e.data);
      // A restarted server, or builds missed while this tab was hidden: the page may be stale.
      if (server !== null && (server !== d.server || version !== d.version)) { reload(); return; }
      server = d.server;
      version = live.version = d.version;
      live.connected = true;
    });
    source.addEventListener("build-ok", function () { hideOverlay(); });
    source.addEventListener("build-error", function (e) { showOverlay(JSON.parse(e.data)); });
    source.addEventListener("reload", onReload);
  }
  // Hidden tabs let go of their connection: browsers allow only a few per server.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && source) { source.close(); source = null; live.connected = false; }
    else if (!document.hidden && !source) { connect(); }
  });
  if (!document.hidden) connect();

  function onReload(e) {
    var d = JSON.parse(e.data);
    if (d.all) { reload(); return; }
    version = live.version = d.version;
    var changed = {};
    d.changed.concat(d.removed).forEach(function (p) { changed[abs(p)] = true; });
    // This page, or (on a "not found" page) the page that was asked for and now exists.
    var asked = location.pathname.replace(/\/$/, "/index.html").slice(1);
    if ((page && changed[abs(page)]) || changed[abs(asked)]) { reload(); return; }
    var sheets = [];
    var used = false;
    document.querySelectorAll("link[href], script[src], img[src], source[src], object[data], image").forEach(function (el) {
      var url = el.getAttribute("href") || el.getAttribute("src") || el.getAttribute("data") || el.getAttribute("xlink:href");
      if (!url || !changed[bare(url)]) return;
      if (el.tagName === "LINK" && /\bstylesheet\b/i.test(el.rel)) sheets.push(el); else used = true;
    });
    if (used) { reload(); return; }
    // A changed stylesheet is swapped in place: no reload, no lost scroll position.
    sheets.forEach(function (link) {
      var next = link.cloneNode();
      var u = new URL(link.href);
      u.searchParams.set("paveldas", Date.now());
      next.href = u.href;
      next.addEventListener("load", function () { link.remove(); });
      next.addEventListener("error", function () { next.remove(); });
      link.after(next);
    });
  }

  var host = null;
  function hideOverlay() { if (host) { host.remove(); host = null; } }
  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text) x.textContent = text;
    if (cls) x.className = cls;
    return x;
  }
  function showOverlay(err) {
    hideOverlay();
    host = document.createElement("paveldas-error-overlay");
    var root = host.attachShadow({ mode: "open" });
    var style = el("style",
      ".back{position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.55);overflow:auto;font:15px/1.5 system-ui,sans-serif}" +
      ".box{max-width:56rem;margin:4vh auto;background:#fff;color:#1a1a1a;border-top:6px solid #c62828;border-radius:6px;padding:1.2rem 1.5rem;box-shadow:0 8px 40px rgba(0,0,0,.4)}" +
      "h2{margin:0 0 .3rem;font-size:1.2rem;color:#b71c1c}.note{margin:0 0 1rem;color:#555}" +
      ".loc{font:600 14px ui-monospace,monospace;color:#0d47a1}.msg{margin:.2rem 0 .5rem}" +
      "pre{margin:.3rem 0;padding:.6rem .8rem;background:#f6f6f6;border-radius:4px;overflow:auto;font:13px/1.45 ui-monospace,monospace}" +
      ".hit{background:#ffebee}.hint{color:#2e7d32;margin:.3rem 0 1rem}" +
      "button{float:right;font-size:1.4rem;line-height:1;border:0;background:none;cursor:pointer;color:#555}");
    var back = el("div", null, "back");
    var box = el("div", null, "box");
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "t");
    var close = el("button", "\u00d7");
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", hideOverlay);
    var title = el("h2", "Build failed");
    title.id = "t";
    box.append(close, title, el("p", "The page shows the last good build. Save a fix and it updates by itself.", "note"));
    err.diagnostics.forEach(function (d) {
      box.append(el("div", d.location, "loc"), el("div", d.severity + ": " + d.message, "msg"));
      if (d.lines && d.lines.length) {
        var pre = el("pre");
        var width = String(d.lines[d.lines.length - 1][0]).length;
        d.lines.forEach(function (l) {
          var num = String(l[0]);
          while (num.length < width) num = " " + num;
          var row = el("span", num + " | " + l[1] + "\n", l[0] === d.line ? "hit" : null);
          pre.append(row);
          if (l[0] === d.line && d.col) {
            var pad = "";
            for (var i = 0; i < width; i++) pad += " ";
            var caret = pad + " | ";
            for (var j = 1; j < d.col; j++) caret += " ";
            pre.append(el("span", caret + "^\n"));
          }
        });
        box.append(pre);
      }
      if (d.hint) box.append(el("div", "hint: " + d.hint, "hint"));
    });
    back.append(box);
    root.append(style, back);
    document.documentElement.append(host);
  }
})();
