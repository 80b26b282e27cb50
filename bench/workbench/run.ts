// `npm run bench:workbench [-- --objects N] [--no-write]`
//
// The workbench's performance goals, measured in Debian's Chromium against `starling web` with its
// local cluster (all in this process but the browser):
//   - web mode interactive ≤ 1.5 s after load: navigation start → the clusters are listed
//     (body[data-ready]); the first, cold load and the median of warm reloads;
//   - first rows visible ≤ 500 ms after data arrives: the WebSocket message carrying the table's
//     10,000 rows → the first row painted (the next animation frame after it is in the document);
//   - scrolling 10,000 rows with frame times ≤ 16 ms at p95: the table is scrolled by 600 px per
//     frame, top to bottom, with Chromium's frame-rate limit and vsync off, so the time between
//     two frames is the work of one frame (script, style, layout, paint) and not the display's
//     refresh interval.
// Writes the results into docs/PERFORMANCE.md (the workbench section, laid out as Prettier does)
// unless --no-write.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { kubeConfigForLocalCluster } from '../../src-main/cluster/kubeconfig';
import { chromium, type Page } from 'playwright-core';
import { startWeb } from '../../src-main/cli/web';
import type { RunningLocalCluster } from '../../src-main/cluster/local/index';
import { chromiumArgs, chromiumPath } from '../../tests/e2e/browser';
import { benchSections, performanceDocPath, writeSection } from '../performance-doc';
import { busyBetween, frameCosts, startTrace, stopTrace, type FrameCost } from './trace';

const args = process.argv.slice(2);
const objects = Number(args[args.indexOf('--objects') + 1] || 0) || 10_000;
const write = !args.includes('--no-write');
/** `--fill http`: create the objects through the API (minutes on a busy machine), not in-process. */
const fillOverHttp = args[args.indexOf('--fill') + 1] === 'http' && args.includes('--fill');
/** `--renderer DIR`: serve another build of the renderer (e.g. an older one, to compare). */
const rendererDir = args.includes('--renderer')
  ? resolve(args[args.indexOf('--renderer') + 1]!)
  : undefined;
/** `--profile FILE`: a Chrome CPU profile of opening the table and scrolling it. */
const profileFile = args.includes('--profile')
  ? resolve(args[args.indexOf('--profile') + 1]!)
  : undefined;

/** The page-side probe (plain browser JavaScript, installed before the app's scripts). */
const probe = readFileSync(join(import.meta.dirname, 'page-probe.js'), 'utf8');

type Bench = {
  readyAt: number;
  tableDataAt: number;
  firstRowAt: number;
  allRowsAt: number;
  armed: number;
};
/** Reads the probe's timestamps in the page. */
const benchState = (page: Page) => page.evaluate('window.__bench') as Promise<Bench>;
/** Waits in the page for a probe timestamp (a function, not a string: the CSP forbids eval). */
const waitForProbe = (page: Page, field: keyof Bench, timeout = 30_000) =>
  page.waitForFunction((f) => (globalThis as unknown as { __bench: Bench }).__bench[f] > 0, field, {
    timeout,
  });

async function measureInteractive(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await waitForProbe(page, 'readyAt');
  return (await benchState(page)).readyAt;
}

/** Waits for the first rows and then all rows; times from the table's data arriving. */
async function measureFirstRows(page: Page): Promise<{ firstRows: number; allRows: number }> {
  await waitForProbe(page, 'firstRowAt', 60_000);
  await waitForProbe(page, 'allRowsAt', 60_000);
  const probed = await benchState(page);
  return {
    firstRows: probed.firstRowAt - probed.tableDataAt,
    allRows: probed.allRowsAt - probed.tableDataAt,
  };
}

async function createObjects(core: CoreV1Api, namespace: string, count: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        const i = next++;
        await core.createNamespacedConfigMap({
          namespace,
          body: {
            metadata: { name: `object-${String(i).padStart(5, '0')}`, labels: { bench: 'table' } },
            data: { index: String(i) },
          },
        });
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

/**
 * Writes the objects through the local cluster's registry in this process: the same storage, the
 * same watch events as an API request, without 10,000 HTTPS round trips (which take minutes on a
 * shared machine). The setup of the benchmark, not what it measures.
 */
function fillInProcess(running: RunningLocalCluster, namespace: string, count: number): number {
  const started = performance.now();
  const { registry, catalog } = running.cluster;
  const type = catalog.find('', 'v1', 'configmaps');
  if (!type) throw new Error('the local cluster serves no configmaps');
  for (let i = 0; i < count; i++) {
    registry.create(
      { type, namespace },
      {
        value: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `object-${String(i).padStart(5, '0')}`, labels: { bench: 'table' } },
          data: { index: String(i) },
        },
      },
      { dryRun: false, manager: 'bench', fieldValidation: 'Ignore' },
    );
  }
  return (performance.now() - started) / 1000;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** The 1-minute load average when the benchmark started (other work on a shared machine). */
const startLoad = loadavg()[0]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'starling-bench-workbench-'));
  const web = await startWeb({
    port: 0,
    local: true,
    dataDir: join(dir, 'home'),
    localDataDir: join(dir, 'local'),
    kubeconfigPaths: [],
    ...(rendererDir ? { rendererDir } : {}),
  });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumArgs, '--disable-gpu-vsync', '--disable-frame-rate-limit'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: probe });
    const page = await context.newPage();

    // Interactive after load: cold first, then warm reloads.
    const cold = await measureInteractive(page, web.url);
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push(await measureInteractive(page, web.url));
    warm.sort((a, b) => a - b);
    // Traces are recorded through the browser's own session, not the page's: a page's session
    // records only the processes the page had when the trace started and adds a renderer that a
    // navigation moves to (the cold load below always moves) while that renderer already runs, so
    // the document's first mark was lost whenever the renderer ran the page before it was added.
    const tracer = await browser.newBrowserCDPSession();
    await startTrace(tracer);
    await measureInteractive(page, web.url);
    const interactiveBusy = busyBetween(
      await stopTrace(tracer),
      'starling-document',
      'starling-ready',
    );
    // A cold load traced: a fresh browser context (empty cache, no compiled code kept).
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await fresh.addInitScript({ content: probe });
    const freshPage = await fresh.newPage();
    await startTrace(tracer);
    await measureInteractive(freshPage, web.url);
    const coldBusy = busyBetween(await stopTrace(tracer), 'starling-document', 'starling-ready');
    await fresh.close();

    // 10,000 objects in the local cluster.
    const local = web.local!.access;
    const kc = kubeConfigForLocalCluster(local, 'l');
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'bench' } } });
    const createSeconds = fillOverHttp
      ? await createObjects(core, 'bench', objects)
      : fillInProcess(web.local!.running, 'bench', objects);
    const cdp = profileFile ? await context.newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }

    // First rows visible after the data arrives: the namespace chosen first (on ConfigMaps, then
    // another kind with it), then ConfigMaps opened in it.
    const kind = (name: string) =>
      page.locator(`[data-testid="kind-list"] button[data-kind="${name}"]`).click();
    await kind('ConfigMap');
    await page.locator('[data-testid="namespace-filter"]').selectOption('bench');
    await page.getByTestId('row-count').getByText(`${objects} of ${objects}`).waitFor();
    const reopen = async () => {
      await kind('Secret');
      await page.getByTestId('row-count').getByText(/ of /).waitFor();
      await page.evaluate(
        `Object.assign(window.__bench, { armed: 1, expected: ${objects}, tableDataAt: 0, firstRowAt: 0, allRowsAt: 0 })`,
      );
      await kind('ConfigMap');
      return measureFirstRows(page);
    };
    const { firstRows, allRows } = await reopen();

    // Scrolling the whole table, one step per frame.
    // A fast flick (120 px a frame, 7,200 px/s at 60 Hz) top to bottom, then the worst case:
    // the whole table, 600 px (every visible row replaced) a frame.
    const frames = (await page.evaluate('window.__scrollTable(120)')) as number[];
    const sweep = ((await page.evaluate('window.__scrollTable(600)')) as number[]).sort(
      (a, b) => a - b,
    );
    // The same flick again, traced: the main thread's CPU time per frame.
    await startTrace(tracer);
    await page.evaluate('window.__scrollTable(120)');
    const costs = frameCosts(await stopTrace(tracer), 'starling-frame');
    // And the first rows again, traced.
    await startTrace(tracer);
    await reopen();
    const rowsTrace = await stopTrace(tracer);
    const firstRowsBusy = busyBetween(rowsTrace, 'starling-data', 'starling-first-row');
    const allRowsBusy = busyBetween(rowsTrace, 'starling-data', 'starling-all-rows');
    if (cdp && profileFile) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(profileFile, JSON.stringify(profile));
      console.log(`profile written to ${profileFile}`);
    }
    const sorted = [...frames].sort((a, b) => a - b);
    const busy = (pick: (c: FrameCost) => number) => costs.map(pick).sort((a, b) => a - b);
    const busySorted = busy((c) => c.busy);
    const p95Frame = costs.find((c) => c.busy === quantile(busySorted, 0.95))!;
    const result = {
      interactiveBusy,
      coldBusy,
      firstRowsBusy,
      allRowsBusy,
      allRows,
      busyFrames: costs.length,
      busyP50: quantile(busySorted, 0.5),
      busyP95: quantile(busySorted, 0.95),
      busyMax: busySorted.at(-1)!,
      busyMean: costs.reduce((sum, c) => sum + c.busy, 0) / Math.max(1, costs.length),
      p95Frame,
      objects,
      createSeconds,
      coldInteractive: cold,
      warmInteractive: quantile(warm, 0.5),
      firstRows,
      frames: frames.length,
      frameP50: quantile(sorted, 0.5),
      frameP95: quantile(sorted, 0.95),
      frameMax: sorted.at(-1)!,
      sweepP50: quantile(sweep, 0.5),
      sweepP95: quantile(sweep, 0.95),
      sweepFrames: sweep.length,
      chromium: browser.version(),
    };
    await report(result);
  } finally {
    await browser.close();
    await web.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Result = {
  interactiveBusy: FrameCost;
  coldBusy: FrameCost;
  firstRowsBusy: FrameCost;
  allRowsBusy: FrameCost;
  allRows: number;
  busyFrames: number;
  busyP50: number;
  busyP95: number;
  busyMax: number;
  busyMean: number;
  p95Frame: FrameCost;
  objects: number;
  createSeconds: number;
  coldInteractive: number;
  warmInteractive: number;
  firstRows: number;
  frames: number;
  frameP50: number;
  frameP95: number;
  frameMax: number;
  sweepP50: number;
  sweepP95: number;
  sweepFrames: number;
  chromium: string;
};

async function report(r: Result): Promise<void> {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  const cpu = (c: FrameCost) =>
    `${ms(c.busy)} (script ${ms(c.script)}, style ${ms(c.style)}, layout ${ms(c.layout)}, paint ${ms(c.paint)}, other ${ms(c.other)})`;
  const rows = r.objects.toLocaleString('en');
  const table = [
    '| goal | wall clock | main-thread CPU (trace) | |',
    '| --- | --- | --- | --- |',
    `| web mode interactive ≤ 1.5 s after load | cold ${ms(r.coldInteractive)}, warm median ${ms(r.warmInteractive)} | cold load (a fresh context): ${cpu(r.coldBusy)}; warm load: ${cpu(r.interactiveBusy)} | ${verdict(r.coldInteractive <= 1500)} |`,
    `| first rows visible ≤ 500 ms after data arrives (${rows} rows) | ${ms(r.firstRows)}; all ${rows} rows in ${ms(r.allRows)} | first rows ${cpu(r.firstRowsBusy)}; all rows ${cpu(r.allRowsBusy)} | ${verdict(r.firstRows <= 500)} |`,
    `| scrolling ${rows} rows: frame time ≤ 16 ms at p95 (120 px a frame) | p50 ${ms(r.frameP50)}, p95 ${ms(r.frameP95)}, max ${ms(r.frameMax)} over ${r.frames} frames | per frame p50 ${ms(r.busyP50)}, p95 ${ms(r.busyP95)}, max ${ms(r.busyMax)}, mean ${ms(r.busyMean)} over ${r.busyFrames} frames; the p95 frame: ${cpu(r.p95Frame)} | ${verdict(r.frameP95 <= 16)} (CPU: ${verdict(r.busyP95 <= 16)}) |`,
    `| (worst case: top to bottom at 600 px a frame) | p50 ${ms(r.sweepP50)}, p95 ${ms(r.sweepP95)} over ${r.sweepFrames} frames | | |`,
  ].join('\n');
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const command = ['npm run bench:workbench', ...(args.length ? ['--', ...args] : [])].join(' ');
  const context = `Measured ${when} UTC with \`${command}\` on ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Chromium ${r.chromium}, load average ${startLoad.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end (other work on the shared machine); creating the ${r.objects.toLocaleString('en')} ConfigMaps in the local cluster took ${r.createSeconds.toFixed(1)} s${fillOverHttp ? ' (16 clients over HTTPS)' : ' (in-process)'}.`;
  console.log(`${table}\n\n${context}`);
  if (!write) return;
  await writeSection(performanceDocPath, benchSections.workbench, `${table}\n\n${context}`);
  console.log('written to docs/PERFORMANCE.md');
}

await main();
