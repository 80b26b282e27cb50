import { describe, expect, it } from 'vitest';
import { formatNsPerOp, predictN } from './bench';
import { runCli, scratchFolder } from './cli-tests';

// No timing is asserted here: benchmarks are measured by `npm run bench`, never by tests.

const { write } = scratchFolder('bench');

describe('predictN (Go testing package calibration)', () => {
  it('aims 1.2x past the goal, grows at most 100x and at least by one, up to 1e9', () => {
    expect(predictN(1e9, 10, 1e8, 10)).toBe(120);
    expect(predictN(1e9, 1, 10, 1)).toBe(100);
    expect(predictN(1e9, 1000, 2e9, 1000)).toBe(1001);
    expect(predictN(1e9, 1e8, 1, 1e8)).toBe(1e9);
    expect(predictN(1e9, 1, 0, 1)).toBe(100);
  });

  it('formats ns/op as the reference does', () => {
    expect(formatNsPerOp(123456, 1000)).toBe('123');
    expect(formatNsPerOp(1234, 1000)).toBe('1.23');
  });
});

describe('starling bench', { timeout: 60_000 }, () => {
  it('runs each bench_* function, calibrating b.n; a stopped timer drives b.n to the 1e9 cap', async () => {
    const file = write(
      'stopped.star',
      [
        'def bench_stopped(b):',
        '    b.stop()',
        '    if type(b.n) != "int" or b.n < 1:',
        '        fail("bad b.n")',
        'def bench_restarted(b):',
        '    b.restart()',
        '    b.stop()',
        'def helper(b):',
        '    fail("not a benchmark")',
        'bench_not_a_function = 1',
      ].join('\n'),
    );
    const run = await runCli(['bench', '--count', '2', file]);
    expect(run.status).toBe(0);
    const lines = run.out.trim().split('\n');
    expect(lines.map((l) => l.replace(/ {2}[\d.]+ ns\/op$/, ''))).toEqual([
      'bench_restarted  1000000000',
      'bench_restarted  1000000000',
      'bench_stopped  1000000000',
      'bench_stopped  1000000000',
    ]);
    const filtered = await runCli(['bench', '--filter', 'restart', file]);
    expect(filtered.status).toBe(0);
    expect(filtered.out).toMatch(/^bench_restarted {2}1000000000 {2}[\d.]+ ns\/op\n$/);
  });

  it('prints the backtrace and exits 1 when a benchmark fails', async () => {
    const file = write('failing.star', 'def bench_boom(b):\n    {}["k"]\n');
    const run = await runCli(['bench', file]);
    expect(run.status).toBe(1);
    expect(run.err).toContain('Traceback (most recent call last):');
    expect(run.err.trim().split('\n').pop()).toBe('Error: key "k" not in dict');
  });

  it('rejects a bad command line with exit 2', async () => {
    expect((await runCli(['bench'])).status).toBe(2);
    expect((await runCli(['bench', '--count', '0', 'x.star'])).status).toBe(2);
    expect((await runCli(['bench', '--clock', 'sun', 'x.star'])).status).toBe(2);
  });
});
