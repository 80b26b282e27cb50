/** What the renderer learns about the process serving it. */
export interface AppInfo {
  version: string;
  /** `desktop` in Electron, `web` when `starling web` serves a browser. */
  mode: 'desktop' | 'web';
  platform: string;
}

export interface AppChannels {
  'app:info': () => AppInfo;
}
