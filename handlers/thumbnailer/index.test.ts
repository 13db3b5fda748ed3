import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { refusingEndpoint } from '../../local/testing/silent-server.ts';
import { awsVariables } from '../../local/storage/variables.ts';
import { variables } from './config.ts';
import { jpeg } from './testing/images.ts';
import { eventOf, putRecord } from './testing/s3-events.ts';
import { useScratchThumbnailStorage } from './testing/scratch-thumbnail-storage.ts';

const storage = useScratchThumbnailStorage();

/** What Lambda hands the function: its request id and the time left before a 10 s timeout. */
function context(): Context {
  const deadline = Date.now() + 10_000;
  return { awsRequestId: 'request-under-test', getRemainingTimeInMillis: () => deadline - Date.now() } as Context;
}

/** The environment the stack would give the Node thumbnailer, pointed at this test's storage. */
function env(): Record<string, string> {
  const aws = Object.fromEntries(Object.values(awsVariables).map((name) => [name, process.env[name] ?? '']));
  return { ...aws, [variables.uploadPrefix]: 'uploads/node/', [variables.thumbnailPrefix]: 'thumbnails/node/', [variables.tableName]: storage.table };
}

/**
 * A fresh module instance, as a new execution environment would load it, with the error log it
 * writes silenced and handed back as parsed lines.
 */
async function loadEntry(environment: Record<string, string | undefined>) {
  Object.entries(environment).forEach(([name, value]) => vi.stubEnv(name, value));
  vi.resetModules();
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  const { handler } = await import('./index.ts');
  return { handler, logLines: () => errors.mock.calls.map(([line]) => JSON.parse(String(line)) as unknown) };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('the thumbnailer entry point', () => {
  it('handles an event from its environment, and logs one JSON line for the record it refused', async () => {
    // Given the function loaded with its prefixes and table, and an event of a photo and a stray key
    const { handler, logLines } = await loadEntry(env());
    const photo = await jpeg(30, 20);
    await storage.upload('uploads/node/photo.jpg', photo);
    const event = eventOf(
      putRecord({ bucket: storage.bucket, key: 'uploads/node/photo.jpg', size: photo.length }),
      putRecord({ bucket: storage.bucket, key: 'thumbnails/node/photo.jpg', size: 10 }),
    );

    // When Lambda invokes it
    const summary = await handler(event, context());

    // Then one thumbnail is made, one failure recorded, and that failure is one log line
    expect(summary).toEqual({ done: 1, failed: 1, skipped: 0 });
    expect(await storage.keys()).toEqual(['thumbnails/node/photo.jpg', 'uploads/node/photo.jpg']);
    expect(logLines()).toEqual([
      {
        level: 'ERROR',
        message: 'upload refused, failure recorded',
        outcome: 'failed',
        bucket: storage.bucket,
        key: 'thumbnails/node/photo.jpg',
        errorType: 'outside-prefix',
        error: expect.stringContaining("names nothing under the upload prefix 'uploads/node/'"),
        requestId: 'request-under-test',
      },
    ]);
  });

  it('fails the invocation when the table is unreachable, logging the key it stopped at', async () => {
    // Given the function loaded with a DynamoDB endpoint where nothing listens
    const { handler, logLines } = await loadEntry({ ...env(), [awsVariables.dynamodbEndpoint]: await refusingEndpoint() });
    const event = eventOf(putRecord({ bucket: storage.bucket, key: 'elsewhere/x.jpg', size: 1 }));

    // When Lambda invokes it, the invocation fails so that Lambda retries it
    await expect(handler(event, context())).rejects.toThrow(/record 0 \(key 'elsewhere\/x.jpg'\) not finished, for Lambda to retry/);
    expect(logLines()).toEqual([expect.objectContaining({ outcome: 'retry', key: 'elsewhere/x.jpg', error: expect.stringContaining('ECONNREFUSED') })]);
  });

  it('fails the init, naming the variable, when the table is not configured', async () => {
    await expect(loadEntry({ ...env(), [variables.tableName]: '' })).rejects.toThrow(/^METADATA_TABLE_NAME is not set/);
  });
});
