import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions, storage, type FunctionDeclaration } from '../../functions.config.ts';
import { parseReportLine } from '../../formats/platform-log.ts';
import { spawnCommand } from '../../toolchain/command.ts';
import { environmentsPath } from '../defaults.ts';
import { launchSpec } from '../lambda/launch.ts';
import { startStandIn, type StandIn } from '../stand-in.ts';
import { localClients } from '../storage/resources.ts';
import { storageFromEnv } from '../storage/index.ts';
import { expectTimeoutThenFreshEnvironment, functionLog, reportsSince } from '../testing/run-records.ts';
import { settled } from '../testing/settled.ts';
import { testFunctionDir } from '../testing/test-functions.ts';

/** The declared Python UUID writer, built by `npm run build`, with few environments. */
function pythonWriter(overrides: Partial<FunctionDeclaration> = {}): FunctionDeclaration {
  return { ...functions.python, reservedConcurrency: 5, ...overrides };
}

const logDir = () => mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-python-'));

async function post(standIn: StandIn, route: string, body?: unknown) {
  const response = await fetch(`${standIn.url}${route}`, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}


describe('the Python function under the managed python runtime (awslambdaric), through the stand-in', () => {
  let standIn: StandIn;
  const { s3, dynamodb } = localClients(process.env);

  beforeAll(async () => {
    standIn = await startStandIn({
      functions: [
        pythonWriter(),
        pythonWriter({ name: 'python-unconfigured', route: { method: 'POST', path: '/python-unconfigured' }, usesStorage: false }),
        {
          ...pythonWriter({ name: 'python-sleep', route: { method: 'POST', path: '/python-sleep' }, usesStorage: false, timeoutSeconds: 1 }),
          code: { ...functions.python.code, sourceDir: '', bundleDir: testFunctionDir('python-sleep') },
        },
      ],
      storage: storageFromEnv(process.env),
      logDir: logDir(),
    });
  });
  afterAll(async () => {
    await standIn?.stop();
    s3.destroy();
    dynamodb.destroy();
  });

  it('imports the boto3 vendored into its artefact, not one of the runtime’s', async () => {
    // Given the process Lambda's python runtime would start for the function
    const spec = launchSpec(pythonWriter(), { region: 'us-east-1', awsEnv: {}, storageNames: storage, nodeRuntimeFile: '' });
    // When that interpreter, with that environment, is asked where boto3 comes from
    const { code, output } = await spawnCommand(spec.command, ['-c', 'import boto3, awslambdaric; print(boto3.__file__)'], {
      cwd: spec.cwd,
      env: spec.env,
    });
    // Then it is the task root's copy, and the runtime client is there too
    expect(code).toBe(0);
    expect(output.trim()).toBe(path.join(spec.cwd, 'boto3', '__init__.py'));
  });

  it('answers 201 cold then warm, stores the pair, and only the cold REPORT has Init Duration', async () => {
    // Given no environment
    expect((await fetch(`${standIn.url}${environmentsPath}`, { method: 'DELETE' })).status).toBe(200);
    const since = Date.now();

    // When the route is called twice
    const first = await post(standIn, '/python');
    const second = await post(standIn, '/python');

    // Then both answer the contract, the first cold and the second warm
    expect([first.status, second.status]).toEqual([201, 201]);
    const cold = JSON.parse(first.text) as Record<string, unknown>;
    expect(Object.keys(cold)).toEqual(['id', 'runtime', 'key', 'coldStart']);
    expect(cold).toMatchObject({ runtime: 'python', key: `python/${cold.id}`, coldStart: true });
    expect(first.headers.get('x-cold-start')).toBe('true');
    expect(JSON.parse(second.text)).toMatchObject({ coldStart: false });
    expect(second.headers.get('x-cold-start')).toBe('false');

    // And the object and the item are there, pointing at each other
    const object = await s3.send(new GetObjectCommand({ Bucket: standIn.storage.bucketName, Key: cold.key as string }));
    expect(await object.Body?.transformToString()).toBe(cold.id);
    const item = await dynamodb.send(new GetItemCommand({ TableName: standIn.storage.tableName, Key: { id: { S: cold.id as string } } }));
    expect(item.Item).toMatchObject({ runtime: { S: 'python' }, s3Key: { S: cold.key } });

    // And the REPORT lines say cold then warm, in one environment
    const [coldReport, warmReport] = await reportsSince(standIn, 'python', since, 2);
    expect(coldReport?.initDurationMs).toBeGreaterThan(0);
    expect(warmReport).not.toHaveProperty('initDurationMs');
    expect(warmReport?.environmentId).toBe(coldReport?.environmentId);
    const lines = (await functionLog(standIn, 'python')).split('\n').flatMap((line) => parseReportLine(line) ?? []);
    expect(lines.find((line) => line.requestId === coldReport?.requestId)?.initDurationMs).toBeGreaterThan(0);
    expect(warmReport?.maxMemoryUsedMb).toBeGreaterThan(10);
  });

  it('fails its init naming the missing variable, and answers 500', async () => {
    // When the function without BUCKET_NAME and TABLE_NAME is called
    const response = await post(standIn, '/python-unconfigured');

    // Then API Gateway answers 500, and the log has the runtime's init error naming the variable
    expect(response.status).toBe(500);
    const log = await settled(() => functionLog(standIn, 'python-unconfigured'), (text) => text.includes('INIT_REPORT'));
    expect(log).toContain('BUCKET_NAME is not set');
    expect(log).toMatch(/INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error/);
  });

  it('is killed past its timeout, and the next call starts a fresh environment', async () => {
    // When a python function sleeps past its 1 s timeout
    const timedOut = await post(standIn, '/python-sleep', { ms: 3_000 });

    // Then the caller gets API Gateway's 500 and the log says why
    expect(timedOut.status).toBe(500);
    expect(await settled(() => functionLog(standIn, 'python-sleep'), (log) => log.includes('Task timed out'))).toContain(
      'Task timed out after 1.00 seconds',
    );

    // And the next call runs in a new environment, cold
    const next = await post(standIn, '/python-sleep', { ms: 1 });
    expect(next.status).toBe(200);
    await expectTimeoutThenFreshEnvironment(standIn, 'python-sleep');
  });
});
