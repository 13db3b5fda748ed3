import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildPaths, toolPaths } from '../toolchain/paths.ts';
import { bundleNodeFunction } from './bundle.ts';
import { useScratchStorage } from '../local/testing/scratch-storage.ts';

const storage = useScratchStorage();

/** The Node that Lambda's `nodejs24.x` matches, once the toolchain has installed it. */
const node = existsSync(toolPaths.node24) ? toolPaths.node24 : process.execPath;

/** Loads the bundle as Lambda would (`index.handler`), calls it twice, prints both results. */
const invokeTwice = `
const { handler } = await import(process.argv[1]);
// What Lambda's context gives the handler: its request id and the time left before the timeout.
const context = { awsRequestId: 'bundle-test', getRemainingTimeInMillis: () => 10_000 };
const results = [await handler({}, context), await handler({}, context)];
process.stdout.write(JSON.stringify(results));
`;

describe('bundleNodeFunction', () => {
  it('builds one ESM file that answers as the function under a plain Node', async () => {
    // Given the function bundled
    const bundle = await bundleNodeFunction();
    expect(bundle.file).toBe(path.join(buildPaths.nodeFunction, 'index.mjs'));
    const code = await readFile(bundle.file, 'utf8');
    expect(bundle.bytes).toBe(Buffer.byteLength(code));
    // esbuild's CommonJS shim throws "Dynamic require" at run time in an ES module
    expect(code).not.toContain('Dynamic require of');

    // When a separate Node process with only the function's environment loads it and calls it twice
    const { stdout } = await promisify(execFile)(node, ['--input-type=module', '-e', invokeTwice, pathToFileURL(bundle.file).href], {
      env: { PATH: process.env.PATH, ...storage.env },
      timeout: 30_000,
    });

    // Then both calls succeed, the first as a cold start and the second warm
    const [first, second] = JSON.parse(stdout) as APIGatewayProxyStructuredResultV2[];
    expect(first).toMatchObject({ statusCode: 201, headers: { 'x-cold-start': 'true' } });
    expect(JSON.parse(first?.body ?? '')).toMatchObject({ runtime: 'node', coldStart: true });
    expect(second).toMatchObject({ statusCode: 201, headers: { 'x-cold-start': 'false' } });
    expect(JSON.parse(second?.body ?? '')).toMatchObject({ runtime: 'node', coldStart: false });
    // And both UUIDs really reached the bucket and the table
    expect(await storage.objects()).toHaveLength(2);
    expect(await storage.items()).toHaveLength(2);
  });
});
