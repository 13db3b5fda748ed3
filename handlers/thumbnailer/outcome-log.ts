/**
 * What the log keeps of a record: one JSON line per permanent failure, and one for the store
 * failure that ends an invocation for Lambda to retry, so CloudWatch Logs Insights can filter on
 * the fields. Successes leave no line; their item is the record.
 */
import { summarize } from '../uuid-writer/store-call.ts';
import { RecordNotFinishedError, type RecordOutcome } from './process-records.ts';

export function logOutcome(outcome: RecordOutcome, requestId: string): void {
  if (outcome.kind !== 'failed') return;
  const { bucket, item } = outcome;
  const line = {
    level: 'ERROR',
    message: 'upload refused, failure recorded',
    outcome: 'failed',
    bucket,
    key: item.sourceKey,
    errorType: item.errorType,
    error: item.errorMessage,
    requestId,
  };
  console.error(JSON.stringify(line));
}

export function logRetry(error: unknown, requestId: string): void {
  const key = error instanceof RecordNotFinishedError ? error.key : undefined;
  const cause = error instanceof RecordNotFinishedError ? error.cause : error;
  const line = { level: 'ERROR', message: 'store failed, event left for Lambda to retry', outcome: 'retry', key, error: summarize(cause), requestId };
  console.error(JSON.stringify(line));
}
