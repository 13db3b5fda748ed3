/**
 * Lambda's recursive loop detection
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html). Lambda annotates the
 * X-Ray trace header of each event with metadata that the SDKs carry from inside a function to
 * the services it calls (Node's, botocore and Rust's copy `_X_AMZN_TRACE_ID` into X-Amzn-Trace-Id)
 * and that S3, SQS and SNS carry into the events they send, counting the invocations of each
 * function in one chain of requests: "If your function is invoked approximately 16 times in the
 * same chain of requests, then Lambda automatically stops the next function invocation". With the
 * function's RecursiveLoop `Terminate`, the default, an asynchronous event so stopped goes to the
 * on-failure destination; with `Allow` nothing is stopped.
 *
 * The metadata is the header's `Lineage` field, whose format AWS does not document: headers
 * logged from Lambda carry `Lineage=<8 hex digits>:<count>`, a first invocation `:0`, and lately
 * `Lineage=1:<8 hex digits>:<count>`. The stand-in writes one `<hash>:<count>` per function the
 * chain has invoked, `<hash>` the first 8 hex digits of the SHA-256 of the function's ARN and
 * `<count>` its invocations before this one, joined by commas: only characters that botocore,
 * which percent-encodes the rest as it copies the header, leaves as they are.
 */
import { createHash } from 'node:crypto';

/** PutFunctionRecursionConfig's `RecursiveLoop`. */
export type RecursiveLoop = 'Terminate' | 'Allow';

/** Lambda's default for every function. */
export const defaultRecursiveLoop: RecursiveLoop = 'Terminate';

/** The invocations of one function a chain may make; Lambda stops the one after. */
export const recursionLimit = 16;

const lineageKey = 'Lineage=';
const entrySeparator = ',';

export interface ChainedInvocation {
  /** The header the invocation runs under: the one given, its Lineage counting this function once more. */
  traceId: string;
  /** How many times the chain invoked the function before this invocation. */
  earlierInvocations: number;
}

/**
 * The trace header of the next invocation of `functionArn` in the chain `traceHeader` belongs to.
 * Every other field, and every Lineage entry that is not this function's (another function's, or
 * one in AWS's own format), is kept as it came.
 */
export function continueChain(traceHeader: string, functionArn: string): ChainedInvocation {
  const fields = traceHeader.split(';');
  const at = fields.findIndex((field) => field.startsWith(lineageKey));
  const entries = at === -1 ? [] : fields[at]!.slice(lineageKey.length).split(entrySeparator);
  const hash = createHash('sha256').update(functionArn).digest('hex').slice(0, 8);
  const mine = entries.findIndex((entry) => new RegExp(`^${hash}:\\d+$`).test(entry));
  const earlierInvocations = mine === -1 ? 0 : Number(entries[mine]!.slice(hash.length + 1)) + 1;
  const counted = `${hash}:${earlierInvocations}`;
  const lineage = lineageKey + (mine === -1 ? [...entries, counted] : entries.map((entry, index) => (index === mine ? counted : entry))).join(entrySeparator);
  const traceId = at === -1 ? [...fields, lineage].join(';') : fields.map((field, index) => (index === at ? lineage : field)).join(';');
  return { traceId, earlierInvocations };
}

/** Whether Lambda stops the invocation: the chain has had its invocations of the function, and the function's setting says stop. */
export function stopsRecursion(earlierInvocations: number, recursiveLoop: RecursiveLoop): boolean {
  return recursiveLoop === 'Terminate' && earlierInvocations >= recursionLimit;
}
