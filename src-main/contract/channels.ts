import type { AppChannels } from './app';
import type { ContextChannels, ContextEvents } from './contexts';
import type { DebugChannels, DebugEvents } from './debug';
import type { ErrorShape } from './errors';
import type { ProjectChannels, ProjectEvents } from './projects';
import type { ResourceChannels, ResourceEvents } from './resources';
import type { RuntimeChannels, RuntimeEvents } from './runtime';
import type { SettingsChannels } from './settings';

/**
 * Every invocation the renderer can make, by channel name: `'area:verb'` → the handler's
 * signature. Main implements these (`handle` is typed from this map), the renderer calls them
 * (`invoke` is typed from it too). One interface per area, in that area's file.
 */
export interface InvokeChannels
  extends
    AppChannels,
    ContextChannels,
    ResourceChannels,
    SettingsChannels,
    ProjectChannels,
    RuntimeChannels,
    DebugChannels {}

/**
 * Every stream main pushes, by channel name: what a subscriber passes (`params`) and what each
 * event carries (`event`). A stream runs while at least one subscriber wants it: main starts its
 * source on the first subscription with the same params and stops it when the last one goes.
 */
export interface EventChannels
  extends ContextEvents, ResourceEvents, ProjectEvents, RuntimeEvents, DebugEvents {}

export type InvokeChannel = keyof InvokeChannels;
export type InvokeArgs<C extends InvokeChannel> = Parameters<InvokeChannels[C]>;
export type InvokeResult<C extends InvokeChannel> = Awaited<ReturnType<InvokeChannels[C]>>;

export type EventChannel = keyof EventChannels;
export type EventParams<C extends EventChannel> = EventChannels[C]['params'];
export type EventPayload<C extends EventChannel> = EventChannels[C]['event'];

/** Every reply travels as exactly one of these. */
export type Reply<T> = { result: T } | { error: ErrorShape };
