import type { SourcePosition } from './editor';

/**
 * A Choreo project as the workbench shows it (wave 2: the project view, the editor, load graphs).
 * The reconciler runtime fills these in; the channels are declared here so their shape is fixed.
 */
export interface ProjectSummary {
  path: string;
  name: string;
  reconcilers: ReconcilerSummary[];
  /** Every problem `starling check` would report. */
  problems: ProjectProblem[];
}

export interface ReconcilerSummary {
  name: string;
  /** The `.star` file, relative to the project. */
  file: string;
  forKind: GroupKind;
  owns: GroupKind[];
  watches: GroupKind[];
}

export interface GroupKind {
  group: string;
  kind: string;
}

export interface ProjectProblem {
  severity: 'error' | 'warning';
  message: string;
  position?: SourcePosition;
}

/** A graph of the project: `load()` edges between files, or For/Owns/Watches between kinds. */
export interface ProjectGraph {
  kind: 'loads' | 'topology';
  nodes: { id: string; label: string; file?: string }[];
  edges: { from: string; to: string; label?: string }[];
}

export interface ProjectChannels {
  'projects:open': (path: string) => ProjectSummary;
  'projects:graph': (path: string, kind: ProjectGraph['kind']) => ProjectGraph;
}

export interface ProjectEvents {
  /** The project again after a file changed on disk and was reloaded (hot reload). */
  'projects:changed': { params: { path: string }; event: ProjectSummary };
}
