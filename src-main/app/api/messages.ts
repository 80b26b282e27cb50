import type { ClientMessage } from '../../contract';

/** Above this, a message from the renderer is refused unread (an edited YAML is far smaller). */
export const maxMessageBytes = 8 * 1024 * 1024;

/**
 * Checks that a value received from a renderer is a well-formed `ClientMessage`. Whatever arrives
 * over IPC or the WebSocket is untrusted input: anything else is refused with the reason.
 */
export function parseClientMessage(value: unknown): ClientMessage | { invalid: string } {
  if (typeof value !== 'object' || value === null) return { invalid: 'not an object' };
  const m = value as Record<string, unknown>;
  if (!Number.isSafeInteger(m['id'])) return { invalid: 'id must be an integer' };
  const id = m['id'] as number;
  const channelOk = typeof m['channel'] === 'string' && /^[a-z]+:[a-z-]+$/.test(m['channel']);
  switch (m['type']) {
    case 'invoke':
      if (!channelOk) return { invalid: 'channel must look like "area:verb"' };
      if (!Array.isArray(m['args'])) return { invalid: 'args must be an array' };
      return { type: 'invoke', id, channel: m['channel'] as string, args: m['args'] };
    case 'subscribe':
      if (!channelOk) return { invalid: 'channel must look like "area:name"' };
      return {
        type: 'subscribe',
        id,
        channel: m['channel'] as string,
        params: m['params'] ?? null,
      };
    case 'unsubscribe':
      return { type: 'unsubscribe', id };
    default:
      return { invalid: `unknown message type ${JSON.stringify(m['type'])}` };
  }
}
