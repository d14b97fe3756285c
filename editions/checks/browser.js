// Browser checks for HTML pages: axe-core (WCAG 2.2 AA + best practice) in Debian's Chromium
// through playwright-core, plus what a browser must measure: reflow at 320 CSS px (H12),
// text spacing (H13) and a visible focus indicator on every focusable element (H15).
// Usage: node browser.js page1.html page2.html …   → JSON on stdout.
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const SPACING = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }`;

async function check(page, file) {
  const url = 'file://' + path.resolve(file);
  const out = { file, axe: [], reflow: null, spacing: [], focus: [], obscured: [], faint: [] };
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url);
  await page.addScriptTag({ path: AXE });
  const res = await page.evaluate(async (tags) => {
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')), count: v.nodes.length }));
  }, TAGS);
  out.axe = res;
  // H15: tab through the focusable elements; each must look different when focused and not be
  // hidden under a sticky or fixed part of the page. H11: the indicator (outline, or the new
  // background) has 3:1 contrast against what is behind it.
  const focus = await page.evaluate(() => {
    const rgb = (c) => { const m = c.match(/[\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; };
    const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const behind = (el) => { for (let n = el.parentElement; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor); if (c.length < 4 || c[3] > 0) return c; }
      return [255, 255, 255]; };
    const name = (el) => el.outerHTML.slice(0, 80);
    const els = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')].slice(0, 60);
    const none = [], hidden = [], faint = [];
    for (const el of els) {
      const before = getComputedStyle(el);
      const b = [before.outlineStyle, before.outlineWidth, before.boxShadow, before.backgroundColor].join('|');
      const bg0 = before.backgroundColor;
      el.focus({ focusVisible: true });
      if (document.activeElement !== el) continue;
      const after = getComputedStyle(el);
      const a = [after.outlineStyle, after.outlineWidth, after.boxShadow, after.backgroundColor].join('|');
      if (a === b) { none.push(name(el)); continue; }
      // the indicator's visible parts: outline, box-shadow colours, a new background
      const back = behind(el);
      const parts = [];
      if (after.outlineStyle !== 'none' && parseFloat(after.outlineWidth) > 0) parts.push(rgb(after.outlineColor));
      for (const c of (after.boxShadow.match(/rgba?\([^)]*\)/g) || [])) parts.push(rgb(c));
      if (after.backgroundColor !== bg0) parts.push(rgb(after.backgroundColor));
      const seen = parts.filter(c => c.length < 4 || c[3] > 0);
      const best = Math.max(0, ...seen.map(c => ratio(c, back)));
      if (best < 3) faint.push(name(el) + ' ' + best.toFixed(2) + ':1');
      const r = el.getBoundingClientRect();
      if (r.width && r.height) {
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (top && !el.contains(top) && !top.contains(el)) hidden.push(name(el));
      }
    }
    return { none, hidden, faint };
  });
  out.focus = focus.none;
  out.obscured = focus.hidden;
  out.faint = focus.faint;
  // H12: at 320 CSS px the page itself never scrolls sideways (tables may, in their box)
  await page.setViewportSize({ width: 320, height: 640 });
  out.reflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth }));
  // H13: with WCAG text spacing, no text is clipped by a box that hides overflow
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.addStyleTag({ content: SPACING });
  out.spacing = await page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll('body *')) {
      const s = getComputedStyle(el);
      if ((s.overflow === 'hidden' || s.overflowY === 'hidden' || s.overflowX === 'hidden') &&
          (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) &&
          el.textContent.trim()) bad.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
    }
    return bad.slice(0, 5);
  });
  return out;
}

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--no-first-run', '--disable-sync'] });
  // one tab per core (BROWSER_TABS overrides), each taking the next page: the results stay in
  // the order of the arguments
  const files = process.argv.slice(2);
  const tabs = Math.max(1, Math.min(Number(process.env.BROWSER_TABS) || os.cpus().length,
                                    files.length));
  const results = new Array(files.length);
  let next = 0;
  await Promise.all(Array.from({ length: tabs }, async () => {
    const page = await browser.newPage();
    // nothing leaves the machine: block every request that is not a local file
    await page.route('**/*', route => route.request().url().startsWith('file:') ? route.continue() : route.abort());
    while (next < files.length) {
      const i = next++;
      results[i] = await check(page, files[i]);
    }
    await page.close();
  }));
  await browser.close();
  process.stdout.write(JSON.stringify({ axe: require('axe-core/package.json').version,
    playwright: require('playwright-core/package.json').version, results }));
})().catch(e => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
