import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { kubeConfigForLocalCluster } from '../../src-main/cluster/kubeconfig';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb, type RunningWeb } from '../../src-main/cli/web';
import type { Settings } from '../../src-main/contract';
import { openBrowser, type TestBrowser } from './browser';
import { WorkbenchPage } from './workbench-page';

// End to end: `starling web` (in this process, with its local cluster) driven through Debian's
// Chromium. Changes from outside are made with client-node, as a user's kubectl would.

/** Polls generously: the machine is shared and a first exec-plugin run takes a while. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

let dir: string;
let web: RunningWeb;
let browser: TestBrowser;
let app: WorkbenchPage;
let core: CoreV1Api;
const execToken = 'exec-plugin-secret-0123456789';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'starling-e2e-'));
  const kubeconfig = join(dir, 'kubeconfig');
  web = await startWeb({
    port: 0,
    local: true,
    dataDir: join(dir, 'home'),
    localDataDir: join(dir, 'local'),
    kubeconfigPaths: [kubeconfig],
  });
  const local = web.local!.access;
  // A second context that reaches the same cluster through an exec credential plugin (its
  // output must never reach the page), and one whose cluster entry is missing.
  const plugin = join(dir, 'credential-plugin.cjs');
  writeFileSync(
    plugin,
    `#!/usr/bin/env node\nprocess.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: ${JSON.stringify(local.token)} } }));\n// ${execToken}\n`,
  );
  chmodSync(plugin, 0o755);
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'same',
          cluster: {
            server: local.url,
            'certificate-authority-data': Buffer.from(local.caData).toString('base64'),
          },
        },
      ],
      users: [
        {
          name: 'plugin',
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1',
              command: plugin,
              interactiveMode: 'Never',
            },
          },
        },
      ],
      contexts: [
        { name: 'via-exec-plugin', context: { cluster: 'same', user: 'plugin' } },
        { name: 'broken', context: { cluster: 'ghost', user: 'plugin' } },
      ],
    }),
  );
  web.workbench.contexts.reload();

  const kc = kubeConfigForLocalCluster(local, 'l');
  core = kc.makeApiClient(CoreV1Api);

  browser = await openBrowser();
  app = new WorkbenchPage(browser.page);
  await app.open(web.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the workbench in a browser', () => {
  it('lists the local context first, connected, and a broken context with its own error', async () => {
    await expect
      .poll(() => app.contextNames())
      .toEqual(['starling-local', 'via-exec-plugin', 'broken']);
    await poll(() => app.context('starling-local').innerText()).toMatch(/connected · v1\./);
    expect(await app.context('broken').innerText()).toContain('cluster "ghost" is not defined');
    await browser.screenshot('01-contexts');
  });

  it('browses kinds: Namespaces shows default', async () => {
    await poll(() => app.kind('Namespace').count()).toBe(1);
    expect(await app.kind('ConfigMap').count()).toBe(1);
    await app.chooseKind('Namespace');
    await poll(() => app.rowKeys()).toContain('default');
    await browser.screenshot('02-namespaces');
  });

  it('shows a change made with client-node in the open table, without a reload', async () => {
    await app.chooseKind('ConfigMap');
    await app.chooseNamespace('default');
    await expect
      .poll(() => browser.page.getByTestId('row-count').innerText())
      .toMatch(/^\d+ of \d+$/);
    expect(await app.rowKeys()).not.toContain('default/from-outside');
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'from-outside' }, data: { a: '1' } },
    });
    await poll(() => app.rowKeys()).toContain('default/from-outside');
    await browser.screenshot('03-live-row');
    await core.deleteNamespacedConfigMap({ name: 'from-outside', namespace: 'default' });
    await poll(() => app.rowKeys()).not.toContain('default/from-outside');
  });

  it('edits and applies an object, showing the dry-run diff first', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'edit-me' }, data: { color: 'blue' } },
    });
    await poll(() => app.rowKeys()).toContain('default/edit-me');
    await app.openObject('default/edit-me');
    await poll(() => app.editorText()).toContain('color: blue');
    await app.button('Edit').click();
    const yaml = await app.editorText();
    await app.replaceYaml(yaml.replace('color: blue', 'color: green'));
    await app.button('Review changes').click();
    await poll(async () => (await app.diffSides()).after).toContain('color: green');
    expect((await app.diffSides()).before).toContain('color: blue');
    // Nothing is applied until the user says so.
    expect(
      (await core.readNamespacedConfigMap({ name: 'edit-me', namespace: 'default' })).data,
    ).toEqual({ color: 'blue' });
    await browser.screenshot('04-apply-diff');
    // client-node's field manager owns .data.color: the review says so, and applying takes it over.
    expect(await app.detail().innerText()).toContain('.data.color');
    await app.button('Apply and take ownership').click();
    await expect
      .poll(
        async () =>
          (await core.readNamespacedConfigMap({ name: 'edit-me', namespace: 'default' })).data,
      )
      .toEqual({ color: 'green' });
    await poll(() => app.editorText()).toContain('color: green');
  });

  it('deletes an object only after confirmation', async () => {
    await app.button('Delete').click();
    const dialog = browser.page.getByRole('dialog');
    await poll(() => dialog.isVisible()).toBe(true);
    await browser.screenshot('05-delete-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(
      (await core.readNamespacedConfigMap({ name: 'edit-me', namespace: 'default' })).metadata
        ?.name,
    ).toBe('edit-me');
    await app.button('Delete').click();
    await browser.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await poll(() => app.rowKeys()).not.toContain('default/edit-me');
  });

  it('moves through rows with the keyboard', async () => {
    await app.chooseKind('Namespace');
    await poll(() => app.rowKeys()).toContain('default');
    await browser.page.getByTestId('resource-table').focus();
    await browser.page.keyboard.press('Home');
    await browser.page.keyboard.press('Enter');
    await expect
      .poll(() => app.detail().getByRole('heading').innerText())
      .toBe('Namespace default');
    await browser.page.keyboard.press('ArrowDown');
    await expect
      .poll(() => browser.page.locator('[aria-selected="true"][data-key]').getAttribute('data-key'))
      .toBe('kube-node-lease');
  });

  it('resizes the sidebar and the detail pane with their dividers; the sizes are remembered', async () => {
    const page = browser.page;
    await app.chooseKind('Namespace');
    await app.openObject('default');
    const widthOf = (selector: string) =>
      page.locator(selector).evaluate((e) => e.getBoundingClientRect().width);
    const heightOf = (selector: string) =>
      page.locator(selector).evaluate((e) => e.getBoundingClientRect().height);
    const width = await widthOf('aside');
    const height = await heightOf('[data-testid="object-detail"]');

    // The keyboard: 16 px a press, 64 px with Shift.
    await page.getByRole('separator', { name: 'Sidebar width' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await poll(() => widthOf('aside')).toBe(width + 80);

    // The pointer: the detail's divider dragged up by 100 px makes the detail 100 px taller.
    const box = (await page.getByRole('separator', { name: 'Detail height' }).boundingBox())!;
    await page.mouse.move(box.x + 40, box.y + 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 40, box.y - 98, { steps: 4 });
    await page.mouse.up();
    await poll(() => heightOf('[data-testid="object-detail"]')).toBe(height + 100);
    await browser.screenshot('06-resized-panes');

    // Remembered in the settings file (lowdb), and applied again after a reload.
    const valueOf = (name: string) =>
      page.getByRole('separator', { name }).getAttribute('aria-valuenow').then(Number);
    const panels = {
      sidebarWidth: await valueOf('Sidebar width'),
      detailHeight: await valueOf('Detail height'),
    };
    expect(panels.sidebarWidth).toBe(width + 80);
    const file = join(dir, 'home', 'settings.json');
    await poll(() => (JSON.parse(readFileSync(file, 'utf8')) as Settings).panels).toEqual(panels);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await poll(() => widthOf('aside')).toBe(width + 80);
    await expect(
      page.getByRole('separator', { name: 'Sidebar width' }).getAttribute('aria-valuenow'),
    ).resolves.toBe(String(width + 80));
  });

  it('connects through an exec credential plugin; no credential ever reaches the page', async () => {
    await app.selectContext('via-exec-plugin');
    await poll(() => app.context('via-exec-plugin').innerText()).toMatch(/connected/);
    await app.chooseKind('Namespace');
    await poll(() => app.rowKeys()).toContain('default');
    await browser.screenshot('07-exec-plugin-context');
    const crossed = browser.frames.join('\n');
    expect(crossed).toContain('via-exec-plugin');
    expect(crossed).not.toContain(web.local!.access.token);
    expect(crossed).not.toContain(execToken);
    expect(crossed).not.toContain('BEGIN CERTIFICATE');
    expect(crossed).not.toContain('ExecCredential');
  });

  it('logged no console errors', () => {
    expect(browser.errors.join('\n')).toBe('');
  });
});
