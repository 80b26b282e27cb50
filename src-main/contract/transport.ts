import type { ErrorShape } from './errors';
import type { Reply } from './channels';

/**
 * The messages of Starling's one protocol between renderer and main. Both transports carry the
 * same messages: Electron IPC (one channel each way, through the preload) and the WebSocket of
 * `starling web` (one JSON text frame per message).
 *
 * - `invoke` asks main to run a channel's handler; main answers with one `reply` of the same id.
 * - `subscribe` starts receiving a stream; main answers with a `reply` (result `null` once the
 *   subscription stands, or an error), then sends `event`s with that id until the renderer sends
 *   `unsubscribe` or main sends `ended` (the source stopped for good, with the reason).
 */
export type ClientMessage =
  | { type: 'invoke'; id: number; channel: string; args: unknown[] }
  | { type: 'subscribe'; id: number; channel: string; params: unknown }
  | { type: 'unsubscribe'; id: number };

export type ServerMessage =
  | { type: 'reply'; id: number; reply: Reply<unknown> }
  | { type: 'event'; id: number; event: unknown }
  | { type: 'ended'; id: number; error?: ErrorShape };

/**
 * The two Electron IPC channels the preload and main use; nothing else crosses IPC. (Types, so the
 * contract stays code-free: `const channel: IpcToMain = 'starling:to-main'` checks the spelling.)
 */
export type IpcToMain = 'starling:to-main';
export type IpcToRenderer = 'starling:to-renderer';

/**
 * What the preload exposes as `window.starling`: a message port, nothing more. The renderer's API
 * client runs the protocol over it exactly as it does over the WebSocket.
 */
export interface StarlingBridge {
  send(message: ClientMessage): void;
  /** Registers the one listener for messages from main; returns a function that removes it. */
  onMessage(listener: (message: ServerMessage) => void): () => void;
}
