/** Hot reload: a ProjectWatcher and what a new version of a project changes. See README.md. */
export {
  ProjectWatcher,
  type ProjectReload,
  type ProjectWatcherEvents,
  type ProjectWatcherOptions,
} from './project-watcher';
export { diffProjects, hasChanges, type ProjectChanges } from './changes';
