import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { writeK8sRun } from '../cli/k8s.ts';
import { spawnCommand } from '../toolchain/command.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { buildManifests, manifestsFile, manifestsYaml, type K8sRun } from './manifests.ts';
import type { Manifests } from './objects.ts';
import { fakeBucket, fakeK8s } from './testing/fake-context.ts';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** `npm run k8s -- <args>` in a temp folder; the run folder and the manifests as written. */
async function written(args: string[], env: Record<string, string> = {}) {
  const fake = await fakeK8s({ env });
  folders.push(fake.dir);
  const folder = await writeK8sRun(args, fake.context);
  const text = await readFile(path.join(folder, manifestsFile), 'utf8');
  const [configMap, secret, testRun] = parseAllDocuments(text).map((document) => document.toJS());
  return { folder, text, printed: fake.printed, manifests: { configMap, secret, testRun } as Manifests };
}

const envOf = (manifests: Manifests) => Object.fromEntries(manifests.testRun.spec.runner.env.map(({ name, value }) => [name, value]));

describe('npm run k8s -- --parallelism 4 --target aws', () => {
  it('gives every runner the whole test\'s RATE and the deployed API, not a quarter of it', async () => {
    // Given a total of 80 requests/s per route asked for
    const { manifests } = await written(['--parallelism', '4', '--target', 'aws'], { RATE: '80', DURATION: '30s' });
    // Then the one runner spec of four runners says 80: k6 shares the arrival rate out by segment
    const env = envOf(manifests);
    expect(manifests.testRun.spec.parallelism).toBe(4);
    expect(env).toMatchObject({ RATE: '80', DURATION: '30s', TARGET: 'aws', MODE: 'parallel', BASE_URL: 'https://abc123def4.execute-api.eu-west-1.amazonaws.com', RESULTS_DIR: '/results', K6_NO_USAGE_REPORT: 'true' });
    expect(env.RUN_ID).toBe('2026-12-02T14-00-00Z-k8s-smoke');
    expect(env.K6_VERSION).toBe('k6 v1.8.1 (grafana/k6:1.8.1)');
    expect(env.MACHINE).toContain('1 CPU and 1Gi');
    expect(manifests.testRun.spec.initializer.env).toEqual(manifests.testRun.spec.runner.env);
  });

  it('presigns a raw output and a summary for each of the four segments, under the run\'s own prefix', async () => {
    const { manifests } = await written(['--parallelism', '4']);
    const urls = manifests.secret.stringData;
    // Then eight URLs, one per file the sidecar reads, each a PUT to the stack's bucket in its region
    expect(Object.keys(urls).sort()).toEqual(
      ['1', '2', '3', '4'].flatMap((i) => [`${i}-of-4.smoke.raw.json.gz`, `${i}-of-4.smoke.summary.json`]),
    );
    const url = new URL(urls['3-of-4.smoke.summary.json']!);
    expect(url.host).toBe(`${fakeBucket}.s3.eu-west-1.amazonaws.com`);
    expect(url.pathname).toBe('/results/2026-12-02T14-00-00Z-k8s-smoke/segments/3-of-4/smoke.summary.json');
    // The smoke test's 10 s and an hour for the pods to start
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(10 + 3_600));
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIAFAKEFAKEFAKEFAKE\/20261202\/eu-west-1\/s3\/aws4_request$/);
  });

  it('mounts the script, the URLs and a shared results folder for a native sidecar', async () => {
    const { manifests } = await written(['--parallelism', '4', '--test', 'ramp', '--cpu', '2', '--memory', '2Gi', '--separate']);
    const { spec } = manifests.testRun;
    expect(spec.script.configMap).toEqual({ name: manifests.configMap.metadata.name, file: 'ramp.js' });
    expect(Object.keys(manifests.configMap.data)).toEqual(['ramp.js', 'ramp.js.map', 'upload-results.sh']);
    expect(spec.arguments).toBe('--out json=/results/ramp.raw.json.gz');
    expect(spec).toMatchObject({ separate: true, cleanup: 'post' });
    expect(spec.runner.resources).toEqual({ requests: { cpu: '2', memory: '2Gi' }, limits: { cpu: '2', memory: '2Gi' } });
    const [sidecar] = spec.runner.initContainers!;
    expect(sidecar).toMatchObject({ restartPolicy: 'Always', image: 'curlimages/curl:8.12.1', command: ['sh', '/uploader/upload-results.sh'] });
    expect(sidecar!.env).toContainEqual({ name: 'TEST', value: 'ramp' });
    expect(spec.initializer.initContainers).toBeUndefined();
  });

  it('prints how to apply, watch, fetch and merge', async () => {
    const { folder, printed, manifests } = await written(['--parallelism', '2']);
    const relative = path.relative(process.cwd(), folder);
    expect(printed.join('\n')).toContain(`kubectl apply --server-side -f ${relative}/manifests.yaml`);
    expect(printed.join('\n')).toContain(`kubectl get testrun ${manifests.testRun.metadata.name} -w`);
    expect(printed.join('\n')).toContain(`aws s3 cp --recursive s3://${fakeBucket}/results/${path.basename(folder)}/ ${relative}/`);
    expect(printed.join('\n')).toContain(`npm run compare -- ${relative}`);
  });

  it('passes kubeconform against the local schemas and decodes strictly as k8s.io/api types (go test)', async () => {
    // Given the manifests of a four-runner run
    const { folder } = await written(['--parallelism', '4', '--target', 'aws']);
    // When the Go validation reads them (the first run fetches its modules from the proxy)
    const { code, output } = await spawnCommand('go', ['test', '-count=1', '-v', './...'], {
      cwd: path.join(repoRoot, 'k8s', 'validate'),
      env: { ...process.env, GOFLAGS: `${process.env.GOFLAGS ?? ''} -mod=mod`.trim(), LAMBDA_DUEL_MANIFESTS: folder },
    });
    // Then every check passed, the written manifests' among them (not skipped)
    expect(code, output).toBe(0);
    expect(output).toContain('--- PASS: TestWrittenManifests');
    expect(output).toContain('--- PASS: TestSchemasRefuseBrokenManifests');
  }, 240_000);
});

describe('the manifests builder', () => {
  const run = (overrides: Partial<K8sRun> = {}): K8sRun => ({
    test: 'smoke',
    runId: '2026-12-02T14-00-00Z-k8s-smoke',
    parallelism: 1,
    separate: false,
    script: { js: 'export default function () {}\n', sourceMap: undefined },
    uploaderScript: '#!/bin/sh\n',
    uploads: [],
    env: [],
    compute: { cpu: '1', memory: '1Gi' },
    ...overrides,
  });

  it('names every object after the run in lower case, short enough for the operator\'s service names', () => {
    const { testRun, configMap, secret } = buildManifests(run({ runId: '2026-12-02T14-00-00Z-k8s-2h_test' }));
    expect(testRun.metadata.name).toBe('lambda-duel-2026-12-02t14-00-00z-k8s-2h-test');
    expect(`${testRun.metadata.name}-service-256`.length).toBeLessThanOrEqual(63);
    expect([configMap.metadata.name, secret.metadata.name]).toEqual([`${testRun.metadata.name}-script`, `${testRun.metadata.name}-upload-urls`]);
    expect(testRun.metadata.labels['lambda-duel/run']).toBe('2026-12-02T14-00-00Z-k8s-2h_test');
  });

  it('refuses, in one line, a script over the ConfigMap limit of 1 MiB', () => {
    expect(() => buildManifests(run({ script: { js: 'x'.repeat(2 ** 20), sourceMap: undefined } }))).toThrow(
      /^the ConfigMap lambda-duel-.*-script would hold 1\.00 MiB, over Kubernetes' 1 MiB limit: the bundled test is too large for a ConfigMap$/,
    );
  });

  it('writes YAML that reads back as the objects, without anchors', () => {
    const manifests = buildManifests(run({ env: [{ name: 'RATE', value: '50' }] }));
    const text = manifestsYaml(manifests, 'a header\nof two lines');
    expect(text.startsWith('# a header\n# of two lines\napiVersion: v1\n')).toBe(true);
    expect(text).not.toMatch(/[&*]a\d/);
    expect(parseAllDocuments(text).map((document) => document.toJS())).toEqual([manifests.configMap, manifests.secret, manifests.testRun]);
    expect(parse(text.split('---\n')[0]!).data['smoke.js']).toBe(manifests.configMap.data['smoke.js']);
  });
});
