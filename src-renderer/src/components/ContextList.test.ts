import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { ContextInfo } from '../../../src-main/contract';
import ContextList from './ContextList.svelte';

const base: Omit<ContextInfo, 'name' | 'state' | 'local' | 'selected'> = {
  cluster: 'c',
  user: 'u',
  server: 'https://x',
  namespace: 'default',
  source: '/k',
  auth: 'token',
};

describe('ContextList', () => {
  it('lists every context with its own state; a broken one shows its error and a way to retry', async () => {
    const onselect = vi.fn();
    const onreconnect = vi.fn();
    render(ContextList, {
      list: {
        contexts: [
          {
            ...base,
            name: 'starling-local',
            local: true,
            selected: true,
            state: 'connected',
            serverVersion: 'v1.34.0',
          },
          {
            ...base,
            name: 'broken',
            local: false,
            selected: false,
            state: 'error',
            error: {
              name: 'KubeconfigError',
              message: 'context "broken": cluster "ghost" is not defined',
              hint: 'fix it',
            },
          },
          { ...base, name: 'prod', local: false, selected: false, state: 'unknown' },
        ],
        problems: [
          { file: '/bad.yaml', error: { name: 'KubeconfigError', message: '/bad.yaml: not YAML' } },
        ],
      },
      onselect,
      onreconnect,
    });
    const items = screen.getAllByRole('listitem');
    expect(items.map((i) => i.dataset['context'])).toEqual(['starling-local', 'broken', 'prod']);
    expect(items[0]?.textContent).toContain('connected · v1.34.0');
    expect(items[1]?.textContent).toContain('cluster "ghost" is not defined');
    expect(items[1]?.textContent).toContain('fix it');
    expect(screen.getByText('/bad.yaml: not YAML')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    expect(onreconnect).toHaveBeenCalledWith('broken');
    await fireEvent.click(screen.getByText('prod'));
    expect(onselect).toHaveBeenCalledWith('prod');
  });
});
