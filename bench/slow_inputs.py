#!/usr/bin/env python3
"""Large-but-legitimate and hostile inputs for the "slow inputs" checks of issue 14.

Usage: bench/slow_inputs.py KIND N OUT_DIR
  ftl       the basic fixture site with N extra messages in locales/{en,lt}/extra.ftl
  headings  the basic fixture site with one lesson of N identical `## Same` headings
  nested    the basic fixture site with N nested `[` in one lesson's front matter
Then e.g.: time target/release/paveldas build --root OUT_DIR --output /tmp/out
"""
import shutil
import sys
from pathlib import Path

kind, n, out = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
here = Path(__file__).resolve().parent.parent
if out.exists():
    shutil.rmtree(out)
shutil.copytree(here / "tests/fixtures/basic", out)
shutil.copytree(here / "themes", out / "themes")
lesson = out / "content/lessons/01-first/big.md"
if kind == "ftl":
    for lang in ["en", "lt"]:
        with open(out / f"locales/{lang}/extra.ftl", "w") as f:
            for i in range(n):
                f.write(f"extra-message-{i} = Message {i} in {lang} with {{ $count }} items\n")
                if i % 10 == 0:
                    f.write(f"    .title = Title {i}\n")
elif kind == "headings":
    lesson.write_text("---\ntitle: Big\nsummary: Many headings.\n---\n" + "## Same\n\ntext\n\n" * n)
elif kind == "nested":
    lesson.write_text("---\ntitle: Big\nsummary: x\nsubjects: " + "[" * n + "\n---\nbody\n")
else:
    sys.exit(f"unknown kind {kind}")
