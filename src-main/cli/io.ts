/** Where a command writes. Tests pass their own; the binary passes the process streams. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const processIO: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** A usage error: the command line itself is wrong. Printed with the command's usage; exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Resolves when the process is asked to stop (Ctrl-C or SIGTERM): where a serving command ends. */
export function untilStopped(): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
