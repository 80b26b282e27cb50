import { describe, expect, it } from 'vitest';
import { capture, runCli } from './cli-tests';
import { runCommand } from './starling';

describe('starling CLI', () => {
  it('lists every subcommand the issues define in --help', async () => {
    const run = await runCli(['--help']);
    expect(run.status).toBe(0);
    for (const name of ['exec', 'test', 'bench', 'dap', 'local', 'run', 'check', 'web']) {
      expect(run.out).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
  });

  it('exits 2 with a clear message for a command that is not built yet', async () => {
    const planned = { name: 'later', summary: 'a planned command', usage: 'starling later' };
    const captured = capture();
    expect(await runCommand(planned, [], captured)).toBe(2);
    expect(captured.err).toContain('not built yet');
  });

  it('rejects an unknown command with exit status 2', async () => {
    const run = await runCli(['frobnicate']);
    expect(run.status).toBe(2);
    expect(run.err).toContain('unknown command "frobnicate"');
  });

  it('prints the usage of one command', async () => {
    const run = await runCli(['exec', '--help']);
    expect(run.status).toBe(0);
    expect(run.out).toContain('Usage: starling exec');
  });
});
