import { loadProject, formatProblem } from '../reconciler/project/index';
import { UsageError, type CliIO } from './io';

/**
 * `starling check [--offline] PROJECT`: loads a Choreo project and prints every problem as
 * `file:line:col: error|warning: message` with its hint on the next line, paths relative to the
 * working directory. Exit 1 when there is an error; warnings alone exit 0.
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  let offline = false;
  const paths: string[] = [];
  for (const arg of args) {
    if (arg === '--offline') offline = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown flag ${arg}`);
    else paths.push(arg);
  }
  if (paths.length !== 1) throw new UsageError('give one project folder');
  const { project, problems } = await loadProject(paths[0]!, { offline });
  const cwd = process.cwd();
  for (const problem of problems) io.stdout(`${formatProblem(problem, cwd)}\n`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const counts = [plural(errors, 'error'), plural(warnings, 'warning')].join(', ');
  io.stderr(
    `${paths[0]}: ${plural(project.reconcilers.length, 'reconciler')}, ${plural(project.libraries.size, 'library', 'libraries')}, ${plural(project.crds.length, 'CRD')}, ${plural(project.inputs.length, 'input')}; ${counts}\n`,
  );
  return errors > 0 ? 1 : 0;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
