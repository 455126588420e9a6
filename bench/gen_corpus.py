#!/usr/bin/env python3
"""Synthetic lesson-and-badge site for paveldas benchmarks (deterministic, stdlib only).

Usage:
  gen_corpus.py OUT [--lessons N] [--languages en,lt,fr] [--seed 1] [--per-unit 20]
                [--badges 12] [--missing 0.10] [--project DIR] [--force]

Writes a complete paveldas site into OUT:

  OUT/site.yaml                                   languages, base_url, issuer, theme default
  OUT/themes/, OUT/locales/<lang>/                 copied from the project (--project, default:
                                                   the repository holding this script); a language
                                                   without UI strings gets the default's files
  OUT/static/img/diagram-NN.svg                    images the lessons reference
  OUT/content/_index[.<lang>].md                   home
  OUT/content/lessons/_index[.<lang>].md           lessons overview
  OUT/content/badges/_index[.<lang>].md            badges overview
  OUT/content/badges/badge-NN[.<lang>].md          name, description, criteria, tags
  OUT/content/lessons/unit-NN/_index[.<lang>].md   title, order, summary
  OUT/content/lessons/unit-NN/lesson-NNNN[.<lang>].md
  OUT/corpus.json                                  parameters and counts (also read by the tests)

The first language is the default one and has every file; each other language misses about
--missing of the lessons and badges (chosen per file, so the set does not change when the corpus
grows). Lesson bodies are 590-910 words of Markdown built from small word lists: ## and ###
headings, emphasis, inline code, links to other lessons (../unit-03/lesson-0042.md), a bullet
and a numbered list, one table, one blockquote, a fenced json or yaml block in every 10th lesson
and a /img/diagram-NN.svg image in every 5th.

Same arguments, same bytes: every file draws from its own random.Random seeded with a string
(seeding from str is SHA-512 based, so PYTHONHASHSEED does not matter).
"""

import argparse
import json
import os
import random
import shutil
import sys

VOCAB = {
    "en": (
        "castle bridge tower wall gate harbour chapel archive mosaic fresco ruin dune "
        "lagoon valley glacier reef terrace vineyard orchard mill quarry kiln loom "
        "craft song dance legend custom festival recipe pilgrim merchant farmer "
        "builder mason weaver sailor keeper visitor neighbour elder guide survey "
        "sketch timeline inventory interview photograph label poster leaflet trail "
        "protect restore repair visit record map question imagine decide argue "
        "notice gather rebuild celebrate remember inherit value weigh plan walk "
        "ancient fragile living shared local distant wooden stone painted hidden "
        "sunny windy narrow wide quietly slowly together sometimes usually rarely "
        "the a of in at near beyond under across toward with without during since "
        "and yet or so when where which who this that these those our their"
    ).split(),
    "lt": (
        "pilis tiltas bokštas siena vartai uostas koplyčia archyvas mozaika freska "
        "griuvėsiai kopa marios slėnis ledynas rifas terasa vynuogynas sodas malūnas "
        "karjeras krosnis staklės amatas daina šokis legenda paprotys šventė receptas "
        "piligrimas pirklys ūkininkas statybininkas mūrininkas audėja jūreivis "
        "sargas lankytojas kaimynas senolis gidas apklausa eskizas laiko juosta "
        "sąrašas interviu nuotrauka etiketė plakatas lankstinukas takas saugoti "
        "atkurti taisyti aplankyti užrašyti pažymėti klausti įsivaizduoti nuspręsti "
        "ginčytis pastebėti surinkti atstatyti švęsti prisiminti paveldėti vertinti "
        "senovinis trapus gyvas bendras vietinis tolimas medinis akmeninis dažytas "
        "paslėptas saulėtas vėjuotas siauras platus tyliai lėtai kartu kartais "
        "paprastai retai prie už po per link su be nuo ir bet ar kai kur kuris "
        "šis tas mūsų jų čia žiemą vasarą ąžuolinis gūbrys"
    ).split(),
    "fr": (
        "château pont tour rempart porte port chapelle archive mosaïque fresque "
        "ruine dune lagune vallée glacier récif terrasse vignoble verger moulin "
        "carrière four métier chant danse légende coutume fête recette pèlerin "
        "marchand paysan bâtisseur maçon tisserande marin gardien visiteur voisin "
        "aîné guide enquête croquis frise inventaire entretien photographie "
        "étiquette affiche dépliant sentier protéger restaurer réparer visiter "
        "noter cartographier imaginer décider débattre remarquer rassembler "
        "reconstruire célébrer hériter évaluer ancien fragile vivant partagé "
        "local lointain boisé peint caché ensoleillé venteux étroit large "
        "doucement lentement ensemble parfois souvent rarement le la les un une "
        "des du près au-delà sous vers avec sans pendant depuis et ou donc quand "
        "où qui ce cette nos leurs déjà même là-bas été hiver forêt œil"
    ).split(),
}

HEADINGS = {
    "en": ["Before the lesson", "Getting started", "Exploring the site", "In small groups",
           "Sharing findings", "Checking understanding", "Going further", "What you need",
           "Looking back", "At home"],
    "lt": ["Prieš pamoką", "Pradžia", "Vietovės tyrinėjimas", "Mažose grupėse",
           "Radinių pristatymas", "Supratimo patikrinimas", "Toliau", "Ko reikia",
           "Apžvalga", "Namuose"],
    "fr": ["Avant la leçon", "Pour commencer", "Explorer le site", "En petits groupes",
           "Partager les découvertes", "Vérifier la compréhension", "Pour aller plus loin",
           "Ce qu'il faut", "Retour sur la leçon", "À la maison"],
}

TERMS = {
    "en": {"home": "Heritage lessons", "lessons": "All lessons", "badges": "Open badges",
           "unit": "Unit", "phase": "Phase", "task": "Task", "minutes": "Minutes",
           "tip": "Tip", "related": "Related lessons", "picture": "Figure"},
    "lt": {"home": "Paveldo pamokos", "lessons": "Visos pamokos", "badges": "Atvirieji ženkleliai",
           "unit": "Skyrius", "phase": "Etapas", "task": "Užduotis", "minutes": "Minutės",
           "tip": "Patarimas", "related": "Susijusios pamokos", "picture": "Paveikslas"},
    "fr": {"home": "Leçons du patrimoine", "lessons": "Toutes les leçons", "badges": "Badges ouverts",
           "unit": "Unité", "phase": "Phase", "task": "Tâche", "minutes": "Minutes",
           "tip": "Conseil", "related": "Leçons liées", "picture": "Figure"},
}

SUBJECTS = ["History", "Geography", "Biology", "Art", "Music", "Mathematics",
            "Literature", "Civics", "Physics", "Languages"]
AGE_RANGES = ["7-9", "9-11", "11-13", "12-15", "14-16", "16-18"]
DURATIONS = [25, 35, 45, 50, 80, 90]
BADGE_TAGS = ["fieldwork", "storytelling", "mapping", "volunteering", "crafts",
              "archives", "photography", "debate"]
IMAGES = 10


def quote(text):
    """A YAML double-quoted scalar: JSON strings are valid YAML."""
    return json.dumps(text, ensure_ascii=False)


def yaml_block(pairs):
    lines = ["---"]
    for key, value in pairs:
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {quote(v)}" for v in value]
        elif isinstance(value, int):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {quote(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def capitalise(text):
    return text[:1].upper() + text[1:]


class Prose:
    """Random text in one language; counts the words it produced."""

    def __init__(self, rng, lang, link):
        self.rng = rng
        self.vocab = VOCAB.get(lang, VOCAB["en"])
        self.link = link  # rng -> relative .md link
        self.count = 0

    def words(self, lo, hi):
        n = self.rng.randint(lo, hi)
        self.count += n
        return " ".join(self.rng.choice(self.vocab) for _ in range(n))

    def heading(self, lo=2, hi=5):
        return capitalise(self.words(lo, hi))

    def sentence(self, inline=True):
        text = capitalise(self.words(5, 14))
        if inline:
            roll = self.rng.random()
            if roll < 0.15:
                text += " *" + self.words(1, 3) + "*"
            elif roll < 0.27:
                text += " **" + self.words(1, 2) + "**"
            elif roll < 0.38:
                text += " ([" + self.words(1, 3) + "](" + self.link(self.rng) + "))"
            elif roll < 0.43:
                text += " `" + self.rng.choice(self.vocab) + "`"
        return text + self.rng.choice([".", ".", ".", ".", "?", "!"])

    def para(self, lo=3, hi=6):
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))


def code_block(rng, prose, lang, n):
    """A fenced json block on odd tens, a yaml block on even ones."""
    stops = [prose.words(2, 3) for _ in range(rng.randint(2, 4))]
    points = rng.randint(4, 12)
    if (n // 10) % 2:
        data = {"lesson": n, "language": lang, "stops": stops,
                "points": {"pass": points // 2, "full": points}}
        return "```json\n" + json.dumps(data, ensure_ascii=False, indent=2) + "\n```"
    lines = [f"lesson: {n}", f"language: {lang}", "stops:"]
    lines += [f"  - {quote(s)}" for s in stops]
    lines += ["points:", f"  pass: {points // 2}", f"  full: {points}"]
    return "```yaml\n" + "\n".join(lines) + "\n```"


def lesson_markdown(rng, prose, lang, n):
    terms = TERMS.get(lang, TERMS["en"])
    heads = HEADINGS.get(lang, HEADINGS["en"])
    goal = rng.randint(560, 790)  # words of prose; lists, table and links bring it to 590-910
    blocks = [prose.para(2, 4), "## " + heads[0], prose.para()]
    blocks.append("\n".join("* " + prose.sentence(inline=k % 2 == 1)
                            for k in range(rng.randint(3, 5))))
    blocks += ["### " + prose.heading(), prose.para()]
    blocks.append("\n".join(f"{k}. {prose.sentence()}" for k in range(1, rng.randint(4, 7))))
    table = [f"| {terms['phase']} | {terms['task']} | {terms['minutes']} |", "|:--|:--|--:|"]
    for k in range(1, rng.randint(4, 6)):
        table.append(f"| {k} | {prose.words(2, 5)} | {5 * rng.randint(1, 4)} |")
    blocks.append("\n".join(table))
    blocks.append(f"> *{terms['tip']}:* " + prose.para(2, 3))
    if n % 10 == 0:
        blocks.append(code_block(rng, prose, lang, n))
    if n % 5 == 0:
        image = 1 + (n // 5) % IMAGES
        blocks.append(f"![{terms['picture']} {image}: {prose.words(2, 4)}](/img/diagram-{image:02d}.svg)")
    k = 1
    while prose.count < goal:
        if k % 3 == 0:
            blocks.append("### " + prose.heading())
        else:
            blocks.append("## " + heads[k % len(heads)])
        blocks.append(prose.para())
        k += 1
    blocks.append("## " + terms["related"])
    blocks.append("\n".join(f"* [{prose.heading()}]({prose.link(rng)})" for _ in range(3)))
    return "\n\n".join(blocks) + "\n"


def svg(k):
    hue = (k * 37) % 360
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 90" width="160" height="90">'
            f'<rect width="160" height="90" fill="hsl({hue},45%,80%)"/>'
            f'<circle cx="45" cy="45" r="{12 + k}" fill="hsl({hue},45%,40%)"/>'
            f'<text x="90" y="52" font-size="20">{k:02d}</text></svg>\n')


def copy_project_files(project, out, langs):
    """themes/ and locales/ from the project; languages without UI strings get the default's."""
    shutil.copytree(os.path.join(project, "themes"), os.path.join(out, "themes"))
    src_locales = os.path.join(project, "locales")
    for lang in langs:
        src = os.path.join(src_locales, lang)
        if not os.path.isdir(src):
            src = os.path.join(src_locales, langs[0])
        if not os.path.isdir(src):
            src = os.path.join(src_locales, "en")
        shutil.copytree(src, os.path.join(out, "locales", lang))


class Sink:
    def __init__(self):
        self.files = 0
        self.bytes = 0
        self.markdown = 0

    def put(self, path, text):
        data = text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        self.files += 1
        self.bytes += len(data)
        if path.endswith(".md"):
            self.markdown += 1


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--lessons", type=int, default=1000)
    ap.add_argument("--languages", default="en,lt,fr")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-unit", type=int, default=20)
    ap.add_argument("--badges", type=int, default=12)
    ap.add_argument("--missing", type=float, default=0.10,
                    help="share of non-default-language lessons and badges left untranslated")
    ap.add_argument("--project", default=os.path.dirname(here),
                    help="paveldas checkout to copy themes/ and locales/ from")
    ap.add_argument("--force", action="store_true", help="replace OUT if it exists")
    args = ap.parse_args(argv)

    langs = [x.strip() for x in args.languages.split(",") if x.strip()]
    if not langs or args.lessons < 1 or args.per_unit < 1 or args.badges < 1:
        ap.error("need at least one language, lesson, lesson per unit and badge")
    if os.path.exists(args.out):
        if not args.force:
            ap.error(f"{args.out} exists: choose a new directory or pass --force")
        shutil.rmtree(args.out)
    default = langs[0]
    units = -(-args.lessons // args.per_unit)
    lw, uw, bw = max(4, len(str(args.lessons))), max(2, len(str(units))), max(2, len(str(args.badges)))
    out = args.out
    content = os.path.join(out, "content")
    sink = Sink()

    def name(base, lang):
        return f"{base}.md" if lang == default else f"{base}.{lang}.md"

    def rng(*key):
        return random.Random("/".join(map(str, (args.seed,) + key)))

    def unit_dir(u):
        return f"unit-{u:0{uw}d}"

    def lesson_slug(n):
        return f"lesson-{n:0{lw}d}"

    def lesson_link(r):
        n = r.randint(1, args.lessons)
        return f"../{unit_dir((n - 1) // args.per_unit + 1)}/{lesson_slug(n)}.md"

    def translated(kind, n, lang):
        return lang == default or rng("untranslated", kind, n, lang).random() >= args.missing

    os.makedirs(os.path.join(content, "badges"))
    os.makedirs(os.path.join(content, "lessons"))
    os.makedirs(os.path.join(out, "static", "img"))
    copy_project_files(os.path.abspath(args.project), out, langs)
    with open(os.path.join(out, "site.yaml"), "w", encoding="utf-8") as f:
        f.write("# Generated by bench/gen_corpus.py: a synthetic site for benchmarks.\n"
                "title: Heritage lessons benchmark\n"
                f"default_language: {default}\n"
                f"languages: [{', '.join(langs)}]\n"
                "# base_url and issuer switch on what needs them: badge JSON, sitemap, canonical links\n"
                "base_url: https://bench.example.org/\n"
                "theme: default\n"
                "output_dir: public\n"
                "issuer:\n"
                "  name: Benchmark school network\n"
                "  url: https://bench.example.org/\n"
                "  email: badges@bench.example.org\n")

    for lang in langs:
        terms = TERMS.get(lang, TERMS["en"])
        prose = Prose(rng("home", lang), lang, lambda x: lesson_link(x).replace("../", "lessons/", 1))
        sink.put(os.path.join(content, name("_index", lang)),
                 yaml_block([("title", terms["home"])]) + "\n" + prose.para(3, 5) + "\n")
        sink.put(os.path.join(content, "lessons", name("_index", lang)),
                 yaml_block([("title", terms["lessons"]), ("order", 1)]))
        sink.put(os.path.join(content, "badges", name("_index", lang)),
                 yaml_block([("title", terms["badges"]), ("order", 2)]))

    badge_ids = [f"badge-{b:0{bw}d}" for b in range(1, args.badges + 1)]
    for b, badge in enumerate(badge_ids, 1):
        tags = sorted(rng("tags", b).sample(BADGE_TAGS, 2))
        for lang in langs:
            if not translated("badge", b, lang):
                continue
            r = rng("badge", b, lang)
            prose = Prose(r, lang, lambda x: lesson_link(x).replace("../", "../lessons/", 1))
            front = yaml_block([
                ("name", prose.heading(2, 3)),
                ("description", prose.sentence(inline=False)),
                ("criteria", [prose.sentence(inline=False) for _ in range(r.randint(3, 5))]),
                ("tags", tags),
            ])
            body = prose.para(2, 4) + "\n\n" + prose.para(2, 4) + "\n"
            sink.put(os.path.join(content, "badges", name(badge, lang)), front + "\n" + body)

    for u in range(1, units + 1):
        udir = os.path.join(content, "lessons", unit_dir(u))
        os.makedirs(udir)
        for lang in langs:
            prose = Prose(rng("unit", u, lang), lang, lesson_link)
            label = TERMS.get(lang, TERMS["en"])["unit"]
            front = yaml_block([("title", f"{label} {u}: {prose.heading(2, 4)}"),
                                ("order", u), ("summary", prose.sentence(inline=False))])
            sink.put(os.path.join(udir, name("_index", lang)), front + "\n" + prose.para(2, 3) + "\n")
        first = (u - 1) * args.per_unit + 1
        for n in range(first, min(args.lessons, u * args.per_unit) + 1):
            facts = rng("facts", n)  # shared by all languages of a lesson
            age = facts.choice(AGE_RANGES)
            minutes = facts.choice(DURATIONS)
            subjects = sorted(facts.sample(SUBJECTS, facts.randint(1, 3)))
            badges = sorted(facts.sample(badge_ids, min(len(badge_ids), facts.randint(1, 3))))
            goals = facts.randint(3, 5)
            for lang in langs:
                if not translated("lesson", n, lang):
                    continue
                r = rng("lesson", n, lang)
                prose = Prose(r, lang, lesson_link)
                front = yaml_block([
                    ("title", prose.heading(3, 6)),
                    ("summary", prose.sentence(inline=False)),
                    ("unit", unit_dir(u)),
                    ("order", n - first + 1),
                    ("age", age),
                    ("duration_minutes", minutes),
                    ("subjects", subjects),
                    ("objectives", [prose.sentence(inline=False) for _ in range(goals)]),
                    ("badges", badges),
                ])
                prose.count = 0
                body = lesson_markdown(r, prose, lang, n)
                sink.put(os.path.join(udir, name(lesson_slug(n), lang)), front + "\n" + body)

    for k in range(1, IMAGES + 1):
        sink.put(os.path.join(out, "static", "img", f"diagram-{k:02d}.svg"), svg(k))

    info = {
        "generator": "paveldas bench/gen_corpus.py",
        "lessons": args.lessons, "units": units, "per_unit": args.per_unit,
        "badges": args.badges, "languages": langs, "seed": args.seed, "missing": args.missing,
        "markdown_files": sink.markdown, "files_written": sink.files, "bytes_written": sink.bytes,
    }
    with open(os.path.join(out, "corpus.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(info, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(info, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
