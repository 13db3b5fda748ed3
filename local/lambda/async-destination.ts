import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { asyncFailuresFile, type AsyncFailureRecord } from '../../formats/async-failure.ts';

/** Where the asynchronous invoker sends an event it gives up: Lambda's on-failure destination. */
export interface FailureDestination {
  send(record: AsyncFailureRecord): void;
}

/**
 * The stand-in's on-failure destination: one JSON line per record in `<logDir>/async-failures.jsonl`
 * (the run's log folder, beside `reports.jsonl`). Each record is on disk before `send` returns,
 * so a run that ends abruptly loses none; failures are few, so the write is not batched.
 */
export class FailureFile implements FailureDestination {
  readonly file: string;

  constructor(logDir: string) {
    mkdirSync(logDir, { recursive: true });
    this.file = path.join(logDir, asyncFailuresFile.name);
  }

  send(record: AsyncFailureRecord): void {
    appendFileSync(this.file, `${JSON.stringify(record)}\n`);
  }
}
