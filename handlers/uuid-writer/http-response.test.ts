import { afterEach, describe, expect, it, vi } from 'vitest';
import { logFailure, toHttpResponse } from './http-response.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('toHttpResponse', () => {
  it('answers any failure with the same fixed 502, whatever the cause', () => {
    // Given a failure whose cause carries internal detail
    const error = new Error('connect ECONNREFUSED 10.0.0.7:443 at /var/task/index.mjs:1:2');

    // When it is turned into a response
    const result = toHttpResponse({ kind: 'failed', step: 'put-object', key: 'node/x', error }, false);

    // Then the caller sees none of it
    expect(result).toEqual({
      statusCode: 502,
      headers: { 'content-type': 'application/json', 'x-cold-start': 'false' },
      body: '{"message":"storage unavailable"}',
    });
  });
});

describe('logFailure', () => {
  it('logs one JSON line naming the object left behind, without a stack', () => {
    // Given a failed write whose clean-up failed too
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => lines.push(line));
    const error = Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' });

    // When it is logged
    logFailure({ kind: 'failed', step: 'put-item', key: 'node/x', error, cleanupError: new Error('socket hang up') }, 'req-1');

    // Then one line says what failed, for which request, and which object remains
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      level: 'ERROR',
      message: 'storage write failed, object left behind',
      outcome: 'failed',
      step: 'put-item',
      key: 'node/x',
      error: 'ResourceNotFoundException: Requested resource not found',
      cleanupError: 'Error: socket hang up',
      requestId: 'req-1',
    });
    expect(lines[0]).not.toContain('    at ');
  });

  it('says when a write may still take effect, and which object it kept', () => {
    // Given a write that got no answer by its deadline
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => lines.push(line));
    const error = Object.assign(new Error('DynamoDB PutItem got no definite answer'), { name: 'OutcomeUnknownError' });

    // When it is logged
    logFailure({ kind: 'unknown', step: 'put-item', key: 'node/x', error }, 'req-2');

    // Then the line marks the outcome unknown and names the kept object
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        level: 'ERROR',
        message: 'storage write outcome unknown, object kept',
        outcome: 'unknown',
        step: 'put-item',
        key: 'node/x',
        error: 'OutcomeUnknownError: DynamoDB PutItem got no definite answer',
        requestId: 'req-2',
      },
    ]);
  });
});
