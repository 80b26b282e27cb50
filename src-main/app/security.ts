/**
 * The Electron security checklist, as data and pure functions, so a test can check it without
 * Electron (whose binary is not on every machine). main.ts applies exactly these; the web server
 * sends the same Content-Security-Policy as a header.
 */

/** The renderer's Content-Security-Policy: our own scripts and styles only, no eval, no frames. */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/** Only a header can carry `frame-ancestors` (a meta tag may not); the web server adds it. */
export const contentSecurityPolicyHeader = `${contentSecurityPolicy}; frame-ancestors 'none'`;

/** The BrowserWindow's webPreferences: isolated, sandboxed, no Node in the page. */
export function windowWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  } as const;
}

/**
 * Whether a frame at `url` is Starling's own renderer, loaded from `appUrl` (the file:// URL of
 * out/renderer/index.html, or the dev server's http://localhost URL). IPC from anything else is
 * dropped.
 */
export function isAppUrl(url: string | undefined, appUrl: string): boolean {
  if (!url) return false;
  let frame: URL;
  let app: URL;
  try {
    frame = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:')
    return frame.protocol === 'file:' && frame.pathname === app.pathname;
  return frame.origin === app.origin;
}

/** The renderer never navigates away from itself; reloading the app itself is allowed. */
export function isNavigationAllowed(url: string, appUrl: string): boolean {
  return isAppUrl(url, appUrl);
}

/** Links the user clicks that open in the system browser rather than in a new window. */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Permissions the renderer may have: writing to the clipboard ("copy YAML"), nothing else. */
const grantedPermissions: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionGranted(permission: string, requestingUrl: string, appUrl: string) {
  return grantedPermissions.has(permission) && isAppUrl(requestingUrl, appUrl);
}
