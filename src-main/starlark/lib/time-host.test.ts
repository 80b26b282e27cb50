import { describe, expect, it } from 'vitest';
import { evalToString } from '../runtime/methods/eval-for-tests';
import { Thread } from '../runtime/thread';
import type { Value } from '../runtime/value';
import { setNow, time, timeFromMillis } from './time';

const env = new Map<string, Value>([['time', time]]);

describe('time.now', () => {
  it('reads the clock, with the monotonic reading Go prints after such times', () => {
    const before = Date.now();
    const text = evalToString('str(time.now())', env);
    expect(text).toMatch(/^"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? [+-]\d{4} \S+ m=\+\d+\.\d{9}"$/);
    const unix = Number(evalToString('time.now().unix', env));
    expect(unix).toBeGreaterThanOrEqual(Math.floor(before / 1000));
    expect(unix).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  });

  it('answers from the host clock a thread was given (go.starlark.net SetNow)', () => {
    const thread = new Thread();
    setNow(thread, () => timeFromMillis(Date.UTC(2024, 1, 29, 12, 30, 15, 250)));
    expect(evalToString('str(time.now())', env, thread)).toBe('"2024-02-29 12:30:15.25 +0000 UTC"');
    expect(evalToString('time.now() - time.parse_time("2024-02-29T00:00:00Z")', env, thread)).toBe(
      '12h30m15.25s',
    );
  });
});
