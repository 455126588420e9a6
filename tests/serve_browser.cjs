// Drives headless Chromium (playwright-core from the peer tools) through the live-reload loop for
// tests/testsuite/serve.rs: `node serve_browser.cjs URL CHROMIUM`. Prints `READY <step>` when it wants the
// test to edit a file, reads a line on stdin when the edit is saved, and ends with `OK` (exit 0)
// or an error (exit 1).
"use strict";
const path = require("path");
const readline = require("readline");
const peer = process.env.PEER_DIR || "/tmp/peertools";
const { chromium } = require(process.env.PLAYWRIGHT_CORE || path.join(peer, "node_modules", "playwright-core"));

const lines = [];
let waiter = null;
readline.createInterface({ input: process.stdin }).on("line", (l) => {
  if (waiter) { const w = waiter; waiter = null; w(l); } else lines.push(l);
});
const nextLine = () => (lines.length ? Promise.resolve(lines.shift()) : new Promise((r) => (waiter = r)));
async function step(name) { console.log("READY " + name); await nextLine(); }
async function until(page, fn, arg, what) {
  try {
    await page.waitForFunction(fn, arg, { timeout: 20000, polling: 50 });
  } catch (e) {
    throw new Error("timed out waiting for " + what);
  }
}
function check(ok, what) { if (!ok) throw new Error(what); }

(async () => {
  const [url, exe] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: exe,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 700, height: 300 } });
    await page.goto(url);
    await until(page, () => window.__paveldas && window.__paveldas.connected, null, "the event stream");
    check(await page.evaluate(() => document.documentElement.scrollHeight > 900), "page too short to scroll");

    // 1. A body edit reloads the page at the same scroll position.
    await page.evaluate(() => { window.scrollTo(0, 400); window.__mark = 1; });
    await step("body");
    await until(page, () => !window.__mark && document.body.innerText.includes("Freshly edited")
      && window.__paveldas && window.__paveldas.connected, null, "the reload with the new text");
    await page.waitForTimeout(100);
    const y = await page.evaluate(() => window.scrollY);
    check(Math.abs(y - 400) < 5, "scroll position after reload: " + y);

    // 2. A stylesheet change is swapped in without a reload.
    await page.evaluate(() => { window.__mark = 2; });
    await step("css");
    await until(page, () => getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)", null, "the new stylesheet");
    check(await page.evaluate(() => window.__mark === 2), "the page reloaded for a CSS change");
    check(await page.evaluate(() => document.querySelectorAll('link[rel="stylesheet"][href*="style.css"]').length === 1),
      "the old stylesheet stays");

    // 3. A build error shows over the page, and the next good save removes it.
    await step("break");
    const overlay = "paveldas-error-overlay";
    await until(page, (sel) => {
      const o = document.querySelector(sel);
      return o && o.shadowRoot && o.shadowRoot.textContent.includes("alpha.md:");
    }, overlay, "the error overlay");
    const text = await page.evaluate((sel) => document.querySelector(sel).shadowRoot.textContent, overlay);
    check(text.includes("order: [1") && text.includes("hint:"), "overlay content: " + text);
    check(await page.evaluate((sel) => !!document.querySelector(sel).shadowRoot.querySelector('[role="alertdialog"]'), overlay),
      "the overlay is an alert dialog");
    await step("fix");
    await until(page, (sel) => !document.querySelector(sel), overlay, "the overlay to go");
    console.log("OK");
  } finally {
    await browser.close();
  }
})().catch((e) => { console.log("FAIL " + e.message); process.exit(1); });
