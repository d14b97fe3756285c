// Ace by DAISY over several EPUBs in one Node process and one Chromium (checks/epub_tools.py).
//
//   node ace_batch.js EPUB OUTDIR [EPUB OUTDIR ...]
//
// Ace's own command (ace-cli) checks one EPUB and starts and stops Chromium for it; starting
// Node, loading Ace and starting Chromium is most of a small EPUB's time. This calls the same
// function ace-cli calls (@daisy/ace-core) with the same axe runner (@daisy/ace-axe-runner-
// puppeteer), once per EPUB, but the runner's browser is started once and closed at the end.
// Each EPUB's report.json is written to its OUTDIR as ace-cli writes it; an EPUB Ace could not
// check gets OUTDIR/error.txt instead. Exit status 0 unless the browser could not start.
'use strict';

const fs = require('fs');
const path = require('path');
const ace = require('@daisy/ace-core');
const runner = require('@daisy/ace-axe-runner-puppeteer');

let started = null;
const shared = {
  ...runner,
  setTimeout: (ms) => runner.setTimeout(ms),
  run: (...args) => runner.run(...args),
  launch: () => { started = started || runner.launch(); return started; },
  close: async () => {},  // closed once, below
};

async function main(pairs) {
  let first = true;
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const [epub, outdir] = [path.resolve(pairs[i]), path.resolve(pairs[i + 1])];
    try {
      await ace(epub, { cwd: process.cwd(), outdir, tmpdir: path.join(outdir, 'tmp'),
                        silent: true, verbose: false, initLogger: first, doNotReportMedia: true, jobId: String(i / 2) },
                shared);
    } catch (err) {
      fs.mkdirSync(outdir, { recursive: true });
      fs.writeFileSync(path.join(outdir, 'error.txt'), String((err && err.message) || err));
    }
    first = false;
  }
  if (started) { await started; await runner.close(); }
}

main(process.argv.slice(2)).then(() => process.exit(0), (err) => {
  process.stderr.write(`${(err && err.message) || err}\n`);
  process.exit(1);
});
