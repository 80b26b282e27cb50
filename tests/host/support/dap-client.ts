/**
 * A DAP client on a `starling dap` child process (run from the TypeScript sources), as an editor
 * drives it: requests and their responses, events in order.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DapFraming, type DapMessage } from '../../../src-main/host/debug/dap';

const root = resolve(import.meta.dirname, '../../..');

export type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class DapClient {
  readonly child: ChildProcess;
  readonly events: { event: string; body: Body }[] = [];
  stderr = '';
  private seq = 1;
  private readonly pending = new Map<number, (m: Body) => void>();
  private readonly waiters: { event: string; from: number; resolve: (b: Body) => void }[] = [];
  readonly exit: Promise<number | null>;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'tests/host/support/starling.ts'), 'dap'],
      { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const framing = new DapFraming((m) => this.receive(m as Body));
    this.child.stdout!.on('data', (c: Buffer) => framing.push(c));
    this.child.stderr!.on('data', (c: Buffer) => (this.stderr += c.toString()));
    this.exit = new Promise((r) => this.child.once('exit', (code) => r(code)));
  }

  private receive(m: Body): void {
    if (m.type === 'response') {
      this.pending.get(m.request_seq)?.(m);
      this.pending.delete(m.request_seq);
      return;
    }
    this.events.push({ event: m.event, body: m.body ?? {} });
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) {
      const i = this.events.findIndex((e, k) => k >= w.from && e.event === w.event);
      if (i < 0) continue;
      this.waiters.splice(this.waiters.indexOf(w), 1);
      this.consumed = Math.max(this.consumed, i + 1);
      w.resolve(this.events[i]!.body);
    }
  }

  /** Events up to here have been waited for. */
  private consumed = 0;

  /** The next event of that name after the last one waited for. */
  next(event: string): Promise<Body> {
    return new Promise((resolve) => {
      this.waiters.push({ event, from: this.consumed, resolve });
      this.wake();
    });
  }

  /** Sends a request; resolves to the response (rejects when it failed). */
  async request(command: string, args?: Body): Promise<Body> {
    const response = await this.send(command, args);
    if (!response.success) throw new Error(`${command}: ${response.message}`);
    return response.body ?? {};
  }

  send(command: string, args?: Body): Promise<Body> {
    const seq = this.seq++;
    const message = { seq, type: 'request', command, arguments: args } as DapMessage;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve);
      this.child.stdin!.write(DapFraming.encode(message));
    });
  }

  output(): string {
    return this.events
      .filter((e) => e.event === 'output' && e.body.category === 'stdout')
      .map((e) => e.body.output)
      .join('');
  }
}
