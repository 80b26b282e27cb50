import { mount } from 'svelte';
import App from './App.svelte';
import type { ApiClient } from './api/client';

/** Mounts the workbench (loaded after the entry has opened the connection). */
export function mountApp(target: HTMLElement, api: ApiClient): ReturnType<typeof mount> {
  return mount(App, { target, props: { api } });
}
