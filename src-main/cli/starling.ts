import { commands, findCommand, type Command } from './commands';
import { processIO, UsageError, type CliIO } from './io';

const VERSION = '0.1.0';

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map(
    (c) => `  ${c.name.padEnd(width)}  ${c.summary}${c.load ? '' : ' (not built yet)'}`,
  );
  return [
    'Starling: a workbench for Kubernetes reconcilers written in Starlark.',
    '',
    'Usage: starling <command> [arguments]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `starling <command> --help` for the arguments of one command.',
    '',
  ].join('\n');
}

/** Runs the CLI with argv (without node and the script) and returns the exit status. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`starling ${VERSION}\n`);
    return 0;
  }
  const command = findCommand(name);
  if (!command) {
    io.stderr(`starling: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  return runCommand(command, rest, io);
}

/** Runs one subcommand: its usage on --help, "not built yet" (exit 2) when it has no code yet. */
export async function runCommand(command: Command, rest: string[], io: CliIO): Promise<number> {
  const name = command.name;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`Usage: ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  if (!command.load) {
    io.stderr(`starling ${name}: not built yet in this version of Starling\n`);
    return 2;
  }
  try {
    const { run } = await command.load();
    return await run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`starling ${name}: ${err.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    throw err;
  }
}
