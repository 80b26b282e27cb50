#!/usr/bin/env node
// `npm run bench [-- --filter REGEXP] [--count N] [--no-build] [--no-write]`
//
// Runs the engine benchmarks on Starling and on go.starlark.net (the reference interpreter of
// tests/reference, at the version Choreo uses), side by side in one run, and prints a table of
// ratios (Starling ÷ go.starlark.net; below 1.0 Starling is faster):
//
//   - per benchmark: ns/op of every bench_* function of go.starlark.net's
//     starlark/testdata/benchmark.star and of bench/starlark/*.star, each engine calibrating
//     b.n to 1 s (`starling bench` / `starlark-reference bench`);
//   - whole process: wall time and peak RSS of `starling exec` / `starlark-reference exec` on a
//     program that runs each file's benchmarks once with a fixed b.n (chosen so the reference
//     spends about 0.1 s per benchmark), startup, parsing and compilation included;
//   - memory: Starling's peak RSS against Node's own baseline plus 2× the data the program holds
//     (the reference's live heap after a GC at the end of the same program).
//
// A full run (no --filter) also writes the tables into docs/PERFORMANCE.md (the engine section).
// Plain JavaScript so it runs without a TypeScript loader (but for writing the section).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReference, goStarlarkDir, referenceVersion } from '../tests/reference/build.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const starling = join(root, 'bin/starling.js');
const optionNames = [
  'set',
  'while',
  'toplevelcontrol',
  'globalreassign',
  'loadbindsglobally',
  'recursion',
];

function parseArgs(argv) {
  const opts = { filter: undefined, count: 1, build: true, write: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--filter') opts.filter = argv[++i];
    else if (a === '--count') opts.count = Number(argv[++i]);
    else if (a === '--no-build') opts.build = false;
    else if (a === '--no-write') opts.write = false;
    else {
      process.stderr.write(`bench: unknown argument ${a}\n`);
      process.exit(2);
    }
  }
  if (opts.filter !== undefined) opts.write = false; // a partial table never replaces the full one
  return opts;
}

function log(msg) {
  process.stderr.write(`${msg}\n`);
}

/** Runs a command; returns { status, stdout, stderr }. */
function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function benchArgs(file, opts) {
  const args = ['bench', '--count', String(opts.count)];
  if (opts.filter) args.push('--filter', opts.filter);
  return [...args, file];
}

/** Parses `name  n  ns ns/op` lines: name → the best (lowest) ns/op of the runs. */
function parseBench(stdout) {
  const results = new Map();
  for (const line of stdout.split('\n')) {
    const m = /^(\S+)\s+(\d+)\s+([\d.]+) ns\/op$/.exec(line.trim());
    if (!m) continue;
    const ns = Number(m[3]);
    results.set(m[1], Math.min(ns, results.get(m[1]) ?? Infinity));
  }
  return results;
}

function optionsOf(text) {
  return optionNames.filter((o) => text.includes(`option:${o}`)).flatMap((o) => ['--option', o]);
}

/** A program that runs each benchmark once with a fixed b.n, for whole-process measurement. */
function wholeProcessProgram(text, counts) {
  const calls = [...counts].map(([name, n]) => `    ${name}(_fixed_b(${n}))`);
  return `${text}

def _fixed_b(n):
    return struct(n = n, start = lambda: None, stop = lambda: None, restart = lambda: None)

def _run_all_benchmarks():
${calls.join('\n') || '    pass'}

_run_all_benchmarks()
`;
}

/** `measure`: wall time, CPU time and peak RSS of one process. */
function measure(reference, cmd, args) {
  const r = run(reference, ['measure', cmd, ...args]);
  const text = r.stderr.trimEnd();
  const line = text.split('\n').pop() ?? '';
  const m = /^measure: (.*)$/.exec(line);
  if (!m) throw new Error(`measure ${cmd}: no report in ${JSON.stringify(r.stderr.slice(-500))}`);
  const report = JSON.parse(m[1]);
  return { ...report, stdout: r.stdout, stderr: text.slice(0, text.length - line.length) };
}

/** Runs a program 3 times on each engine (alternating); medians of CPU and wall, max of RSS. */
function measureWholeProcess(reference, name, program, options, problems) {
  const runs = { ref: [], starling: [] };
  let heapInUse = 0;
  for (let k = 0; k < 3; k++) {
    for (const engine of k % 2 === 0 ? ['ref', 'starling'] : ['starling', 'ref']) {
      const r =
        engine === 'ref'
          ? measure(reference, reference, ['exec', '--memstats', ...options, program])
          : measure(reference, process.execPath, [starling, 'exec', ...options, program]);
      if (r.exit !== 0) {
        problems.add(`${engine} exec ${name} (exit ${r.exit}): ${r.stderr.trim().slice(0, 400)}`);
        continue;
      }
      if (engine === 'ref') heapInUse = Number(/heap-in-use: (\d+)/.exec(r.stderr)?.[1] ?? 0);
      runs[engine].push(r);
    }
  }
  const wall = (rs) => (rs.length ? median(rs.map((r) => r.wallNs)) : NaN);
  const cpu = (rs) => (rs.length ? median(rs.map((r) => r.userNs + r.sysNs)) : NaN);
  const rss = (rs) => (rs.length ? Math.max(...rs.map((r) => r.maxRssKiB)) : NaN);
  return {
    file: name,
    refWall: wall(runs.ref),
    starWall: wall(runs.starling),
    refCpu: cpu(runs.ref),
    starCpu: cpu(runs.starling),
    refRss: rss(runs.ref),
    starRss: rss(runs.starling),
    heapInUse,
  };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const fmtRatio = (x) => (Number.isFinite(x) ? x.toFixed(2) : '—');
const fmtMs = (ns) => (ns / 1e6).toFixed(ns < 1e7 ? 2 : 0);
const fmtNs = (ns) => (ns === undefined ? '—' : ns >= 100 ? ns.toFixed(0) : ns.toFixed(2));
const fmtMiB = (kib) => (kib / 1024).toFixed(1);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  log('bench: building the reference interpreter');
  const reference = buildReference();
  if (opts.build) {
    log('bench: building the starling CLI (npm run build:cli)');
    execFileSync('npm', ['run', 'build:cli', '--silent'], { cwd: root, stdio: 'inherit' });
  }
  const files = [
    join(goStarlarkDir(), 'starlark/testdata/benchmark.star'),
    ...readdirSync(join(root, 'bench/starlark'))
      .filter((f) => f.endsWith('.star'))
      .sort()
      .map((f) => join(root, 'bench/starlark', f)),
  ];
  const tmp = mkdtempSync(join(tmpdir(), 'starling-bench-'));
  const perBench = [];
  const whole = [];
  const problems = new Set();
  try {
    log('bench: start-up (an empty program)');
    const empty = join(tmp, 'empty.star');
    writeFileSync(empty, 'x = 1\n');
    whole.push(measureWholeProcess(reference, '(start-up: `x = 1`)', empty, [], problems));
    for (const [i, file] of files.entries()) {
      const name = basename(file);
      const text = readFileSync(file, 'utf8');
      log(`bench: ${name}: per-benchmark (b.n calibrated to 1 s of CPU on each engine)`);
      // Alternate which engine goes first, so neither always runs on a warmer machine.
      const order = i % 2 === 0 ? ['ref', 'starling'] : ['starling', 'ref'];
      const out = {};
      for (const engine of order) {
        const r =
          engine === 'ref'
            ? run(reference, benchArgs(file, opts))
            : run(process.execPath, [starling, ...benchArgs(file, opts)]);
        if (r.status !== 0)
          problems.add(`${engine} bench ${name} (exit ${r.status}): ${r.stderr.trim()}`);
        out[engine] = parseBench(r.stdout);
      }
      for (const [bench, refNs] of out.ref) {
        const starNs = out.starling.get(bench);
        perBench.push({ file: name, bench, refNs, starNs, ratio: starNs / refNs });
      }
      if (out.ref.size === 0) continue;

      log(`bench: ${name}: whole process`);
      const counts = new Map([...out.ref].map(([b, ns]) => [b, Math.max(1, Math.round(1e8 / ns))]));
      const program = join(tmp, name);
      writeFileSync(program, wholeProcessProgram(text, counts));
      whole.push(measureWholeProcess(reference, name, program, optionsOf(text), problems));
    }
    const baseline = median(
      [0, 1, 2].map(() => measure(reference, process.execPath, ['-e', '0']).maxRssKiB),
    );
    const report = renderReport({ opts, perBench, whole, baseline, problems });
    process.stdout.write(report);
    if (opts.write) await writePerformanceDoc(report);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function renderReport({ opts, perBench, whole, baseline, problems }) {
  const lines = [];
  const nodeVersion = process.version;
  const goVersion = execFileSync('go', ['version'], { cwd: root, encoding: 'utf8' }).trim();
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: root,
    encoding: 'utf8',
  }).stdout.trim();
  lines.push(
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length}× ${cpus()[0]?.model ?? 'unknown CPU'}, ${fmtMiB(totalmem() / 1024)} MiB RAM (shared with other work: expect noise of ±20%).`,
  );
  lines.push(
    `Starling at ${commit || 'unknown commit'} on Node ${nodeVersion}; go.starlark.net ${referenceVersion()} built with ${goVersion.replace(/^go version /, '')}.`,
  );
  lines.push(`Command: \`npm run bench${opts.count > 1 ? ` -- --count ${opts.count}` : ''}\`.`);
  lines.push('');
  lines.push('### Per benchmark (CPU ns/op; b.n calibrated to ≥ 1 s of CPU time on each engine)');
  lines.push('');
  lines.push('| file | benchmark | go.starlark.net | Starling | Starling ÷ go |');
  lines.push('| --- | --- | ---: | ---: | ---: |');
  for (const r of perBench) {
    lines.push(
      `| ${r.file} | ${r.bench} | ${fmtNs(r.refNs)} | ${fmtNs(r.starNs)} | ${fmtRatio(r.ratio)} |`,
    );
  }
  lines.push('');
  lines.push('### Whole process (`exec` of each file running its benchmarks once; median of 3)');
  lines.push('');
  lines.push(
    "CPU is the process's user + system time; wall is elapsed time (noisy on a shared machine).",
  );
  lines.push('');
  lines.push(
    '| file | go CPU ms | Starling CPU ms | Starling ÷ go (CPU) | go wall ms | Starling wall ms | Starling ÷ go (wall) | go peak RSS MiB | Starling peak RSS MiB |',
  );
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const opt = (x, f) => (Number.isFinite(x) ? f(x) : '—');
  for (const w of whole) {
    lines.push(
      `| ${w.file} | ${fmtMs(w.refCpu)} | ${opt(w.starCpu, fmtMs)} | ${fmtRatio(w.starCpu / w.refCpu)} | ${fmtMs(w.refWall)} | ${opt(w.starWall, fmtMs)} | ${fmtRatio(w.starWall / w.refWall)} | ${fmtMiB(w.refRss)} | ${opt(w.starRss, fmtMiB)} |`,
    );
  }
  lines.push('');
  lines.push(
    `### Memory bound: Starling's peak RSS ≤ Node's baseline (${fmtMiB(baseline)} MiB, \`node -e 0\`) + 2 × the data held`,
  );
  lines.push('');
  lines.push(
    '"Data held" is the reference\'s live heap after a GC at the end of the same program.',
  );
  lines.push('');
  lines.push('| file | data held MiB | bound MiB | Starling peak RSS MiB | within bound |');
  lines.push('| --- | ---: | ---: | ---: | --- |');
  for (const w of whole) {
    const bound = baseline + (2 * w.heapInUse) / 1024;
    const ok = Number.isFinite(w.starRss) ? (w.starRss <= bound ? 'yes' : 'no') : '—';
    lines.push(
      `| ${w.file} | ${fmtMiB(w.heapInUse / 1024)} | ${fmtMiB(bound)} | ${Number.isFinite(w.starRss) ? fmtMiB(w.starRss) : '—'} | ${ok} |`,
    );
  }
  if (problems.size) {
    lines.push('');
    lines.push('Problems in this run:');
    lines.push('');
    for (const p of problems) lines.push(`- ${p.split('\n')[0]}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Writes the engine's section of docs/PERFORMANCE.md with bench/performance-doc.ts, which every
 * benchmark uses; tsx loads it here only, as the rest of this file is plain JavaScript.
 */
async function writePerformanceDoc(report) {
  const { tsImport } = await import('tsx/esm/api');
  const { benchSections, performanceDocPath, writeSection } = await tsImport(
    './performance-doc.ts',
    import.meta.url,
  );
  await writeSection(performanceDocPath, benchSections.engine, report);
  log(`bench: wrote ${performanceDocPath}`);
}

await main();

// A full run goes on with the local cluster's benchmark (bench/local-cluster/run.ts), which
// measures Starling's local cluster beside the real test API server and writes its own section.
if (!process.argv.includes('--filter')) {
  const extra = process.argv.includes('--no-write') ? ['--no-write'] : [];
  const local = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'bench/local-cluster/run.ts'), ...extra],
    { stdio: 'inherit', cwd: root },
  );
  if (local.status !== 0) process.exitCode = local.status ?? 1;
}
