import type { CliIO } from './io';

/**
 * One `starling` subcommand. `load` is called only when the command runs, so starting the CLI
 * never pays for the parts a command does not use. A command whose `load` is missing is planned
 * but not built yet: it says so and exits 2.
 */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  load?: () => Promise<{ run: (args: string[], io: CliIO) => Promise<number> }>;
}

export const commands: readonly Command[] = [
  {
    name: 'exec',
    summary: 'run a Starlark file',
    usage: 'starling exec [--option NAME]... [--max-steps N] [--timeout SECONDS] FILE.star',
    load: () => import('./exec'),
  },
  {
    name: 'test',
    summary: "run chunked Starlark test files in go.starlark.net's format",
    usage: 'starling test [--mode exec|resolve|parse] FILE.star...',
    load: () => import('./test'),
  },
  {
    name: 'bench',
    summary: 'run the bench_* functions of a Starlark file',
    usage: 'starling bench [--count N] [--filter REGEXP] [--clock cpu|wall] FILE.star',
    load: () => import('./bench'),
  },
  {
    name: 'dap',
    summary: 'serve the Debug Adapter Protocol over stdio',
    usage: 'starling dap',
    load: () => import('./dap'),
  },
  {
    name: 'local',
    summary: "start Starling's local Kubernetes API server",
    usage: 'starling local [--port N] [--data DIR] [--kubeconfig FILE]',
    load: () => import('./local'),
  },
  {
    name: 'run',
    summary: "run a Choreo project's reconcilers against a cluster",
    usage:
      'starling run PROJECT [--kubeconfig FILE] [--context NAME] [--local] [--once] [--dry-run] [--json]',
    load: () => import('./run'),
  },
  {
    name: 'check',
    summary: 'load a Choreo project and report every problem',
    usage: 'starling check [--offline] PROJECT',
    load: () => import('./check'),
  },
  {
    name: 'web',
    summary: 'serve the workbench to a browser on 127.0.0.1',
    usage: 'starling web [--port N] [--no-local]',
    load: () => import('./web'),
  },
];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
