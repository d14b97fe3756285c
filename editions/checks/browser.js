// Browser checks for HTML pages: axe-core (WCAG 2.2 AA + best practice) in Debian's Chromium
// through playwright-core, plus what a browser must measure: reflow at 320 CSS px (H12),
// text spacing (H13) and a visible focus indicator on every focusable element (H15).
// Usage: node browser.js page1.html page2.html …   → JSON on stdout.
const path = require('path');
const { chromium } = require('playwright-core');
const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const SPACING = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }`;

async function check(page, file) {
  const url = 'file://' + path.resolve(file);
  const out = { file, axe: [], reflow: null, spacing: [], focus: [] };
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url);
  await page.addScriptTag({ path: AXE });
  const res = await page.evaluate(async (tags) => {
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')), count: v.nodes.length }));
  }, TAGS);
  out.axe = res;
  // H15: tab through the first focusable elements; each must look different when focused
  out.focus = await page.evaluate(() => {
    const els = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')].slice(0, 40);
    const bad = [];
    for (const el of els) {
      const before = getComputedStyle(el);
      const b = [before.outlineStyle, before.outlineWidth, before.boxShadow, before.backgroundColor].join('|');
      el.focus({ focusVisible: true });
      const after = getComputedStyle(el);
      const a = [after.outlineStyle, after.outlineWidth, after.boxShadow, after.backgroundColor].join('|');
      if (document.activeElement === el && a === b) bad.push(el.outerHTML.slice(0, 80));
    }
    return bad;
  });
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
  const page = await browser.newPage();
  // nothing leaves the machine: block every request that is not a local file
  await page.route('**/*', route => route.request().url().startsWith('file:') ? route.continue() : route.abort());
  const results = [];
  for (const file of process.argv.slice(2)) results.push(await check(page, file));
  await browser.close();
  process.stdout.write(JSON.stringify({ axe: require('axe-core/package.json').version,
    playwright: require('playwright-core/package.json').version, results }));
})().catch(e => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
