/**
 * The one declaration of what gets deployed: the storage the functions write to and the functions
 * themselves. The CDK stack and the local stand-in both read it, so each number lives here only.
 */

/** Every contender writes to the same bucket and table; the key prefix tells them apart. */
export const storage = {
  /** Locally the bucket has this name; on AWS, CloudFormation names it and the function gets it by env. */
  bucketName: 'lambda-duel-objects',
  tableName: 'lambda-duel-items',
  /** The table's only key: the UUID, a string partition key. */
  partitionKey: { name: 'id', type: 'S' },
} as const;

export type Architecture = 'arm64' | 'x86_64';

export const architectures: readonly Architecture[] = ['arm64', 'x86_64'];

/**
 * How the function's code is run: a managed Node runtime with a handler, a custom-runtime binary, or
 * the managed Python runtime with a handler (`module.function`) in a folder of the handler module
 * and its vendored packages, built from `sourceDir`.
 */
export type FunctionCode =
  | { kind: 'node'; lambdaRuntime: 'nodejs24.x'; handler: string; entry: string; bundleDir: string }
  | { kind: 'rust'; lambdaRuntime: 'provided.al2023'; handler: 'bootstrap'; crateDir: string; binary: string }
  | { kind: 'python'; lambdaRuntime: 'python3.15'; handler: string; sourceDir: string; bundleDir: string };

/**
 * The file a function's code folder must hold for its runtime to start it: the Node bundle's module
 * (`index.handler` → `index.mjs`), the Python handler's module (`index.handler` → `index.py`), or
 * the custom runtime's `bootstrap`.
 */
export function entryFile(code: FunctionCode): string {
  const module = code.handler.slice(0, code.handler.lastIndexOf('.'));
  if (code.kind === 'node') return `${module}.mjs`;
  if (code.kind === 'python') return `${module.split('.').join('/')}.py`;
  return code.handler;
}

export interface FunctionDeclaration {
  /** Route segment, log name and CDK id. */
  name: string;
  route: { method: 'POST' | 'GET'; path: `/${string}` };
  code: FunctionCode;
  architecture: Architecture;
  memoryMb: number;
  timeoutSeconds: number;
  /** Caps the function's execution environments, locally and on AWS (a cost guard, too). */
  reservedConcurrency: number;
  /** Whether the stack and the stand-in hand it BUCKET_NAME and TABLE_NAME and the matching access. */
  usesStorage: boolean;
  environment: Record<string, string>;
}

/**
 * Equal memory for every contender, so none buys more CPU: Lambda gives CPU in proportion to memory.
 * 256 MB is a common production size for a small API function.
 */
const shared = {
  architecture: 'arm64',
  memoryMb: 256,
  timeoutSeconds: 10,
  reservedConcurrency: 50,
} as const satisfies Partial<FunctionDeclaration>;

export const functions = {
  node: {
    ...shared,
    name: 'node',
    route: { method: 'POST', path: '/node' },
    code: {
      kind: 'node',
      lambdaRuntime: 'nodejs24.x',
      handler: 'index.handler',
      entry: 'handlers/uuid-writer/index.ts',
      bundleDir: 'dist/functions/node',
    },
    usesStorage: true,
    environment: {},
  },
  rust: {
    ...shared,
    name: 'rust',
    route: { method: 'POST', path: '/rust' },
    code: {
      kind: 'rust',
      lambdaRuntime: 'provided.al2023',
      handler: 'bootstrap',
      crateDir: 'rust',
      binary: 'rust/target/release/bootstrap',
    },
    usesStorage: true,
    environment: {},
  },
  python: {
    ...shared,
    name: 'python',
    route: { method: 'POST', path: '/python' },
    code: {
      kind: 'python',
      lambdaRuntime: 'python3.15',
      handler: 'index.handler',
      sourceDir: 'python',
      bundleDir: 'dist/functions/python',
    },
    usesStorage: true,
    environment: {},
  },
  /** Returns at once: what the gateway and the Lambda plumbing cost on their own. */
  baseline: {
    ...shared,
    name: 'baseline',
    route: { method: 'POST', path: '/baseline' },
    code: {
      kind: 'node',
      lambdaRuntime: 'nodejs24.x',
      handler: 'index.handler',
      entry: 'handlers/baseline/index.ts',
      bundleDir: 'dist/functions/baseline',
    },
    usesStorage: false,
    environment: {},
  },
} as const satisfies Record<string, FunctionDeclaration>;

/** A declared function's key: its route segment and its name everywhere else. */
export type FunctionName = keyof typeof functions;

export const functionNames = Object.keys(functions) as FunctionName[];

/**
 * The contenders: the declared functions of the UUID-writer workload (those that use storage), in
 * declaration order. The baseline measures the plumbing and is no contender. A contender's name is
 * its route segment, its S3 key prefix and the `runtime` its items and answers carry.
 */
export type ContenderName = { [K in FunctionName]: (typeof functions)[K]['usesStorage'] extends true ? K : never }[FunctionName];

/** One value per contender of a run; a run measures some of them (`CONTENDERS`), so any may be absent. */
export type PerContender<T> = Partial<Record<ContenderName, T>>;

export const contenderNames: readonly ContenderName[] = functionNames.filter((name): name is ContenderName => functions[name].usesStorage);

export function isContender(name: string): name is ContenderName {
  return (contenderNames as readonly string[]).includes(name);
}

/**
 * `CONTENDERS=node,rust`: the contenders a run measures, in declaration order; unset, every one.
 * An unknown or missing name throws one line naming it.
 */
export function readContenders(value: string | undefined): readonly ContenderName[] {
  if (value === undefined) return contenderNames;
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !isContender(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`invalid CONTENDERS: expected some of ${contenderNames.join(', ')}, got '${unknown.length > 0 ? unknown.join(',') : value}'`);
  }
  return contenderNames.filter((name) => names.includes(name));
}

/** The functions a run with these contenders deploys or starts: every declared function but the contenders left out. */
export function functionsFor(contenders: readonly ContenderName[]): FunctionDeclaration[] {
  return functionNames.filter((name) => !isContender(name) || contenders.includes(name)).map((name) => functions[name]);
}

/**
 * The variables a function reads (README, "The function contract"), one spelling for the stack,
 * the stand-in and the tests: its bucket and table, handed to the functions that use storage, and
 * the SDKs' standard endpoint variables, which point one artefact at the local servers (unset on AWS).
 */
export const storageVariables = { bucket: 'BUCKET_NAME', table: 'TABLE_NAME' } as const;
export const endpointVariables = { s3: 'AWS_ENDPOINT_URL_S3', dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB' } as const;

/** API Gateway stage throttling: a cost guard on AWS, emulated by the stand-in. */
export const stageThrottling = { rateLimit: 1_000, burstLimit: 2_000 } as const;
