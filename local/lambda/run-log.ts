import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { InvocationReport } from './report.ts';

/**
 * A run's logs, one file per function like one CloudWatch log group each (`<function>.log`),
 * and every REPORT as a JSON line in `reports.jsonl` for the tools that compare runs.
 */
export class RunLog {
  readonly dir: string;
  private readonly streams = new Map<string, WriteStream>();
  private readonly reports: WriteStream;

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
    this.reports = createWriteStream(path.join(dir, 'reports.jsonl'), { flags: 'a' });
  }

  /** Appends one message (which may span lines) to the function's log. */
  write(functionName: string, message: string): void {
    let stream = this.streams.get(functionName);
    if (!stream) {
      stream = createWriteStream(path.join(this.dir, `${functionName}.log`), { flags: 'a' });
      this.streams.set(functionName, stream);
    }
    stream.write(message.endsWith('\n') ? message : `${message}\n`);
  }

  report(report: InvocationReport): void {
    this.reports.write(`${JSON.stringify(report)}\n`);
  }

  async close(): Promise<void> {
    const all = [...this.streams.values(), this.reports];
    await Promise.all(all.map((stream) => new Promise<void>((resolve) => stream.end(resolve))));
  }
}
