#!/usr/bin/env python3
"""Save-to-reload latency of `paveldas serve` (standard library only).

Usage:
  bench/serve_latency.py CORPUS_DIR [--binary target/release/paveldas] [--runs 15]

CORPUS_DIR is a site made by ../shared/bench/gen_corpus.py (with its site.yaml, locales and
themes). It is copied beside itself (CORPUS_DIR-serve) so the original is never edited; put it on
/dev/shm. The script starts `paveldas serve --port 0`, subscribes to the live-reload event stream
like a browser tab does, then repeatedly saves an edit and measures:

  rebuild time from the rebuild starting (after the watcher's 40 ms quiet period) to the
          edited page written and its `reload` event sent, as the server reports it (`ms`)
  event   time from the file being saved to the `reload` event naming the page reaching the tab
  page    the same plus fetching the changed page (what the browser then does)
  all     until every affected file is written too (the pages listing the lesson and the search
          index come in a second pass)

for a body edit and for a title edit (which also re-renders the unit, the neighbours, the home
page and lessons overview listing every lesson, and the badge pages) of one lesson, and for a body
edit of its Lithuanian translation (only that language's pages and search index follow).
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time


def events(port):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /__paveldas/events HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
    f = s.makefile("rb")
    while f.readline() not in (b"\r\n", b""):
        pass
    return s, f


def next_event(f, debug=os.environ.get("DEBUG")):
    name, data = "", ""
    while True:
        line = f.readline()
        if not line:
            raise SystemExit("event stream closed")
        line = line.decode().rstrip("\r\n")
        if not line:
            if name or data:
                if debug:
                    print("event", name, data[:200], file=sys.stderr)
                return name, data
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data += line[5:].strip()


def fetch(port, path):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
    body = b""
    while True:
        chunk = s.recv(1 << 16)
        if not chunk:
            break
        body += chunk
    s.close()
    return body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--binary", default="target/release/paveldas")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--themes", default="themes",
                    help="themes directory copied over the corpus's (default: this repository's)")
    ap.add_argument("--locales", default="locales",
                    help="UI strings copied over the corpus's, for its languages (default: this repository's)")
    a = ap.parse_args()
    src = os.path.abspath(a.corpus)
    site = src.rstrip("/") + "-serve"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(src, site, ignore=shutil.ignore_patterns("public"))
    if os.path.isdir(a.themes):
        shutil.rmtree(os.path.join(site, "themes"), ignore_errors=True)
        shutil.copytree(a.themes, os.path.join(site, "themes"))
    for lang in os.listdir(os.path.join(site, "locales")):
        mine = os.path.join(a.locales, lang)
        if os.path.isdir(mine):
            shutil.rmtree(os.path.join(site, "locales", lang))
            shutil.copytree(mine, os.path.join(site, "locales", lang))
    out = site + "-out"
    shutil.rmtree(out, ignore_errors=True)
    with open(os.path.join(site, "site.yaml")) as fh:
        conf = [l for l in fh if not l.startswith("output_dir:")]
    with open(os.path.join(site, "site.yaml"), "w") as fh:
        fh.writelines(conf + [f"output_dir: {out}\n"])

    t = time.perf_counter()
    proc = subprocess.Popen(
        [a.binary, "serve", "--port", "0", "--root", site],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        port = int(line.strip().rstrip("/").rsplit(":", 1)[1])
        print(f"first build and start: {time.perf_counter() - t:.2f} s")
        probe, pf = events(port)
        next_event(pf)  # hello; a failed first build sends its error right after
        probe.settimeout(1.0)
        try:
            name, data = next_event(pf)
            if name == "build-error":
                raise SystemExit("the first build failed: " + data)
        except (socket.timeout, OSError):
            pass
        probe.close()
        sock, f = events(port)
        next_event(f)  # hello
        units = sorted(d for d in os.listdir(os.path.join(site, "content/lessons"))
                       if os.path.isdir(os.path.join(site, "content/lessons", d)))
        unit = units[len(units) // 2]
        slug = sorted(n[:-3] for n in os.listdir(os.path.join(site, "content/lessons", unit))
                      if n.endswith(".md") and n.count(".") == 1 and not n.startswith("_"))[-1]
        lesson = os.path.join(site, "content/lessons", unit, slug + ".md")
        page_path = f"en/lessons/{unit}/{slug}.html"
        print(f"editing {os.path.relpath(lesson, site)}")
        with open(lesson) as fh:
            original = fh.read()

        def measure(kind, make, last=None, source=lesson, page=page_path):
            rb, ev, pg, al = [], [], [], []
            for i in range(a.runs):
                text = make(i)
                t0 = time.perf_counter()
                with open(source, "w") as fh:
                    fh.write(text)
                while True:
                    name, data = next_event(f)
                    if name == "build-error":
                        raise SystemExit(data)
                    if name == "reload" and page in json.loads(data)["changed"]:
                        rb.append(json.loads(data)["ms"])
                        break
                t1 = time.perf_counter()
                fetch(port, "/" + page)
                t2 = time.perf_counter()
                ev.append((t1 - t0) * 1000)
                pg.append((t2 - t0) * 1000)
                if last:
                    while True:
                        name, data = next_event(f)
                        if name == "reload" and last in json.loads(data)["changed"]:
                            break
                    al.append((time.perf_counter() - t0) * 1000)
                time.sleep(0.3)
            rows = [("rebuild", rb), ("event", ev), ("page", pg)] + ([("all", al)] if last else [])
            for label, xs in rows:
                print(f"{kind:>10} {label:>7}: median {statistics.median(xs):6.1f} ms, "
                      f"min {min(xs):6.1f}, max {max(xs):6.1f} ({len(xs)} runs)")

        # The unit's print page shows the lesson in full: it changes with every edit, in the
        # last pass, with the pages listing the lesson and the search index.
        last = f"en/lessons/{unit}/print.html"
        measure("body edit", lambda i: original + f"\nEdited paragraph {i}.\n", last=last)
        measure("title edit", lambda i: original.replace("title: ", f"title: Edit {i} ", 1),
                last=last)
        with open(lesson, "w") as fh:
            fh.write(original)
        # A translator's save: only that language's pages and search index follow.
        lt = lesson[:-3] + ".lt.md"
        if os.path.exists(lt):
            with open(lt) as fh:
                lt_original = fh.read()
            measure("lt body edit", lambda i: lt_original + f"\nPastraipa {i}.\n",
                    last=f"lt/lessons/{unit}/print.html", source=lt,
                    page=f"lt/lessons/{unit}/{slug}.html")
            with open(lt, "w") as fh:
                fh.write(lt_original)
        sock.close()
    finally:
        proc.kill()
        proc.wait()


if __name__ == "__main__":
    sys.exit(main())
