import { describe, expect, it } from 'vitest';
import { continueChain, recursionLimit, stopsRecursion } from './recursion.ts';

const root = 'Root=1-67a1b2c3-0123456789abcdef01234567;Sampled=0';
const arn = 'arn:aws:lambda:us-east-1:000000000000:function:lambda-duel-s3-loop';
/** What botocore leaves as it is when it copies _X_AMZN_TRACE_ID into X-Amzn-Trace-Id. */
const unquotedByBotocore = /^[A-Za-z0-9_.~\-=;:+&[\]{}"',]*$/;

/** The header of the invocation after `count` of the same function in one chain. */
function afterInvocations(count: number, header = root, functionArn = arn): string {
  let traceId = header;
  for (let invocation = 0; invocation < count; invocation += 1) traceId = continueChain(traceId, functionArn).traceId;
  return traceId;
}

describe('the Lineage of a chain of invocations', () => {
  it("starts a function's count at 0 and keeps every other field", () => {
    const { traceId, earlierInvocations } = continueChain(root, arn);
    expect(earlierInvocations).toBe(0);
    expect(traceId).toMatch(/^Root=1-67a1b2c3-0123456789abcdef01234567;Sampled=0;Lineage=[0-9a-f]{8}:0$/);
  });

  it('counts each later invocation of the same function once, in the same entry', () => {
    const third = continueChain(afterInvocations(2), arn);
    expect(third.earlierInvocations).toBe(2);
    expect(third.traceId).toBe(afterInvocations(2).replace(/:1$/, ':2'));
  });

  it("counts each function apart and leaves entries that are not its own, AWS's among them, as they came", () => {
    // Given a chain that went through another function twice and carries an entry in AWS's own format
    const other = 'arn:aws:lambda:us-east-1:000000000000:function:lambda-duel-other';
    const header = afterInvocations(2, `${root};Lineage=1:fe460cdd:0`, other);

    // When this function is invoked in it
    const { traceId, earlierInvocations } = continueChain(header, arn);

    // Then its count starts at 0 beside the others, which are unchanged
    expect(earlierInvocations).toBe(0);
    expect(traceId).toMatch(/;Lineage=1:fe460cdd:0,[0-9a-f]{8}:1,[0-9a-f]{8}:0$/);
    expect(traceId.startsWith(header)).toBe(true);
    expect(traceId).toMatch(unquotedByBotocore);
  });

  it('stops the invocation after the limit when the function says Terminate, never when it says Allow', () => {
    expect(recursionLimit).toBe(16);
    expect(stopsRecursion(recursionLimit - 1, 'Terminate')).toBe(false);
    expect(stopsRecursion(recursionLimit, 'Terminate')).toBe(true);
    expect(stopsRecursion(recursionLimit, 'Allow')).toBe(false);
  });
});
