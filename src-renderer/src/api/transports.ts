import type { ClientMessage, ServerMessage, StarlingBridge } from '../../../src-main/contract';
import type { MessageCarrier } from './client';

/** In Electron: the preload's `window.starling` bridge (IPC). */
export function ipcCarrier(bridge: StarlingBridge): MessageCarrier {
  return { send: (m) => bridge.send(m), onMessage: (l) => bridge.onMessage(l) };
}

/**
 * In a browser (`starling web`): a WebSocket to the page's own server, `/api`. The token travels
 * in the cookie the page's first request set (and in the URL, when the page still has it). The
 * socket reconnects after a drop, with backoff; messages sent meanwhile wait.
 */
export function webSocketCarrier(location: Location): MessageCarrier {
  const listeners = new Set<(m: ServerMessage) => void>();
  const reconnectListeners = new Set<() => void>();
  const queue: string[] = [];
  const token = new URLSearchParams(location.search).get('token');
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  let socket: WebSocket;
  let delay = 250;
  let opened = false;

  const connect = () => {
    socket = new WebSocket(url);
    socket.onopen = () => {
      delay = 250;
      for (const m of queue.splice(0)) socket.send(m);
      if (opened) for (const l of reconnectListeners) l();
      opened = true;
    };
    socket.onmessage = (e: MessageEvent<string>) => {
      const message = JSON.parse(e.data) as ServerMessage;
      for (const l of listeners) l(message);
    };
    socket.onclose = () => {
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5_000);
    };
  };
  connect();

  return {
    send(message: ClientMessage) {
      const text = JSON.stringify(message);
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
      else if (message.type !== 'unsubscribe') queue.push(text);
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
  };
}
