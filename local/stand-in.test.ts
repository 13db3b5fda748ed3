import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contenderNames, functions, type FunctionDeclaration } from '../functions.config.ts';
import { environmentsPath } from './defaults.ts';
import type { MemoryEnforcement } from './lambda/memory-limit.ts';
import { parseReportLine } from '../formats/platform-log.ts';
import { startStandIn, type StandIn } from './stand-in.ts';
import { storageFromEnv } from './storage/index.ts';
import { expectTimeoutThenFreshEnvironment, functionLog, reports, reportsSince } from './testing/run-records.ts';
import { settled } from './testing/settled.ts';
import { testFunctionDir, type TestFunction } from './testing/test-functions.ts';
import { localClients } from './storage/resources.ts';

/** A small Node function from local/testing/functions, run the way the real functions are. */
function testFunction(name: TestFunction, overrides: Partial<FunctionDeclaration> = {}): FunctionDeclaration {
  return {
    name,
    route: { method: 'POST', path: `/${name}` },
    code: { kind: 'node', lambdaRuntime: 'nodejs24.x', handler: 'index.handler', entry: '', bundleDir: testFunctionDir(name) },
    architecture: 'x86_64',
    memoryMb: 128,
    timeoutSeconds: 3,
    reservedConcurrency: 5,
    usesStorage: false,
    environment: {},
    ...overrides,
  };
}

async function post(standIn: StandIn, route: string, body?: unknown): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${standIn.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}


async function dropEnvironments(standIn: StandIn): Promise<void> {
  const response = await fetch(`${standIn.url}${environmentsPath}`, { method: 'DELETE' });
  expect(response.status).toBe(200);
}

const logDir = () => mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-stand-in-'));

describe('the stand-in runs every contender behind one contract', () => {
  let standIn: StandIn;
  const { s3, dynamodb } = localClients(process.env);

  beforeAll(async () => {
    standIn = await startStandIn({ functions: contenderNames.map((name) => functions[name]), storage: storageFromEnv(process.env), logDir: logDir() });
  });
  afterAll(async () => {
    await standIn?.stop();
    s3.destroy();
    dynamodb.destroy();
  });

  describe.each(contenderNames)('POST /%s', (runtime) => {
    it('answers 201 with the contract body and stores exactly that object and item', async () => {
      // When the route is called
      const response = await post(standIn, `/${runtime}`);

      // Then the answer is the contract's
      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.headers.get('apigw-requestid')).toBeTruthy();
      const body = JSON.parse(response.text) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['coldStart', 'id', 'key', 'runtime']);
      expect(body).toMatchObject({ runtime, key: `${runtime}/${body.id}` });
      expect(response.headers.get('x-cold-start')).toBe(String(body.coldStart));

      // And the object and the item are there, pointing at each other
      const object = await s3.send(new GetObjectCommand({ Bucket: standIn.storage.bucketName, Key: body.key as string }));
      expect(await object.Body?.transformToString()).toBe(body.id);
      const item = await dynamodb.send(new GetItemCommand({ TableName: standIn.storage.tableName, Key: { id: { S: body.id as string } } }));
      expect(item.Item).toMatchObject({ runtime: { S: runtime }, s3Key: { S: body.key } });
    });

    it('starts cold after the environments are dropped, then stays warm; only the cold REPORT has Init Duration', async () => {
      // Given no environment
      await dropEnvironments(standIn);
      const since = Date.now();

      // When the route is called twice in a row
      const first = await post(standIn, `/${runtime}`);
      const second = await post(standIn, `/${runtime}`);

      // Then the first is a cold start and the second is not
      expect(JSON.parse(first.text)).toMatchObject({ coldStart: true });
      expect(JSON.parse(second.text)).toMatchObject({ coldStart: false });
      const [cold, warm] = await reportsSince(standIn, runtime, since, 2);
      expect(cold?.initDurationMs).toBeGreaterThan(0);
      expect(warm).not.toHaveProperty('initDurationMs');
      expect(warm?.environmentId).toBe(cold?.environmentId);

      // And the CloudWatch-style REPORT lines say the same
      const lines = (await functionLog(standIn, runtime)).split('\n').flatMap((line) => parseReportLine(line) ?? []);
      const byId = new Map(lines.map((line) => [line.requestId, line]));
      expect(byId.get(cold!.requestId)?.initDurationMs).toBeCloseTo(cold!.initDurationMs!, 1);
      expect(byId.get(warm!.requestId)).not.toHaveProperty('initDurationMs');
      expect(byId.get(warm!.requestId)?.maxMemoryUsedMb).toBeGreaterThan(5);
      expect(byId.get(warm!.requestId)?.memorySizeMb).toBe(functions[runtime].memoryMb);
    });

    it('serves 20 concurrent requests from several environments, all successfully', async () => {
      // Given no environment
      await dropEnvironments(standIn);
      const since = Date.now();

      // When 20 requests arrive at once
      const responses = await Promise.all(Array.from({ length: 20 }, () => post(standIn, `/${runtime}`)));

      // Then all succeed, and more than one environment served them
      expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
      const served = await reportsSince(standIn, runtime, since, 20);
      expect(new Set(served.map((report) => report.environmentId)).size).toBeGreaterThan(1);
    });
  });

  it('answers an unknown route with 404, as API Gateway does', async () => {
    const response = await post(standIn, '/nowhere');
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text)).toEqual({ message: 'Not Found' });
  });
});

describe('the stand-in enforces Lambda limits', () => {
  let standIn: StandIn;

  beforeAll(async () => {
    standIn = await startStandIn({
      functions: [
        testFunction('echo'),
        testFunction('sleep', { timeoutSeconds: 1 }),
        testFunction('crash'),
        testFunction('init-error'),
        testFunction('throw'),
      ],
      storage: storageFromEnv(process.env),
      logDir: logDir(),
    });
  });
  afterAll(() => standIn?.stop());

  it('gives the function the payload 2.0 event API Gateway builds, field by field', async () => {
    // When a request with a query string, cookies and a JSON body arrives
    const response = await fetch(`${standIn.url}/echo?b=2&a=1&a=3`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'c1=v1; c2=v2', 'x-custom': 'yes', 'user-agent': 'stand-in-test' },
      body: JSON.stringify({ hello: 'world' }),
    });

    // Then the function saw AWS's event shape
    expect(response.status).toBe(200);
    const event = JSON.parse(await response.text());
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /echo',
      rawPath: '/echo',
      rawQueryString: 'b=2&a=1&a=3',
      cookies: ['c1=v1', 'c2=v2'],
      queryStringParameters: { a: '1,3', b: '2' },
      body: '{"hello":"world"}',
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path: '/echo', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'stand-in-test' },
        routeKey: 'POST /echo',
        stage: '$default',
      },
    });
    expect(event.headers).toMatchObject({ 'content-type': 'application/json', 'x-custom': 'yes' });
    expect(event.requestContext.requestId).toBe(response.headers.get('apigw-requestid'));
    expect(event.requestContext.timeEpoch).toBeGreaterThan(Date.now() - 60_000);
  });

  it('kills a function past its timeout, answers 500, and starts a fresh environment next time', async () => {
    // When the function sleeps past its 1 s timeout
    const timedOut = await post(standIn, '/sleep', { ms: 3_000 });

    // Then the caller gets API Gateway's 500 and the log says why
    expect(timedOut.status).toBe(500);
    expect(JSON.parse(timedOut.text)).toEqual({ message: 'Internal Server Error' });
    expect(await settled(() => functionLog(standIn, 'sleep'), (log) => log.includes('Task timed out'))).toContain('Task timed out after 1.00 seconds');

    // And the next call runs in a new environment, cold
    const next = await post(standIn, '/sleep', { ms: 1 });
    expect(next.status).toBe(200);
    await expectTimeoutThenFreshEnvironment(standIn, 'sleep');
  });

  it('turns a crash into a 500 and recovers with a new environment', async () => {
    // When the runtime process exits during an invocation
    const crashed = await post(standIn, '/crash', { crash: true });

    // Then the caller gets a 500 and the log has Lambda's exit error
    expect(crashed.status).toBe(500);
    expect(await settled(() => functionLog(standIn, 'crash'), (log) => log.includes('Runtime exited'))).toMatch(
      /Error: Runtime exited with error: exit status \d+\nRuntime.ExitError/,
    );

    // And the next call is served by a fresh environment
    const next = await post(standIn, '/crash', { crash: false });
    expect(next.status).toBe(200);
    const [, recovered] = await settled(() => reports(standIn, 'crash'), (all) => all.length >= 2);
    expect(recovered?.initDurationMs).toBeGreaterThan(0);
  });

  it('answers 500 when the function cannot initialise, and reports the failed INIT', async () => {
    const response = await post(standIn, '/init-error');
    expect(response.status).toBe(500);
    const log = await settled(() => functionLog(standIn, 'init-error'), (text) => text.includes('INIT_REPORT'));
    expect(log).toMatch(/INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error/);
  });

  it('answers 500 when the handler throws, keeping the environment', async () => {
    const first = await post(standIn, '/throw');
    const second = await post(standIn, '/throw');
    expect([first.status, second.status]).toEqual([500, 500]);
    const [a, b] = await settled(() => reports(standIn, 'throw'), (all) => all.length >= 2);
    expect(b?.environmentId).toBe(a?.environmentId);
    expect(a?.status).toBe('error');
  });
});

describe('the stand-in honours API Gateway integration timeout', () => {
  it('answers 503 when the function runs past the integration timeout', async () => {
    // Given a gateway whose integration limit is shorter than the function's run
    const standIn = await startStandIn({
      functions: [testFunction('sleep', { timeoutSeconds: 5 })],
      storage: storageFromEnv(process.env),
      logDir: logDir(),
      integrationTimeoutMs: 500,
    });
    try {
      // When the function takes longer
      const response = await post(standIn, '/sleep', { ms: 1_500 });

      // Then API Gateway gives up first
      expect(response.status).toBe(503);
      expect(JSON.parse(response.text)).toEqual({ message: 'Service Unavailable' });
    } finally {
      await standIn.stop();
    }
  });
});

describe.each<MemoryEnforcement>(['cgroup', 'sampling'])('the stand-in holds a function to its memory size (%s)', (memoryEnforcement) => {
  let standIn: StandIn;

  beforeAll(async () => {
    standIn = await startStandIn({
      functions: [testFunction('allocate', { memoryMb: 128 })],
      storage: storageFromEnv(process.env),
      logDir: logDir(),
      memoryEnforcement,
    });
  });
  afterAll(() => standIn?.stop());

  it('lets a function within its size keep what it holds, and reports its peak', async () => {
    // When the function takes 20 MB, twice
    await post(standIn, '/allocate', { mb: 20 });
    const response = await post(standIn, '/allocate', { mb: 20 });

    // Then it still holds both, and its peak is reported below the size
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ heldMb: 40 });
    const [, second] = await settled(() => reports(standIn, 'allocate'), (all) => all.length >= 2);
    expect(second).toMatchObject({ status: 'success' });
    expect(second!.maxMemoryUsedMb).toBeGreaterThan(40);
    expect(second!.maxMemoryUsedMb).toBeLessThan(128);
  });

  it('kills a function that grows past its memory size and reports the size as Max Memory Used', async () => {
    // When the function allocates more than its 128 MB
    const response = await post(standIn, '/allocate', { mb: 400 });

    // Then it was killed, as Lambda kills it
    expect(response.status).toBe(500);
    expect(await settled(() => functionLog(standIn, 'allocate'), (log) => log.includes('signal: killed'))).toContain(
      'Runtime exited with error: signal: killed',
    );
    const all = await settled(() => reports(standIn, 'allocate'), (logged) => logged.some((report) => report.status === 'error'));
    expect(all.at(-1)).toMatchObject({ status: 'error', maxMemoryUsedMb: 128, errorType: 'Runtime.ExitError' });
  });
});
