import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { variables } from './config.ts';
import { uniqueName, useScratchStorage } from '../../local/testing/scratch-storage.ts';
import { startSilentServer } from '../../local/testing/silent-server.ts';

const storage = useScratchStorage();

/** What API Gateway sends for `POST /node`; the function reads none of it. */
const postNode = {
  version: '2.0',
  routeKey: 'POST /node',
  rawPath: '/node',
  rawQueryString: '',
  headers: {},
  isBase64Encoded: false,
} as unknown as APIGatewayProxyEventV2;
/** What Lambda hands the function: its request id, and the time left before the 10 s timeout. */
function contextWithTimeLeft(remainingMs: number): Context {
  const deadline = Date.now() + remainingMs;
  return { awsRequestId: 'request-under-test', getRemainingTimeInMillis: () => deadline - Date.now() } as Context;
}
const context = contextWithTimeLeft(10_000);

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A fresh module instance, as a new Lambda execution environment would load it. */
async function loadEntry(env: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  return import('./index.ts');
}

function bodyOf(result: APIGatewayProxyStructuredResultV2): unknown {
  return JSON.parse(result.body ?? '');
}

/** Silences the function's error log and hands back its lines, parsed. */
function captureErrorLog(): () => Record<string, unknown>[] {
  const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
  return () => spy.mock.calls.map(([line]) => JSON.parse(String(line)));
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('POST /node', () => {
  it('stores the new UUID once as an object and once as an item, and answers 201 with it', async () => {
    // Given a freshly loaded function with its bucket and table
    const { handler } = await loadEntry(storage.env);
    const before = new Date();

    // When it is called once
    const result = await handler(postNode, context);

    // Then it answers 201 with exactly the id, runtime, key and cold-start flag
    const body = bodyOf(result) as { id: string };
    const key = `node/${body.id}`;
    expect(result.statusCode).toBe(201);
    expect(result.headers).toEqual({ 'content-type': 'application/json', 'x-cold-start': 'true' });
    expect(body).toStrictEqual({ id: body.id, runtime: 'node', key, coldStart: true });
    // And exactly one object holds the UUID under that key
    expect(await storage.objects()).toEqual([{ key, body: body.id, contentType: 'text/plain' }]);
    // And exactly one item records it, stamped in UTC at the time of the call
    const items = await storage.items();
    expect(items).toEqual([{ id: body.id, runtime: 'node', s3Key: key, createdAt: expect.stringMatching(/Z$/) }]);
    const createdAt = new Date(items[0]?.createdAt ?? '');
    expect(createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(createdAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('answers every call with a new UUID v4', async () => {
    // Given a loaded function
    const { handler } = await loadEntry(storage.env);

    // When it is called ten times in a row
    const ids: string[] = [];
    for (let call = 0; call < 10; call++) ids.push((bodyOf(await handler(postNode, context)) as { id: string }).id);

    // Then every id is a version 4 UUID and no two are the same
    for (const id of ids) expect(id).toMatch(uuidV4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('flags only the first call of an execution environment as a cold start', async () => {
    // Given a freshly loaded function
    const { handler } = await loadEntry(storage.env);

    // When it is called twice
    const first = await handler(postNode, context);
    const second = await handler(postNode, context);

    // Then the first answer says cold start, in header and body, and the second does not
    expect(first.headers?.['x-cold-start']).toBe('true');
    expect(bodyOf(first)).toMatchObject({ coldStart: true });
    expect(second.headers?.['x-cold-start']).toBe('false');
    expect(bodyOf(second)).toMatchObject({ coldStart: false });
  });

  it('answers 502 and writes no item when the bucket is missing', async () => {
    // Given a function whose bucket does not exist
    const { handler } = await loadEntry({ ...storage.env, [variables.bucketName]: uniqueName('missing') });
    const errorLog = captureErrorLog();

    // When it is called
    const result = await handler(postNode, context);

    // Then the caller gets the fixed failure body and nothing of the cause
    expect(result.statusCode).toBe(502);
    expect(result.body).toBe('{"message":"storage unavailable"}');
    // And no item was written
    expect(await storage.items()).toEqual([]);
    // And the cause is logged as one structured line for this request
    expect(errorLog()).toEqual([
      expect.objectContaining({ level: 'ERROR', step: 'put-object', requestId: 'request-under-test', error: expect.stringMatching(/^NoSuchBucket: /) }),
    ]);
  });

  it('answers 502 and removes the object it wrote when the table is missing', async () => {
    // Given a function whose table does not exist
    const { handler } = await loadEntry({ ...storage.env, [variables.tableName]: uniqueName('missing') });
    const errorLog = captureErrorLog();

    // When it is called
    const result = await handler(postNode, context);

    // Then the caller gets the fixed failure body
    expect(result.statusCode).toBe(502);
    expect(result.body).toBe('{"message":"storage unavailable"}');
    // And no orphan object is left in the bucket
    expect(await storage.objects()).toEqual([]);
    // And the log names the failed step, without claiming anything was left behind
    const lines = errorLog();
    expect(lines).toEqual([
      expect.objectContaining({ level: 'ERROR', outcome: 'failed', step: 'put-item', error: expect.stringMatching(/^ResourceNotFoundException: /) }),
    ]);
    expect(lines[0]).not.toHaveProperty('cleanupError');
  });

  it('answers its own 502 within the time left when the table stalls, keeping the object and logging why', async () => {
    // Given a function whose table server takes requests and never answers, with 3 s left
    const silent = await startSilentServer();
    const { handler } = await loadEntry({ ...storage.env, [variables.dynamodbEndpoint]: silent.endpoint });
    const errorLog = captureErrorLog();
    const started = Date.now();

    // When it is called
    const result = await handler(postNode, contextWithTimeLeft(3_000)).finally(() => silent.close());

    // Then it answers the fixed 502 itself, before Lambda would have ended it
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result.statusCode).toBe(502);
    expect(result.body).toBe('{"message":"storage unavailable"}');
    // And the object is kept, named in one log line that says the outcome is unknown
    const objects = await storage.objects();
    expect(objects).toHaveLength(1);
    expect(errorLog()).toEqual([
      {
        level: 'ERROR',
        message: 'storage write outcome unknown, object kept',
        outcome: 'unknown',
        step: 'put-item',
        key: objects[0]?.key,
        error: expect.stringMatching(/^OutcomeUnknownError: DynamoDB PutItem got no definite answer/),
        requestId: 'request-under-test',
      },
    ]);
  });

  it.each([variables.bucketName, variables.tableName])('fails to load, naming %s, when it is missing or empty', async (variable) => {
    // Given the variable unset, then set to an empty string
    // When the function is loaded
    // Then loading fails with an error that names the variable
    const expected = { name: 'ConfigError', message: expect.stringContaining(variable) };
    await expect(loadEntry({ ...storage.env, [variable]: undefined })).rejects.toMatchObject(expected);
    await expect(loadEntry({ ...storage.env, [variable]: '' })).rejects.toMatchObject(expected);
  });

  it('loses no write under 50 concurrent calls', async () => {
    // Given a loaded function
    const { handler } = await loadEntry(storage.env);

    // When it is called 50 times at once
    const results = await Promise.all(Array.from({ length: 50 }, () => handler(postNode, context)));

    // Then every call succeeds with its own id
    expect(results.map((result) => result.statusCode)).toEqual(Array(50).fill(201));
    const keys = results.map((result) => (bodyOf(result) as { key: string }).key).sort();
    expect(new Set(keys).size).toBe(50);
    // And each id has its object and its item
    expect((await storage.objects()).map((object) => object.key).sort()).toEqual(keys);
    expect((await storage.items()).map((item) => item.s3Key).sort()).toEqual(keys);
  });
});
