// Finding and ending a test cluster's processes through /proc (the test cluster runs on Linux).
// Every server of a cluster is started with paths inside the cluster's state directory on its
// command line, so "the processes whose command line names the state directory" is exactly the
// cluster — and never another engineer's cluster on the same machine.
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProcessInfo {
  readonly pid: number;
  /** The command line, arguments joined by spaces. */
  readonly command: string;
}

/** Whether pid is a live process (a zombie awaiting its parent counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; comm may contain spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
}

/** The live processes (other than this one) whose command line contains text. */
export function processesMentioning(text: string): ProcessInfo[] {
  // A short text would match unrelated processes, which the callers go on to kill.
  if (text.length < 8) throw new Error(`processesMentioning: "${text}" is too short to be a path`);
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const command = commandLine(pid);
    if (command?.includes(text) && isAlive(pid)) found.push({ pid, command });
  }
  return found;
}

/** Waits until pid has exited; false if it is still alive after timeoutMs. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** SIGKILLs every process whose command line names text and waits until they are gone. */
export async function killProcessesMentioning(text: string): Promise<ProcessInfo[]> {
  const found = processesMentioning(text);
  for (const { pid } of found) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await Promise.all(found.map(({ pid }) => waitForExit(pid, 10_000)));
  return found;
}
