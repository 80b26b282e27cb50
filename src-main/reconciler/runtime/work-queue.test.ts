import { afterEach, describe, expect, it } from 'vitest';
import { WorkQueue } from './work-queue';

const queues: WorkQueue[] = [];
function queue(options?: ConstructorParameters<typeof WorkQueue>[0]) {
  const q = new WorkQueue(options);
  queues.push(q);
  return q;
}
afterEach(() => {
  for (const q of queues.splice(0)) q.dispose();
});

describe('WorkQueue', () => {
  it('queues a waiting key once', () => {
    const q = queue();
    expect(q.add('a')).toBe(true);
    expect(q.add('a')).toBe(false);
    q.add('b');
    expect([q.take(), q.take(), q.take()]).toEqual(['a', 'b', undefined]);
  });

  it('runs a key added while it is processed once more, after done', () => {
    const q = queue();
    q.add('a');
    expect(q.take()).toBe('a');
    q.add('a');
    q.add('a');
    expect(q.take()).toBeUndefined(); // never twice at once
    expect(q.idle).toBe(false);
    q.done('a');
    expect(q.take()).toBe('a');
    q.done('a');
    expect(q.take()).toBeUndefined();
    expect(q.idle).toBe(true);
  });

  it("backs off per key as client-go's default: 5 ms doubling to 1000 s, until forget", () => {
    const q = queue();
    const delays = Array.from({ length: 20 }, () => q.addRateLimited('a'));
    expect(delays.slice(0, 5)).toEqual([5, 10, 20, 40, 80]);
    expect(delays[17]).toBe(5 * 2 ** 17);
    expect(delays[18]).toBe(1_000_000);
    expect(delays[19]).toBe(1_000_000);
    expect(q.nextDelay('b')).toBe(5); // per key
    q.forget('a');
    expect(q.nextDelay('a')).toBe(5);
  });

  it('adds after a delay, the earliest delay winning, and is not idle meanwhile', async () => {
    const q = queue();
    q.addAfter('a', 60_000);
    q.addAfter('a', 20);
    expect(q.delayed).toBe(1);
    expect(q.idle).toBe(false);
    expect(q.take()).toBeUndefined();
    await new Promise((r) => setTimeout(r, 40));
    expect(q.take()).toBe('a');
    q.done('a');
    expect(q.idle).toBe(true);
  });
});
