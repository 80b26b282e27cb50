import type { Locator, Page } from 'playwright-core';

/** The workbench as a user sees it: what they can look at and what they can do. */
export class WorkbenchPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.waitForSelector('body[data-ready="true"]');
  }

  /** The context names in the order listed. */
  contextNames(): Promise<string[]> {
    return this.page
      .locator('[data-testid="context-list"] > li')
      .evaluateAll((items) =>
        items.map(
          (i) => (i as unknown as { dataset: Record<string, string> }).dataset['context'] ?? '',
        ),
      );
  }

  context(name: string): Locator {
    return this.page.locator(`[data-testid="context-list"] > li[data-context="${name}"]`);
  }

  async selectContext(name: string): Promise<void> {
    await this.context(name).locator('button.context').click();
  }

  kind(kind: string): Locator {
    return this.page.locator(`[data-testid="kind-list"] button[data-kind="${kind}"]`);
  }

  async chooseKind(kind: string): Promise<void> {
    await this.kind(kind).click();
    await this.page.waitForSelector(`h1:has-text("${kind}")`);
  }

  async chooseNamespace(namespace: string): Promise<void> {
    await this.page.locator('[data-testid="namespace-filter"]').selectOption(namespace);
  }

  /** The keys (`namespace/name` or `name`) of the rows in view. */
  rowKeys(): Promise<string[]> {
    return this.page
      .locator('[data-testid="resource-table"] [data-key]')
      .evaluateAll((rows) =>
        rows.map((r) => (r as unknown as { dataset: Record<string, string> }).dataset['key'] ?? ''),
      );
  }

  row(key: string): Locator {
    return this.page.locator(`[data-testid="resource-table"] [data-key="${key}"]`);
  }

  async openObject(key: string): Promise<void> {
    await this.row(key).dblclick();
    await this.page.waitForSelector('[data-testid="object-detail"]');
  }

  detail(): Locator {
    return this.page.locator('[data-testid="object-detail"]');
  }

  /** The text of the YAML editor (CodeMirror, in its shadow root). */
  editorText(): Promise<string> {
    return this.page.locator('[data-testid="yaml-editor"] .cm-content').innerText();
  }

  /**
   * Replaces the YAML as a user pasting over a selection would: select all, paste. (Typed
   * text would go through the browser's own contenteditable editing, which may add inline
   * styles that the CSP refuses; CodeMirror handles a paste itself.)
   */
  async replaceYaml(text: string): Promise<void> {
    const content = this.page.locator('[data-testid="yaml-editor"] .cm-content');
    await content.click();
    await this.page.keyboard.press('Control+A');
    await content.evaluate((el, pasted) => {
      // Runs in the page (DOM types are not in this file's library).
      const page = globalThis as unknown as {
        DataTransfer: new () => { setData(type: string, value: string): void };
        ClipboardEvent: new (type: string, init: object) => unknown;
      };
      const data = new page.DataTransfer();
      data.setData('text/plain', pasted);
      const paste = new page.ClipboardEvent('paste', {
        clipboardData: data,
        bubbles: true,
        cancelable: true,
      });
      (el as unknown as { dispatchEvent(e: unknown): boolean }).dispatchEvent(paste);
    }, text);
  }

  /** The two sides of the apply diff: the live object and the dry-run result. */
  async diffSides(): Promise<{ before: string; after: string }> {
    const side = (s: 'a' | 'b') =>
      this.page.locator(`[data-testid="apply-diff"] .cm-merge-${s} .cm-content`).innerText();
    return { before: await side('a'), after: await side('b') };
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }
}
