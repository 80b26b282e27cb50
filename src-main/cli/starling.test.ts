import { describe, expect, it } from 'vitest';
import { main, runCommand } from './starling';
import type { CliIO } from './io';

function capture(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

describe('starling CLI', () => {
  it('lists every subcommand the issues define in --help', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    for (const name of ['exec', 'test', 'bench', 'dap', 'local', 'run', 'check', 'web']) {
      expect(io.out).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
  });

  it('exits 2 with a clear message for a command that is not built yet', async () => {
    const planned = { name: 'later', summary: 'a planned command', usage: 'starling later' };
    const io = capture();
    expect(await runCommand(planned, [], io)).toBe(2);
    expect(io.err).toContain('not built yet');
  });

  it('rejects an unknown command with exit status 2', async () => {
    const io = capture();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.err).toContain('unknown command "frobnicate"');
  });

  it('prints the usage of one command', async () => {
    const io = capture();
    expect(await main(['exec', '--help'], io)).toBe(0);
    expect(io.out).toContain('Usage: starling exec');
  });
});
