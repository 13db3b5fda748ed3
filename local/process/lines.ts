import type { Readable } from 'node:stream';

/**
 * Hands a process's output over in whole lines: each chunk's complete lines at once (one write
 * for a burst of output, not one per line), and the unterminated rest when the stream ends.
 */
export function onLines(stream: Readable, handle: (lines: string[]) => void): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    if (lines.length > 0) handle(lines);
  });
  stream.on('end', () => partial && handle([partial]));
}
