import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  contentSecurityPolicyHeader,
  isAppUrl,
  isExternalLinkAllowed,
  isNavigationAllowed,
  isPermissionGranted,
  windowWebPreferences,
} from './security';

const appUrl = 'file:///opt/starling/out/renderer/index.html';

describe('the Electron security checklist', () => {
  it('isolates and sandboxes the window, with no Node in the page', () => {
    expect(windowWebPreferences('/p/preload.cjs')).toEqual({
      preload: '/p/preload.cjs',
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
    });
  });

  it('has a strict CSP: no inline or eval scripts, no inline styles, nothing from elsewhere', () => {
    const directives = new Map(
      contentSecurityPolicy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(contentSecurityPolicy).not.toMatch(/unsafe-(inline|eval)|\*|https?:/);
    expect(contentSecurityPolicyHeader).toBe(`${contentSecurityPolicy}; frame-ancestors 'none'`);
  });

  it('is the CSP index.html carries', () => {
    const html = readFileSync(
      resolve(import.meta.dirname, '../../src-renderer/index.html'),
      'utf8',
    );
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(contentSecurityPolicy);
  });

  it('accepts IPC only from the app page itself', () => {
    expect(isAppUrl(appUrl, appUrl)).toBe(true);
    expect(isAppUrl(`${appUrl}#/c/starling-local`, appUrl)).toBe(true);
    expect(isAppUrl('file:///tmp/evil.html', appUrl)).toBe(false);
    expect(isAppUrl('https://example.com/', appUrl)).toBe(false);
    expect(isAppUrl(undefined, appUrl)).toBe(false);
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });

  it('denies navigation away from the app and opens only https links outside', () => {
    expect(isNavigationAllowed('https://example.com/', appUrl)).toBe(false);
    expect(isNavigationAllowed(appUrl, appUrl)).toBe(true);
    expect(isExternalLinkAllowed('https://kubernetes.io/docs/')).toBe(true);
    expect(isExternalLinkAllowed('file:///etc/passwd')).toBe(false);
    expect(isExternalLinkAllowed('javascript:alert(1)')).toBe(false);
  });

  it('grants no permission but clipboard writes, and only to the app', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', appUrl, appUrl)).toBe(true);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'fullscreen']) {
      expect(isPermissionGranted(p, appUrl, appUrl)).toBe(false);
    }
    expect(isPermissionGranted('clipboard-sanitized-write', 'https://x.org/', appUrl)).toBe(false);
  });
});
