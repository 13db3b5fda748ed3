/**
 * The Kubernetes objects `npm run k8s` writes, typed with only the fields it sets: a ConfigMap and
 * a Secret (core/v1), and grafana's k6-operator TestRun (k6.io/v1alpha1). The field names are the
 * API's; k8s/validate holds them to the published core/v1 schemas and to the TestRun schema in
 * k8s/schemas/.
 */

export interface ObjectMeta {
  name: string;
  labels: Record<string, string>;
}

export interface ConfigMap {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: ObjectMeta;
  data: Record<string, string>;
}

export interface Secret {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: ObjectMeta;
  type: 'Opaque';
  /** Plain text; the API server stores it base64-encoded in `data`. */
  stringData: Record<string, string>;
}

export interface EnvVar {
  name: string;
  value: string;
}

/** CPU and memory as Kubernetes quantities (`1`, `250m`, `1Gi`). */
export interface Compute {
  cpu: string;
  memory: string;
}

export interface ResourceRequirements {
  requests: Compute;
  limits: Compute;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
}

export type Volume =
  | { name: string; emptyDir: Record<string, never> }
  | { name: string; secret: { secretName: string } }
  | { name: string; configMap: { name: string; items: { key: string; path: string }[] } };

/** k6-operator's own container type for `initContainers`: a subset of a Pod's container, plus `restartPolicy`. */
export interface InitContainer {
  name: string;
  image: string;
  /** `Always` makes it a native sidecar (Kubernetes ≥ 1.29): it runs beside k6 and is stopped after it. */
  restartPolicy: 'Always';
  command: string[];
  env: EnvVar[];
  volumeMounts: VolumeMount[];
  resources: ResourceRequirements;
}

/** k6-operator's Pod settings for the runners (and, here, the initializer). */
export interface PodSettings {
  image: string;
  env: EnvVar[];
  resources?: ResourceRequirements;
  volumes?: Volume[];
  volumeMounts?: VolumeMount[];
  initContainers?: InitContainer[];
}

export interface TestRun {
  apiVersion: 'k6.io/v1alpha1';
  kind: 'TestRun';
  metadata: ObjectMeta;
  spec: {
    parallelism: number;
    separate: boolean;
    cleanup: 'post';
    script: { configMap: { name: string; file: string } };
    /** Split on spaces by the operator and passed to `k6 run`. */
    arguments: string;
    initializer: PodSettings;
    runner: PodSettings;
  };
}

export interface Manifests {
  configMap: ConfigMap;
  secret: Secret;
  testRun: TestRun;
}
