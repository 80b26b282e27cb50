// `node --import tsx bench/host/debugger-overhead.ts [--filter REGEXP] [--rounds N] [--baseline DIR]`
//
// What debugger support costs: every bench_* function of go.starlark.net's benchmark.star and of
// bench/starlark/*.star, run in one process in several ways, interleaved round by round so
// machine noise hits all of them alike:
//
//   plain     compiled without debugger hooks (how every run without a debugger runs)
//   baseline  the same with the engine in DIR/src-main/starlark (--baseline: e.g. this engine
//             without the host's hooks, to show what the hooks cost code that is not debugged)
//   attached  compiled with hooks, a Debugger attached, no breakpoints
//   armed     as attached, with a breakpoint set in another file (the statement hook runs)
//
// Each function's b.n is calibrated once (plain, ~0.1 s of CPU); each round times every mode once;
// the best round per mode is reported as CPU ns/op (user + system: other processes on a busy
// machine do not count), and the ratios to plain. Prints a JSON summary on stdout and a Markdown
// table on stderr at the end.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const filter = new RegExp(opt('--filter') ?? '.');
const rounds = Number(opt('--rounds') ?? 5);
const root = resolve(import.meta.dirname, '../..');
const goStarlark = '/root/go/pkg/mod/go.starlark.net@v0.0.0-20240705175910-70002002b310';
const baselineDir = opt('--baseline');

/* eslint-disable @typescript-eslint/no-explicit-any */
interface Engine {
  api: any;
  struct: any;
  predeclared: Map<string, unknown>;
  Debugger?: new (
    thread: unknown,
    client: unknown,
  ) => { setBreakpoints: (f: string, s: unknown[]) => void };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

async function loadEngine(dir: string, withDebugger: boolean): Promise<Engine> {
  const at = (f: string) => import(pathToFileURL(join(dir, 'src-main/starlark', f)).href);
  const api = await at('index.ts');
  const { json } = await at('lib/json.ts');
  const { math } = await at('lib/math.ts');
  const { struct, module } = await at('lib/struct.ts');
  const { time } = await at('lib/time.ts');
  const predeclared = new Map<string, unknown>([
    ['json', json],
    ['math', math],
    ['time', time],
    ['struct', struct],
    ['module', module],
  ]);
  const Debugger = withDebugger ? (await at('debug/debugger.ts')).Debugger : undefined;
  return { api, struct, predeclared, Debugger };
}

const current = await loadEngine(root, true);
const baseline = baselineDir ? await loadEngine(resolve(baselineDir), false) : undefined;

type Mode = 'plain' | 'baseline' | 'attached' | 'armed';
const modes: Mode[] = baseline
  ? ['plain', 'baseline', 'attached', 'armed']
  : ['plain', 'attached', 'armed'];
const engineOf = (m: Mode) => (m === 'baseline' ? baseline! : current);

function optionsOf(api: Engine['api'], text: string) {
  const names = [
    'set',
    'while',
    'toplevelcontrol',
    'globalreassign',
    'loadbindsglobally',
    'recursion',
  ];
  return api.optionsFromNames(names.filter((n) => text.includes(`option:${n}`))) as unknown;
}

interface Loaded {
  engine: Engine;
  thread: unknown;
  globals: Map<string, unknown>;
}

function load(path: string, source: string, mode: Mode): Loaded {
  const engine = engineOf(mode);
  const { api } = engine;
  const thread = new api.Thread();
  if (mode === 'attached' || mode === 'armed') {
    const d = new engine.Debugger!(thread, { stopped: () => 'continue', output: () => {} });
    if (mode === 'armed') d.setBreakpoints('elsewhere.star', [{ line: 1 }]);
  }
  const globals = api.execFile(thread, path, source, engine.predeclared, {
    fileOptions: optionsOf(api, source),
    debug: mode === 'attached' || mode === 'armed',
  });
  return { engine, thread, globals };
}

function time1(l: Loaded, name: string, n: number): number {
  const b = l.engine.struct.fn(l.thread, [], [['n', n]], undefined);
  const t0 = process.cpuUsage();
  l.engine.api.callFunction(l.thread, l.globals.get(name), [b]);
  const t = process.cpuUsage(t0);
  return (t.user + t.system) * 1e3;
}

const files = [
  join(goStarlark, 'starlark/testdata/benchmark.star'),
  ...readdirSync(join(root, 'bench/starlark'))
    .filter((f) => f.endsWith('.star'))
    .sort()
    .map((f) => join(root, 'bench/starlark', f)),
];

const rows: { bench: string; ns: Record<string, number> }[] = [];
for (const file of files) {
  const source = readFileSync(file, 'utf8');
  const loaded = Object.fromEntries(modes.map((m) => [m, load(file, source, m)])) as Record<
    Mode,
    Loaded
  >;
  const names = [...loaded.plain.globals.keys()].filter(
    (k) => k.startsWith('bench_') && filter.test(k),
  );
  for (const name of names) {
    let n = 1;
    while (time1(loaded.plain, name, n) < 1e8 && n < 1e9) n *= 2;
    const best: Record<string, number> = {};
    for (let r = 0; r < rounds; r++) {
      for (const m of modes) {
        const ns = time1(loaded[m], name, n) / n;
        best[m] = Math.min(best[m] ?? Infinity, ns);
      }
    }
    rows.push({ bench: name, ns: best });
    const ratios = modes.slice(1).map((m) => `${m} ${(best[m]! / best.plain!).toFixed(3)}`);
    process.stderr.write(
      `${name.padEnd(34)} plain ${best.plain!.toFixed(0).padStart(9)} ns/op  ${ratios.join('  ')}\n`,
    );
  }
}
const geomean = (m: Mode) =>
  Math.exp(rows.reduce((s, r) => s + Math.log(r.ns[m]! / r.ns.plain!), 0) / rows.length);
const worst = (m: Mode) => Math.max(...rows.map((r) => r.ns[m]! / r.ns.plain!));
console.log(
  JSON.stringify({ rows, geomean: Object.fromEntries(modes.map((m) => [m, geomean(m)])) }),
);
const others = modes.slice(1);
const table = [
  `| benchmark | plain ns/op | ${others.map((m) => `${m} ÷ plain`).join(' | ')} |`,
  `| --- | ---: | ${others.map(() => '---:').join(' | ')} |`,
  ...rows.map(
    (r) =>
      `| ${r.bench} | ${r.ns.plain!.toFixed(0)} | ${others.map((m) => (r.ns[m]! / r.ns.plain!).toFixed(3)).join(' | ')} |`,
  ),
  `| **geometric mean** | | ${others.map((m) => `**${geomean(m).toFixed(3)}**`).join(' | ')} |`,
  `| worst | | ${others.map((m) => worst(m).toFixed(3)).join(' | ')} |`,
];
process.stderr.write(`\n${table.join('\n')}\n`);
