// Usage: node tests/browser/site_check.mjs SITE_DIR OUT_DIR
//
// The real-browser judge of the built site, opened from file:// in headless Debian chromium (driven by
// playwright-core and axe-core from $PEER_DIR, installed by ../shared/tools/peer/install.sh):
//
//   crawl      every page reachable from SITE_DIR/index.html is loaded (no test code injected):
//              zero failed loads, zero console errors, zero uncaught exceptions, no network requests,
//              every internal link names an existing file, and every HTML file except 404 pages is
//              reachable from the root;
//   switcher   on every page the language switcher points at the same page in each other language
//              (checked in the DOM), and clicking through it on every lesson lands there, with
//              <html lang> of the target language;
//   search     where <lang>/search-index.js exists, typing a lesson's title word into the search box
//              gives a result link to that lesson (languages without an index are reported as skipped);
//   a11y       axe-core with the WCAG 2.1 A and AA rules finds no violation on one page of each kind
//              (home, lessons, unit, lesson, badge index, badge, search with and without results, 404,
//              and a page of content/pages/ where the site has one)
//              in en, lt and ar, plus
//              every lesson page of those languages; the kinds in light and dark colour schemes, the
//              lessons in dark (../shared/tools/peer/browser_check.mjs runs axe on every page in light);
//   keyboard   the first Tab reaches a visible skip link to an existing #main, Enter moves focus
//              into the main content, and every element reached by Tab shows a visible focus
//              indicator (light and dark).
//
// Writes OUT_DIR/report.json; prints one line per problem; exit status 1 if there is any problem.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const PEER = process.env.PEER_DIR || '/tmp/peertools';
const req = createRequire(PEER + '/');
const { chromium } = req('playwright-core');
const AXE = req.resolve('axe-core/axe.min.js');

const [siteArg, outArg] = process.argv.slice(2);
if (!siteArg || !outArg) {
  console.error('usage: node site_check.mjs SITE_DIR OUT_DIR');
  process.exit(2);
}
const site = path.resolve(siteArg);
const out = path.resolve(outArg);
fs.mkdirSync(out, { recursive: true });
const url = rel => pathToFileURL(path.join(site, rel)).href;
const relOf = u => path.relative(site, fileURLToPath(u.split('#')[0].split('?')[0])).split(path.sep).join('/');

const A11Y_LANGS = (process.env.A11Y_LANGS || 'en,lt,ar').split(',');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const problems = [];
const started = Date.now();
const phase = name => console.log(`${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
const report = { site, crawl: {}, switcher: {}, search: {}, a11y: {}, keyboard: {}, skipped: [] };
const problem = (kind, where, what) => {
  problems.push({ kind, where, what });
  console.log(`${kind.toUpperCase()} ${where}: ${what}`);
};

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function launch(extraArgs = []) {
  const udd = fs.mkdtempSync(path.join(os.tmpdir(), 'paveldas-chrome-'));
  const ctx = await chromium.launchPersistentContext(udd, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    viewport: { width: 1280, height: 900 }, args: [...ARGS, ...extraArgs],
  });
  ctx.setDefaultTimeout(15000);
  const close = async () => { await ctx.close(); fs.rmSync(udd, { recursive: true, force: true }); };
  return { ctx, close };
}

function allHtmlFiles(dir, base = '') {
  let files = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = base ? `${base}/${e.name}` : e.name;
    if (e.isDirectory()) files = files.concat(allHtmlFiles(path.join(dir, e.name), r));
    else if (e.name.endsWith('.html')) files.push(r);
  }
  return files;
}

const languages = fs.readdirSync(site, { withFileTypes: true })
  .filter(e => e.isDirectory() && fs.existsSync(path.join(site, e.name, 'index.html')) && e.name !== 'assets')
  .map(e => e.name);

// ---------------------------------------------------------------- crawl (plain browser, nothing injected)
const pages = new Map(); // rel -> { lang, dir, title, switcher: [{lang, href}] }
{
  const { ctx, close } = await launch();
  let cur = null;
  await ctx.route(/^(https?|wss?|ftp):/, r => {
    problem('network', cur, `request to ${r.request().url()} (the site must work offline)`);
    return r.abort('internetdisconnected');
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.on('console', m => { if (m.type() === 'error') problem('console', cur, m.text()); });
  page.on('pageerror', e => problem('console', cur, `uncaught ${e.message}`));
  page.on('requestfailed', r => problem('load', cur, `${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', r => { if (r.status() >= 400) problem('load', cur, `${r.url()}: status ${r.status()}`); });
  const queue = ['index.html'];
  const seen = new Set(queue);
  while (queue.length) {
    cur = queue.shift();
    try {
      await page.goto(url(cur), { waitUntil: 'load' });
      // The root page may redirect to the reader's language: collect the links of the root itself.
      await page.waitForLoadState('load');
    } catch (e) {
      problem('load', cur, e.message.split('\n')[0]);
      continue;
    }
    const info = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      title: document.title,
      // Links, resources, and form targets (the search box submits to search.html).
      hrefs: Array.from(document.querySelectorAll('a[href], link[href], img[src], script[src], form[action]'))
        .map(a => ({ raw: a.getAttribute('href') ?? a.getAttribute('src') ?? a.getAttribute('action'),
          abs: a.tagName === 'FORM' ? a.action : (a.href || a.src) })),
      switcher: Array.from(document.querySelectorAll('.lang-switcher a[data-lang]'))
        .map(a => ({ lang: a.dataset.lang, href: a.href })),
    }));
    const at = relOf(page.url());
    if (at !== cur) {
      // A redirect (the root's language choice): crawl the target too, but also the root's own links.
      const rootLinks = await fs.promises.readFile(path.join(site, cur), 'utf8');
      const decode = t => t.replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
        .replace(/&#([0-9]+);/g, (_, d) => String.fromCodePoint(+d)).replace(/&amp;/g, '&');
      for (const m of rootLinks.matchAll(/href="([^"]+)"/g)) {
        const raw = decode(m[1]);
        info.hrefs.push({ raw, abs: new URL(raw, url(cur)).href });
      }
    }
    pages.set(cur, { lang: info.lang, dir: info.dir, title: info.title, switcher: info.switcher });
    for (const { raw, abs } of info.hrefs) {
      if (!abs || /^(https?|mailto|tel|data):/i.test(abs)) continue;
      if (!abs.startsWith('file:')) { problem('link', cur, `unexpected URL ${raw}`); continue; }
      const f = fileURLToPath(abs.split('#')[0].split('?')[0]);
      if (!(f + path.sep).startsWith(site + path.sep)) { problem('link', cur, `${raw} points outside the site`); continue; }
      if (abs.split('#')[0].endsWith('/')) { problem('link', cur, `${raw} names a directory (file:// shows a listing)`); continue; }
      if (!fs.existsSync(f)) { problem('link', cur, `${raw}: no such file`); continue; }
      const r = relOf(abs);
      if (r.endsWith('.html') && !seen.has(r)) { seen.add(r); queue.push(r); }
    }
  }
  await close();
  const all = allHtmlFiles(site);
  const unreachable = all.filter(f => !seen.has(f) && !/(^|\/)404\.html$/.test(f));
  for (const f of unreachable) problem('unreachable', f, 'no link leads here from the root index.html');
  report.crawl = { html_files: all.length, visited: pages.size, unreachable };
  phase(`crawl: ${pages.size} pages visited of ${all.length} HTML files`);
}

// ---------------------------------------------------------------- switcher
{
  let checked = 0;
  for (const [rel, p] of pages) {
    const m = rel.match(/^([^/]+)\/(.+)$/);
    if (!m || !languages.includes(m[1])) continue;
    const [, lang, rest] = m;
    const found = new Set(p.switcher.map(s => s.lang));
    for (const l of languages) if (!found.has(l)) problem('switcher', rel, `no link to language ${l}`);
    for (const s of p.switcher) {
      const want = `${s.lang}/${rest}`;
      if (relOf(s.href) !== want) problem('switcher', rel, `${s.lang} link goes to ${relOf(s.href)}, not ${want}`);
      checked++;
    }
    if (p.lang !== lang) problem('lang', rel, `<html lang="${p.lang}"> on a page of ${lang}`);
  }
  // Click through the switcher on every lesson: from the default language through every other
  // language and back, forwards on one lesson and backwards on the next, so both directions of
  // most language pairs are clicked at least once.
  const { ctx, close } = await launch();
  const page = ctx.pages()[0] || await ctx.newPage();
  let clicks = 0;
  const lessons = [...pages.keys()].filter(r => r.startsWith(`${languages[0]}/lessons/`) && r.split('/').length === 4 && !r.endsWith('/index.html'));
  for (const [i, first] of lessons.entries()) {
    const rest = first.slice(languages[0].length + 1);
    const order = i % 2 ? [...languages.slice(1)].reverse() : languages.slice(1);
    let at = first;
    await page.goto(url(at));
    for (const l of [...order, languages[0]]) {
      const link = page.locator(`.lang-switcher a[data-lang="${l}"]`);
      if (await link.count() !== 1) { problem('switcher', at, `no clickable ${l} link`); break; }
      await Promise.all([page.waitForEvent('load'), link.click()]);
      const landed = relOf(page.url());
      const lang = await page.evaluate(() => document.documentElement.lang);
      if (landed !== `${l}/${rest}` || lang !== l) { problem('switcher', at, `clicking ${l} landed on ${landed} (lang ${lang})`); break; }
      at = landed;
      clicks++;
    }
  }
  await close();
  report.switcher = { links_checked: checked, clicks };
  phase(`switcher: ${checked} links checked, ${clicks} clicks`);
}

// ---------------------------------------------------------------- search
{
  const { ctx, close } = await launch();
  const page = ctx.pages()[0] || await ctx.newPage();
  let cur = null;
  page.on('console', m => { if (m.type() === 'error') problem('console', cur, m.text()); });
  page.on('pageerror', e => problem('console', cur, `uncaught ${e.message}`));
  for (const lang of languages) {
    if (!fs.existsSync(path.join(site, lang, 'search-index.js'))) {
      report.skipped.push(`search in ${lang}: no ${lang}/search-index.js in the output yet`);
      console.log(`search: SKIPPED for ${lang} (no ${lang}/search-index.js yet)`);
      continue;
    }
    const lesson = [...pages.keys()].find(r => r.startsWith(`${lang}/lessons/`) && !r.endsWith('/index.html'));
    if (!lesson) { problem('search', lang, 'no lesson page to search for'); continue; }
    cur = lesson;
    await page.goto(url(lesson));
    const h1 = (await page.locator('h1').first().innerText()).trim();
    const word = h1.split(/[\s\p{P}]+/u).filter(w => w.length >= 4).sort((a, b) => b.length - a.length)[0] || h1;
    // From the header search box of the lesson page: type, submit, expect the lesson among the results.
    cur = `${lang}/search.html`;
    const box = page.locator('header input[type="search"], input[type="search"]').first();
    await box.fill(word);
    await box.press('Enter');
    try {
      await page.waitForURL(/search\.html/, { timeout: 10000 });
      const results = page.locator('#search-results a[href]');
      await results.first().waitFor({ timeout: 10000 });
      const hrefs = await results.evaluateAll(as => as.map(a => a.href));
      const rels = hrefs.map(relOf);
      for (const r of rels) if (!fs.existsSync(path.join(site, r))) problem('search', cur, `result ${r} does not exist`);
      if (!rels.includes(lesson)) problem('search', cur, `"${word}" did not find ${lesson} (got ${rels.slice(0, 5).join(', ')})`);
      report.search[lang] = { query: word, results: rels.length };
      console.log(`search: ${lang} "${word}" -> ${rels.length} results`);
    } catch (e) {
      problem('search', cur, `"${word}" gave no result link: ${e.message.split('\n')[0]}`);
    }
  }
  await close();
}

// ---------------------------------------------------------------- a11y and keyboard
{
  // Reading the theme's CSS is needed by axe (colour contrast, orientation lock); file:// pages may only
  // read their stylesheets' rules with this flag. It does not change what a reader sees.
  const { ctx, close } = await launch(['--allow-file-access-from-files']);
  const page = ctx.pages()[0] || await ctx.newPage();
  const targets = [];
  for (const lang of A11Y_LANGS.filter(l => languages.includes(l))) {
    const kinds = {
      home: `${lang}/index.html`,
      lessons: `${lang}/lessons/index.html`,
      unit: [...pages.keys()].find(r => /^[^/]+\/lessons\/[^/]+\/index\.html$/.test(r) && r.startsWith(lang + '/')),
      'badge index': `${lang}/badges/index.html`,
      badge: [...pages.keys()].find(r => r.startsWith(`${lang}/badges/`) && !r.endsWith('/index.html')),
      search: `${lang}/search.html`,
      404: `${lang}/404.html`,
    };
    for (const [kind, rel] of Object.entries(kinds)) {
      if (!rel || !fs.existsSync(path.join(site, rel))) { problem('a11y', lang, `no ${kind} page`); continue; }
      targets.push({ kind, rel, keyboard: true });
    }
    // A page of content/pages/ (<lang>/<slug>.html), where the site has one.
    const own = new Set(['index.html', 'search.html', '404.html']);
    const pageRel = [...pages.keys()].find(r => r.startsWith(lang + '/') && r.split('/').length === 2 && !own.has(r.split('/')[1]));
    if (pageRel) targets.push({ kind: 'page', rel: pageRel, keyboard: true });
    // The search page once more with results on it (the query that found a lesson above).
    if (report.search[lang]) targets.push({ kind: 'search results', rel: kinds.search, query: report.search[lang].query });
    // Every lesson (they hold the most varied content), in dark colours: the light scheme of every
    // page is already judged by axe in ../shared/tools/peer/browser_check.mjs.
    for (const rel of pages.keys()) {
      if (rel.startsWith(`${lang}/lessons/`) && rel.split('/').length === 4 && !rel.endsWith('/index.html')) targets.push({ kind: 'lesson', rel, schemes: ['dark'] });
    }
  }
  targets.push({ kind: 'root', rel: 'index.html' }, { kind: '404', rel: '404.html', keyboard: true });
  let runs = 0, tabs = 0;
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const t of targets) {
      if (t.schemes && !t.schemes.includes(scheme)) continue;
      const where = `${t.rel}${t.query ? `?q=${t.query}` : ''} (${scheme})`;
      const target = url(t.rel) + (t.query ? `?q=${encodeURIComponent(t.query)}` : '');
      // The root page redirects to the reader's language; stop that to check the page itself.
      await page.goto(target, { waitUntil: 'load' });
      if (t.query) {
        try { await page.locator('#search-results a[href]').first().waitFor({ timeout: 10000 }); }
        catch { problem('a11y', where, 'the search page shows no results for the query'); }
      }
      if (relOf(page.url()) !== t.rel) {
        await page.route('**/*.js', r => r.abort());
        await page.goto(url(t.rel), { waitUntil: 'load' });
        await page.unroute('**/*.js');
      }
      await page.addScriptTag({ path: AXE });
      const res = await page.evaluate(tags => axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), WCAG);
      runs++;
      for (const v of res.violations) {
        problem('a11y', where, `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(' | ')}`);
      }
      if (!t.keyboard) continue;
      // Keyboard: first Tab reaches a visible skip link; Enter moves into main; focus is always visible.
      await page.goto(url(t.rel), { waitUntil: 'load' });
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        const a = document.activeElement;
        const r = a.getBoundingClientRect();
        const target = a.getAttribute('href')?.startsWith('#') ? document.getElementById(a.getAttribute('href').slice(1)) : null;
        return { tag: a.tagName, cls: a.className, href: a.getAttribute('href'), target: !!target,
          visible: r.width > 1 && r.height > 1 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth };
      });
      if (!skip.cls.includes('skip-link') || !skip.target) problem('keyboard', where, `first Tab reaches ${skip.tag}.${skip.cls} ${skip.href}, not a skip link to an existing target`);
      else if (!skip.visible) problem('keyboard', where, 'the focused skip link is not visible on screen');
      if (skip.target) {
        await page.keyboard.press('Enter');
        const inMain = await page.evaluate(() => document.activeElement.id === 'main' || !!document.activeElement.closest('main'));
        if (!inMain) problem('keyboard', where, 'Enter on the skip link does not move focus into the main content');
        await page.goto(url(t.rel), { waitUntil: 'load' });
      }
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(() => {
          const a = document.activeElement;
          if (!a || a === document.body) return null;
          const s = getComputedStyle(a);
          const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
          const shadow = s.boxShadow && s.boxShadow !== 'none';
          const d = a.cloneNode(false);
          return { desc: `${a.tagName.toLowerCase()}${a.id ? '#' + a.id : ''}${a.className ? '.' + String(a.className).split(' ').join('.') : ''} "${(a.textContent || a.value || '').trim().slice(0, 30)}"`, ok: outline || shadow };
        });
        if (!f) break;
        tabs++;
        if (!f.ok) problem('keyboard', where, `no visible focus indicator on ${f.desc}`);
      }
    }
  }
  await close();
  report.a11y = { axe_runs: runs, pages: targets.length, tags: WCAG, kinds: [...new Set(targets.map(t => t.kind))] };
  report.keyboard = { tab_stops_checked: tabs };
  phase(`a11y: ${runs} axe runs (${WCAG.join(', ')}), ${tabs} tab stops checked`);
}

report.problems = problems;
fs.writeFileSync(path.join(out, 'report.json'), JSON.stringify(report, null, 2));
console.log(`${problems.length} problem(s); report in ${path.join(out, 'report.json')}`);
process.exit(problems.length ? 1 : 0);
