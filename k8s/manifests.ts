import { stringify } from 'yaml';
import type { ScenarioName } from '../k6.config.ts';
import { assertFits } from './data-limit.ts';
import { runnerImage } from './images.ts';
import type { Compute, EnvVar, Manifests } from './objects.ts';
import { segmentFile, urlKey, type SegmentUpload } from './upload-urls.ts';
import { k6ResultsMount, resultsMount, sidecarVolumes, uploaderScriptKey, uploaderSidecar } from './uploader-sidecar.ts';

/** The one file `npm run k8s` writes into the run folder (which later holds the results, and compare's files). */
export const manifestsFile = 'manifests.yaml';

export interface K8sRun {
  test: ScenarioName;
  /** The run folder's name: every runner's RUN_ID and the S3 prefix its results go under. */
  runId: string;
  parallelism: number;
  /** k6-operator's `separate`: one runner per node (a pod anti-affinity rule). */
  separate: boolean;
  /** dist/<test>.js, and its source map so that k6 names the TypeScript lines of an error. */
  script: { js: string; sourceMap: string | undefined };
  uploaderScript: string;
  uploads: readonly SegmentUpload[];
  env: EnvVar[];
  /** Each k6 container's CPU and memory, requested and limited alike. */
  compute: Compute;
}

/**
 * A Kubernetes name from the run's: lower case, letters, digits and dashes. The operator names
 * jobs and services after the TestRun (`<name>-service-<i>`), which must stay within 63 characters.
 */
export function objectName(runId: string): string {
  return `lambda-duel-${runId.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/** The ConfigMap (the test and the sidecar's script), the Secret (the URLs) and the TestRun. */
export function buildManifests(run: K8sRun): Manifests {
  const name = objectName(run.runId);
  const labels = { 'app.kubernetes.io/part-of': 'lambda-duel', 'lambda-duel/run': run.runId };
  const names = { test: run.test, configMapName: `${name}-script`, secretName: `${name}-upload-urls` };
  const scriptFile = `${run.test}.js`;
  const data = {
    [scriptFile]: run.script.js,
    ...(run.script.sourceMap === undefined ? {} : { [`${scriptFile}.map`]: run.script.sourceMap }),
    [uploaderScriptKey]: run.uploaderScript,
  };
  const urls = Object.fromEntries(run.uploads.map((upload) => [urlKey(upload), upload.url]));
  assertFits('ConfigMap', names.configMapName, data, 'the bundled test is too large for a ConfigMap');
  assertFits('Secret', names.secretName, urls, 'fewer runners (--parallelism) need fewer URLs');
  return {
    configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: names.configMapName, labels }, data },
    secret: { apiVersion: 'v1', kind: 'Secret', metadata: { name: names.secretName, labels }, type: 'Opaque', stringData: urls },
    testRun: {
      apiVersion: 'k6.io/v1alpha1',
      kind: 'TestRun',
      metadata: { name, labels },
      spec: {
        parallelism: run.parallelism,
        separate: run.separate,
        // The results are in S3 by the time the runners end: nothing in the pods is worth keeping.
        cleanup: 'post',
        script: { configMap: { name: names.configMapName, file: scriptFile } },
        arguments: `--out json=${resultsMount}/${segmentFile.raw(run.test)}`,
        // Given, so that it does not inherit the runner's sidecar (it only inspects the script).
        initializer: { image: runnerImage, env: run.env },
        runner: {
          image: runnerImage,
          env: run.env,
          resources: { requests: run.compute, limits: run.compute },
          volumes: sidecarVolumes(names),
          volumeMounts: [k6ResultsMount],
          initContainers: [uploaderSidecar(names)],
        },
      },
    },
  };
}

/** One multi-document YAML file, in the order `kubectl apply` needs: what the TestRun refers to first. */
export function manifestsYaml(manifests: Manifests, header: string): string {
  const documents = [manifests.configMap, manifests.secret, manifests.testRun].map((document) => stringify(document, { lineWidth: 0, aliasDuplicateObjects: false }));
  return `${header
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n')}\n${documents.join('---\n')}`;
}
