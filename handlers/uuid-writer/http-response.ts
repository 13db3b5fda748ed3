/** The function's edge: what a caller sees of an outcome, and what the log keeps of a failure. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { runtime, type WriteFailed, type WriteOutcome } from './write-uuid.ts';

/** The only failure body a caller ever sees; the detail goes to the log. */
const storageUnavailable = JSON.stringify({ message: 'storage unavailable' });

export function toHttpResponse(outcome: WriteOutcome, coldStart: boolean): APIGatewayProxyStructuredResultV2 {
  const headers = { 'content-type': 'application/json', 'x-cold-start': String(coldStart) };
  if (outcome.kind === 'failed') return { statusCode: 502, headers, body: storageUnavailable };
  const { id, key } = outcome;
  return { statusCode: 201, headers, body: JSON.stringify({ id, runtime, key, coldStart }) };
}

/** One JSON line, so CloudWatch Logs Insights can filter on its fields. */
export function logFailure(failure: WriteFailed, requestId: string): void {
  const { step, key, error, cleanupError } = failure;
  const line = {
    level: 'ERROR',
    message: cleanupError === undefined ? 'storage write failed' : 'storage write failed, object left behind',
    step,
    key,
    error: summarize(error),
    ...(cleanupError === undefined ? {} : { cleanupError: summarize(cleanupError) }),
    requestId,
  };
  console.error(JSON.stringify(line));
}

/** Name and message only: SDK errors carry request metadata and, stringified whole, can be huge. */
function summarize(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
