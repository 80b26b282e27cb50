import { getContext, setContext } from 'svelte';
import type { ApiClient } from '../api/client';
import { Stores } from './stores';

const key = Symbol('starling-stores');

/** Makes the stores (and the API client under them) available to every component below. */
export function provideStores(api: ApiClient): Stores {
  const stores = new Stores(api);
  setContext(key, stores);
  return stores;
}

export function useStores(): Stores {
  const stores = getContext<Stores | undefined>(key);
  if (!stores)
    throw new Error('no Starling stores: wrap the component in <App> or call provideStores');
  return stores;
}
