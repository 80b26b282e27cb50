// `node --import tsx bench/host/debugger-overhead.ts [--filter REGEXP] [--rounds N] [--engine DIR]`
//
// What a debugger costs when it is attached but not stopping: every bench_* function of
// go.starlark.net's benchmark.star and of bench/starlark/*.star, run in one process in three
// ways, interleaved round by round so machine noise hits all of them alike:
//
//   plain     compiled without debugger hooks (how code runs with no debugger)
//   attached  compiled with hooks, a Debugger attached, no breakpoints
//   armed     as attached, with a breakpoint set in another file (the statement hook runs)
//
// Each function's b.n is calibrated once (plain, ~0.1 s of CPU); each round times every mode once;
// the best round per mode is reported as CPU ns/op (user + system: other processes on a busy
// machine do not count), and the ratios to plain. --engine DIR runs the same
// against another checkout's src-main/starlark (e.g. /work/main) to compare engine changes.
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
const engine = resolve(opt('--engine') ?? root, 'src-main/starlark');
const goStarlark = '/root/go/pkg/mod/go.starlark.net@v0.0.0-20240705175910-70002002b310';

const api = await import(pathToFileURL(join(engine, 'index.ts')).href);
const { json } = await import(pathToFileURL(join(engine, 'lib/json.ts')).href);
const { math } = await import(pathToFileURL(join(engine, 'lib/math.ts')).href);
const { struct, module } = await import(pathToFileURL(join(engine, 'lib/struct.ts')).href);
const { time } = await import(pathToFileURL(join(engine, 'lib/time.ts')).href);
let Debugger:
  | (new (
      thread: unknown,
      client: unknown,
    ) => { setBreakpoints: (f: string, s: unknown[]) => void })
  | undefined;
try {
  Debugger = (await import(pathToFileURL(join(engine, 'debug/debugger.ts')).href)).Debugger;
} catch {
  Debugger = undefined; // an engine without the debug stage: plain only
}

const predeclared = new Map<string, unknown>([
  ['json', json],
  ['math', math],
  ['time', time],
  ['struct', struct],
  ['module', module],
]);

type Mode = 'plain' | 'attached' | 'armed';
const modes: Mode[] = Debugger ? ['plain', 'attached', 'armed'] : ['plain'];

function optionsOf(text: string) {
  const names = [
    'set',
    'while',
    'toplevelcontrol',
    'globalreassign',
    'loadbindsglobally',
    'recursion',
  ];
  return api.optionsFromNames(names.filter((n) => text.includes(`option:${n}`)));
}

interface Loaded {
  thread: unknown;
  globals: Map<string, unknown>;
}

function load(path: string, source: string, mode: Mode): Loaded {
  const thread = new api.Thread();
  if (mode !== 'plain') {
    const d = new Debugger!(thread, { stopped: () => 'continue', output: () => {} });
    if (mode === 'armed') d.setBreakpoints('elsewhere.star', [{ line: 1 }]);
  }
  const globals = api.execFile(thread, path, source, predeclared, {
    fileOptions: optionsOf(source),
    debug: mode !== 'plain',
  });
  return { thread, globals };
}

function time1(l: Loaded, name: string, n: number): number {
  const b = api.toStarlark({ n });
  const bStruct = struct.fn(l.thread, [], [['n', n]], undefined);
  void b;
  const t0 = process.cpuUsage();
  api.callFunction(l.thread, l.globals.get(name), [bStruct]);
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
console.log(
  JSON.stringify({ rows, geomean: Object.fromEntries(modes.map((m) => [m, geomean(m)])) }),
);
