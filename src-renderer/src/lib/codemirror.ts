// CodeMirror 6, loaded only when a detail view opens (it is the largest part of the renderer).
import { yaml } from '@codemirror/lang-yaml';
import { MergeView } from '@codemirror/merge';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';

/** Colors come from the app's CSS variables, so light and dark themes apply to the editor too. */
const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--bg)', color: 'var(--fg)', height: '100%' },
  '.cm-content': { caretColor: 'var(--fg)', fontFamily: 'var(--mono)' },
  '.cm-gutters': { backgroundColor: 'var(--bg-raised)', color: 'var(--fg-muted)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'var(--bg-hover)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--bg-hover)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': {
    backgroundColor: 'var(--bg-selected)',
  },
  '.cm-scroller': { overflow: 'auto' },
});

/**
 * CodeMirror injects its styles at run time. In a document that takes a <style> element, which
 * the strict CSP (no 'unsafe-inline') refuses; in a shadow root it uses a constructed stylesheet,
 * which the CSP allows. So every editor lives in a shadow root of its host element. The app's CSS
 * variables inherit into it, so the themes still apply.
 */
function shadowParent(host: HTMLElement): { root: ShadowRoot; parent: HTMLElement } {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const parent = document.createElement('div');
  parent.style.height = '100%';
  root.replaceChildren(parent);
  return { root, parent };
}

export interface YamlEditor {
  view: EditorView;
  setText(text: string): void;
  setEditable(editable: boolean): void;
  text(): string;
  destroy(): void;
}

export function createYamlEditor(
  parent: HTMLElement,
  text: string,
  editable: boolean,
  onchange: (text: string) => void,
  onsave: () => void,
): YamlEditor {
  const readOnly = new Compartment();
  const editableFlag = (on: boolean): Extension => [
    EditorState.readOnly.of(!on),
    EditorView.editable.of(on),
  ];
  const shadow = shadowParent(parent);
  const view = new EditorView({
    parent: shadow.parent,
    root: shadow.root,
    state: EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        yaml(),
        theme,
        readOnly.of(editableFlag(editable)),
        keymap.of([{ key: 'Mod-s', run: () => (onsave(), true) }]),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onchange(u.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ 'aria-label': 'YAML' }),
      ],
    }),
  });
  return {
    view,
    setText(next) {
      if (next !== view.state.doc.toString()) {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
      }
    },
    setEditable(on) {
      view.dispatch({ effects: readOnly.reconfigure(editableFlag(on)) });
    },
    text: () => view.state.doc.toString(),
    destroy: () => view.destroy(),
  };
}

/** A side-by-side, read-only diff: the live object on the left, the result on the right. */
export function createDiff(
  parent: HTMLElement,
  before: string,
  after: string,
): { destroy(): void } {
  const extensions = [
    basicSetup,
    yaml(),
    theme,
    EditorState.readOnly.of(true),
    EditorView.editable.of(false),
  ];
  const shadow = shadowParent(parent);
  const view = new MergeView({
    a: { doc: before, extensions },
    b: { doc: after, extensions },
    // The merge view makes its editors before attaching them: tell it the root up front.
    parent: shadow.parent,
    root: shadow.root,
    collapseUnchanged: { margin: 3, minSize: 6 },
  });
  return { destroy: () => view.destroy() };
}
