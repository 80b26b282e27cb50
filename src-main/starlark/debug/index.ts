/**
 * The debugger stage: breakpoints, stepping and inspection of a running Thread. Hosts attach a
 * Debugger to a thread running code compiled with `debug` (ExecOptions.debug).
 */
export {
  Debugger,
  type DebugClient,
  type ResumeMode,
  type StopEvent,
  type StopReason,
} from './debugger';
export {
  Breakpoint,
  newBreakpoint,
  parseHitCondition,
  parseLogMessage,
  placeBreakpoints,
  statementLines,
  type BreakpointSpec,
} from './breakpoints';
export { evaluateInFrame } from './evaluate';
export {
  preview,
  type Page,
  type ScopeInfo,
  type StackFrameInfo,
  type VariableInfo,
} from './inspect';
