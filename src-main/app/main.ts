import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, session, shell, type WebContents } from 'electron';
import type { IpcToMain, IpcToRenderer, ServerMessage } from '../contract';
import { ApiSession } from './api/session';
import {
  isAppUrl,
  isExternalLinkAllowed,
  isNavigationAllowed,
  isPermissionGranted,
  windowWebPreferences,
} from './security';
import { startLocalClusterForApp } from './local-cluster';
import { Workbench } from './workbench';

// The Electron main process, kept thin: one window with the security checklist of security.ts,
// and the contract's protocol over IPC to the same Workbench `starling web` serves.

const toMain: IpcToMain = 'starling:to-main';
const toRenderer: IpcToRenderer = 'starling:to-renderer';
const devServer = process.env['ELECTRON_RENDERER_URL'];
const appUrl = devServer ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href;

function createWindow(workbench: Workbench): BrowserWindow {
  const layout = workbench.settings.get().window;
  const window = new BrowserWindow({
    width: layout.width,
    height: layout.height,
    ...(layout.x !== undefined && layout.y !== undefined ? { x: layout.x, y: layout.y } : {}),
    show: false,
    title: 'Starling',
    webPreferences: windowWebPreferences(join(import.meta.dirname, '../preload/preload.cjs')),
  });
  if (layout.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, appUrl)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    void workbench.settings.update({ window: { ...bounds, maximized: window.isMaximized() } });
  });
  void window.loadURL(appUrl);
  return window;
}

/** One ApiSession per renderer; messages from any other frame are dropped. */
function serveIpc(workbench: Workbench): void {
  const sessions = new Map<number, ApiSession>();
  const sessionFor = (contents: WebContents) => {
    let s = sessions.get(contents.id);
    if (!s) {
      s = new ApiSession(workbench.router, (message: ServerMessage) => {
        if (!contents.isDestroyed()) contents.send(toRenderer, message);
      });
      sessions.set(contents.id, s);
      contents.once('destroyed', () => {
        sessions.get(contents.id)?.dispose();
        sessions.delete(contents.id);
      });
      contents.on('did-start-navigation', (details) => {
        // A reload starts a new renderer: its old subscriptions go.
        if (details.isMainFrame && !details.isSameDocument) {
          sessions.get(contents.id)?.dispose();
          sessions.delete(contents.id);
        }
      });
    }
    return s;
  };
  ipcMain.on(toMain, (event, message: unknown) => {
    if (!isAppUrl(event.senderFrame?.url, appUrl)) return;
    sessionFor(event.sender).receive(message);
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) =>
    callback(isPermissionGranted(permission, contents.getURL(), appUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, origin) =>
    isPermissionGranted(permission, origin, appUrl),
  );
  const local = await startLocalClusterForApp();
  const workbench = await Workbench.create({
    mode: 'desktop',
    version: app.getVersion(),
    settingsFile: join(app.getPath('userData'), 'settings.json'),
    ...(local ? { local: local.access } : {}),
  });
  serveIpc(workbench);
  createWindow(workbench);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(workbench);
  });
  app.on('will-quit', () => {
    workbench.dispose();
    void local?.close();
  });
}

app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

void start();
