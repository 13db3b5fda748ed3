import { uploaderImage } from './images.ts';
import type { InitContainer, Volume, VolumeMount } from './objects.ts';

/** The sidecar's script, beside the test script in the run's ConfigMap. */
export const uploaderScriptKey = 'upload-results.sh';

/** Where k6 writes in a runner (an emptyDir the sidecar reads): RESULTS_DIR and `--out json=`. */
export const resultsMount = '/results';

const volumes = { results: 'results', urls: 'upload-urls', uploader: 'uploader' } as const;
const urlsMount = '/upload-urls';
const uploaderMount = '/uploader';

export interface SidecarNames {
  test: string;
  configMapName: string;
  secretName: string;
}

/** What the runner pod gains for the sidecar: the shared results folder, the URLs, the script. */
export function sidecarVolumes(names: SidecarNames): Volume[] {
  return [
    { name: volumes.results, emptyDir: {} },
    { name: volumes.urls, secret: { secretName: names.secretName } },
    { name: volumes.uploader, configMap: { name: names.configMapName, items: [{ key: uploaderScriptKey, path: uploaderScriptKey }] } },
  ];
}

/** k6's own mount of the results folder. */
export const k6ResultsMount: VolumeMount = { name: volumes.results, mountPath: resultsMount };

/**
 * A native sidecar (`restartPolicy: Always`): started before k6, stopped after it. Requests equal
 * limits, as k6's do, so the pod stays in the Guaranteed QoS class; a quarter CPU is for TLS at
 * upload speed, since the upload has only the pod's grace period once k6 has exited.
 */
export function uploaderSidecar(names: SidecarNames): InitContainer {
  const compute = { cpu: '250m', memory: '64Mi' };
  return {
    name: 'upload-results',
    image: uploaderImage,
    restartPolicy: 'Always',
    command: ['sh', `${uploaderMount}/${uploaderScriptKey}`],
    env: [
      { name: 'TEST', value: names.test },
      { name: 'RESULTS_DIR', value: resultsMount },
      { name: 'URLS_DIR', value: urlsMount },
    ],
    volumeMounts: [
      { name: volumes.results, mountPath: resultsMount, readOnly: true },
      { name: volumes.urls, mountPath: urlsMount, readOnly: true },
      { name: volumes.uploader, mountPath: uploaderMount, readOnly: true },
    ],
    resources: { requests: compute, limits: compute },
  };
}
