import { contextBridge, ipcRenderer } from 'electron';
import type { IpcToMain, IpcToRenderer, ServerMessage, StarlingBridge } from '../contract';

// The one API the renderer sees: a message port speaking the contract's protocol
// (contract/transport.ts). No Node, no Electron objects and no credentials cross it.
const toMain: IpcToMain = 'starling:to-main';
const toRenderer: IpcToRenderer = 'starling:to-renderer';

const bridge: StarlingBridge = {
  send(message) {
    ipcRenderer.send(toMain, message);
  },
  onMessage(listener) {
    const forward = (_event: unknown, message: ServerMessage) => listener(message);
    ipcRenderer.on(toRenderer, forward);
    return () => ipcRenderer.removeListener(toRenderer, forward);
  },
};

contextBridge.exposeInMainWorld('starling', bridge);
