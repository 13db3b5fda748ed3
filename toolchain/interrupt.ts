/**
 * Runs `work` with Ctrl-C and SIGTERM turned into an orderly `cleanup`, so no server outlives the
 * command, no temporary data stays behind and no deployed function is left changed. The cleanup
 * runs once, whichever way it starts, and a signal while it runs (a restore on AWS can take
 * minutes) waits for it rather than cutting it short; a second signal exits at once.
 */
export async function withCleanup<T>(work: () => Promise<T>, cleanup: () => Promise<void>): Promise<T> {
  let cleaning: Promise<void> | undefined;
  let signals = 0;
  const clean = () => (cleaning ??= cleanup());
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    const code = signal === 'SIGINT' ? 130 : 143;
    if (signals > 1) process.exit(code);
    console.error(cleaning ? `\n${signal}: still cleaning up (again to stop at once)…` : `\n${signal}: stopping…`);
    void clean().finally(() => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work();
  } finally {
    try {
      await clean();
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  }
}

/**
 * Stops child processes on the given signals and on exit without ending this process: the caller
 * goes on to what the children leave behind (k6 writes its summary when stopped), and a
 * `withCleanup` around it still ends the command. A child in the terminal's process group gets
 * Ctrl-C from the terminal itself and must not be sent a second signal (k6 takes a second one as
 * "stop at once"): leave SIGINT out for it. Returns the function that takes the handlers off.
 */
export function stopOnSignals(stop: () => void, signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): () => void {
  const events = [...signals, 'exit'] as const;
  events.forEach((event) => process.on(event, stop));
  return () => events.forEach((event) => process.removeListener(event, stop));
}
