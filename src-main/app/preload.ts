import { contextBridge } from 'electron';

// The one API the renderer sees. It grows into the typed contract of src-main/contract.
contextBridge.exposeInMainWorld('starling', {
  platform: process.platform,
});
