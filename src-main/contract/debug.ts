/**
 * The step-run debugger (wave 2) speaks the Debug Adapter Protocol through the same transport as
 * everything else: the renderer sends DAP requests as invocations and receives DAP responses and
 * events on one stream per session. Messages are DAP's own JSON, unchanged.
 */
export interface DapMessage {
  seq: number;
  type: 'request' | 'response' | 'event';
  [field: string]: unknown;
}

export interface DebugChannels {
  /** Starts a debug session for a project; returns its id. */
  'debug:start': (project: string) => string;
  /** Sends one DAP message to a session. */
  'debug:send': (session: string, message: DapMessage) => void;
  'debug:stop': (session: string) => void;
}

export interface DebugEvents {
  /** DAP responses and events of one session. */
  'debug:messages': { params: { session: string }; event: DapMessage };
}
