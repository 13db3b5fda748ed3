import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { reportsFile, type InvocationReport } from '../../formats/report-record.ts';

/**
 * How long a line may wait in memory before it reaches its file. Any write costs the event loop
 * tens of microseconds (a syscall, or waking a libuv worker for an async one), which per line
 * would sit on every invocation's path; batched, it is one write per file per interval.
 * CloudWatch itself shows lines seconds after they were written.
 */
const flushDelayMs = 50;

/**
 * A run's logs, one file per function like one CloudWatch log group each (`<function>.log`),
 * and every REPORT as a JSON line in `reports.jsonl` for the tools that compare runs.
 */
export class RunLog {
  readonly dir: string;
  private readonly files = new Map<string, LogFile>();
  private readonly reports: LogFile;
  private flushTimer: NodeJS.Timeout | undefined;
  /** Output a runtime flushes while it is being killed can arrive after the run's log closed. */
  private closed = false;
  /** A run that ends without close() (an error, process.exit) still gets every line it logged. */
  private readonly flushOnExit = () => this.flush();

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
    this.reports = new LogFile(path.join(dir, reportsFile.name));
    process.on('exit', this.flushOnExit);
  }

  /** Appends one message (which may span lines) to the function's log. */
  write(functionName: string, message: string): void {
    if (this.closed) return;
    let file = this.files.get(functionName);
    if (!file) {
      file = new LogFile(path.join(this.dir, `${functionName}.log`));
      this.files.set(functionName, file);
    }
    file.append(message.endsWith('\n') ? message : `${message}\n`);
    this.scheduleFlush();
  }

  report(report: InvocationReport): void {
    if (this.closed) return;
    this.reports.append(`${JSON.stringify(report)}\n`);
    this.scheduleFlush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    process.off('exit', this.flushOnExit);
    for (const file of [...this.files.values(), this.reports]) file.close();
  }

  private scheduleFlush(): void {
    // Unref'd: pending lines must not keep a finished process alive; the exit hook writes them.
    this.flushTimer ??= setTimeout(() => this.flush(), flushDelayMs).unref();
  }

  /** Function logs first, so a REPORT record is never on disk before its REPORT line. */
  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const file of this.files.values()) file.flush();
    this.reports.flush();
  }
}

/** One append-only file and the text not yet written to it. */
class LogFile {
  private readonly fd: number;
  private pending = '';

  constructor(file: string) {
    this.fd = openSync(file, 'a');
  }

  append(text: string): void {
    this.pending += text;
  }

  /** Synchronous: a few kilobytes into the page cache, and the order of files is kept. */
  flush(): void {
    if (this.pending === '') return;
    const bytes = Buffer.from(this.pending);
    this.pending = '';
    for (let written = 0; written < bytes.length; ) written += writeSync(this.fd, bytes, written);
  }

  close(): void {
    closeSync(this.fd);
  }
}
