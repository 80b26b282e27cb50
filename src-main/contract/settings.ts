/** What Starling remembers between runs (kept by the main process, in its data folder). */
export interface Settings {
  lastContext?: string;
  /** The last namespace filter per context; `''` means all namespaces. */
  lastNamespace: Record<string, string>;
  theme: 'system' | 'light' | 'dark';
  window: WindowLayout;
  panels: PanelLayout;
  /** Most recent first. */
  recentProjects: RecentProject[];
}

export interface WindowLayout {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

export interface PanelLayout {
  /** Width of the sidebar (contexts and kinds) in pixels. */
  sidebarWidth: number;
  /** Height of the detail panel below the table, in pixels. */
  detailHeight: number;
}

export interface RecentProject {
  path: string;
  openedAt: string;
}

/** A change to the settings: top-level fields replace, `lastNamespace` entries merge. */
export type SettingsChange = Partial<Settings>;

export interface SettingsChannels {
  'settings:get': () => Settings;
  'settings:update': (change: SettingsChange) => Settings;
}
