/**
 * Reads until `until` holds, or `timeoutMs` passes, and gives the last reading. For what trails the
 * answer that caused it: log files written in batches, a runtime's output behind its post.
 */
export async function settled<T>(read: () => T | Promise<T>, until: (value: T) => boolean, timeoutMs = 2_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value) || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
