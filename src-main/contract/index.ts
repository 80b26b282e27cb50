// The typed API between the main process and the renderer. Types only.
export type * from './app';
export type * from './channels';
export type * from './contexts';
export type * from './debug';
export type * from './editor';
export type * from './errors';
export type * from './projects';
export type * from './resources';
export type * from './runtime';
export type * from './settings';
export type * from './transport';
