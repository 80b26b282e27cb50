import { describe, expect, test } from 'vitest';
import { DapFraming, type DapMessage } from './dap';

describe('DAP framing', () => {
  test('parses messages split anywhere, several in one chunk, with multi-byte text', () => {
    const messages: DapMessage[] = [
      { seq: 1, type: 'request', command: 'evaluate', arguments: { expression: '"é" + "✓"' } },
      { seq: 2, type: 'event', event: 'output', body: { output: 'ünïcode\n' } },
    ];
    const bytes = new Uint8Array([
      ...DapFraming.encode(messages[0]!),
      ...DapFraming.encode(messages[1]!),
    ]);
    for (const size of [1, 3, 7, bytes.length]) {
      const got: unknown[] = [];
      const framing = new DapFraming((m) => got.push(m));
      for (let i = 0; i < bytes.length; i += size) framing.push(bytes.subarray(i, i + size));
      expect(got).toEqual(messages);
    }
  });

  test('reports a header without Content-Length and a body that is not JSON, then goes on', () => {
    const got: unknown[] = [];
    const errors: string[] = [];
    const framing = new DapFraming(
      (m) => got.push(m),
      (e) => errors.push(e.message),
    );
    const text =
      'X-Other: 1\r\n\r\nContent-Length: 3\r\n\r\n{x}' + 'Content-Length: 9\r\n\r\n{"seq":1}';
    framing.push(new TextEncoder().encode(text));
    expect(errors).toEqual([
      'a message without Content-Length: "X-Other: 1"',
      expect.stringMatching(/^a message that is not JSON/),
    ]);
    expect(got).toEqual([{ seq: 1 }]);
  });
});
