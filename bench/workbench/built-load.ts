// `npm run bench:workbench:load [-- --rounds N]`: web mode interactive after load, measured on
// the product as a user starts it — the built `starling web` in its own process (no tsx, no
// benchmark code in the server's process) — in Debian's Chromium.
//
// Each round opens a fresh browser context (empty cache: a cold load) and then reloads the page
// five times (warm loads). The time is the page's own clock from navigation start to the clusters
// being listed (`body[data-ready]`, stamped by the probe in page-probe.js). Run `npm run build`
// first. Prints a Markdown table; writes nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../tests/e2e/browser';

const root = resolve(import.meta.dirname, '../..');
const probe = readFileSync(join(import.meta.dirname, 'page-probe.js'), 'utf8');
const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 5;
const warmLoads = 5;

/** Starts `starling web` from the build in a home of its own; resolves to its address. */
async function startBuiltWeb(home: string) {
  const child = spawn(process.execPath, [join(root, 'bin/starling.js'), 'web', '--port', '0'], {
    env: { ...process.env, HOME: home, STARLING_HOME: join(home, 'starling') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`starling web: no address in ${output}`)),
      60_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolveUrl(found[0]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`starling web exited (${code}): ${output}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function interactive(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(
    () => (globalThis as unknown as { __bench: { readyAt: number } }).__bench.readyAt > 0,
  );
  return page.evaluate(
    () => (globalThis as unknown as { __bench: { readyAt: number } }).__bench.readyAt,
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const home = mkdtempSync(join(tmpdir(), 'starling-bench-load-'));
const startLoad = loadavg()[0]!;
const web = await startBuiltWeb(home);
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: chromiumArgs,
});
const cold: number[] = [];
const warm: number[] = [];
try {
  for (let r = 0; r < rounds; r++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: probe });
    const page = await context.newPage();
    cold.push(await interactive(page, web.url));
    for (let i = 0; i < warmLoads; i++) warm.push(await interactive(page, web.url));
    await context.close();
  }
} finally {
  await browser.close();
  web.stop();
  rmSync(home, { recursive: true, force: true });
}
const ms = (x: number) => `${x.toFixed(0)} ms`;
console.log('| web mode interactive after load (built `starling web`) | median | worst |');
console.log('| --- | ---: | ---: |');
console.log(
  `| cold (a fresh browser context), ${cold.length} loads | ${ms(median(cold))} | ${ms(Math.max(...cold))} |`,
);
console.log(
  `| warm (reloads), ${warm.length} loads | ${ms(median(warm))} | ${ms(Math.max(...warm))} |`,
);
console.log(
  `\nMeasured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ` +
    `${startLoad.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end.`,
);
