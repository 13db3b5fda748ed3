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
  /** The thumbnailers' table: one item per upload, replaced when an event is delivered again. */
  metadataTableName: 'lambda-duel-thumbnails',
  metadataPartitionKey: { name: 'sourceKey', type: 'S' },
} as const;

export type Architecture = 'arm64' | 'x86_64';

export const architectures: readonly Architecture[] = ['arm64', 'x86_64'];

/**
 * How the function's code is run: a managed Node runtime with a handler, a custom-runtime binary, or
 * the managed Python runtime with a handler (`module.function`) in a folder of the handler module
 * and its vendored packages, built from `sourceDir`.
 */
export type FunctionCode =
  | {
      kind: 'node';
      lambdaRuntime: 'nodejs24.x';
      handler: string;
      entry: string;
      bundleDir: string;
      /** Packages with native parts (sharp), installed beside the bundle for the architecture instead of bundled. */
      nativePackages?: readonly string[];
    }
  | {
      kind: 'rust';
      lambdaRuntime: 'provided.al2023';
      handler: 'bootstrap';
      /** The Cargo workspace. */
      crateDir: string;
      /** The workspace package that holds the binary, built alone so no other's dependencies are compiled. */
      package: string;
      /** The host build's binary, which the stand-in runs; it is deployed as `bootstrap`. */
      binary: string;
    }
  | {
      kind: 'python';
      lambdaRuntime: 'python3.15';
      handler: string;
      sourceDir: string;
      /** What of `sourceDir` is the function: its handler module and its package. */
      sources: readonly string[];
      /** The pinned, hashed wheels vendored into the artefact, a file in `sourceDir`. */
      requirements: string;
      bundleDir: string;
    };

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

/** What every deployed function is, whatever invokes it. */
export interface LambdaDeclaration {
  /** Log name and CDK id; for a function behind the API, its route segment too. */
  name: string;
  code: FunctionCode;
  architecture: Architecture;
  memoryMb: number;
  timeoutSeconds: number;
  /** Caps the function's execution environments, locally and on AWS (a cost guard, too). */
  reservedConcurrency: number;
  environment: Record<string, string>;
  /**
   * Lambda's recursive loop detection (PutFunctionRecursionConfig): `Terminate`, Lambda's default
   * when unset, stops a chain of invocations after about 16; the stack and the stand-in both apply it.
   */
  recursiveLoop?: 'Terminate' | 'Allow';
}

/** A function behind the HTTP API: a UUID writer, or the baseline. */
export interface FunctionDeclaration extends LambdaDeclaration {
  route: { method: 'POST' | 'GET'; path: `/${string}` };
  /** Whether the stack and the stand-in hand it BUCKET_NAME and TABLE_NAME and the matching access. */
  usesStorage: boolean;
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
      package: 'lambda-duel',
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
      sources: ['index.py', 'uuid_writer'],
      requirements: 'requirements.txt',
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
 * Lambda's asynchronous invocation settings for a function (PutFunctionEventInvokeConfig): attempts
 * after the first on a function error (0-2) and how long an event may wait in the queue (60-21,600 s).
 */
export interface AsyncInvokeDeclaration {
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
}

/**
 * A thumbnailer: invoked asynchronously by the bucket's notification for objects created under its
 * contender's upload prefix, it writes under the thumbnail prefix, which no notification watches.
 */
export interface ThumbnailerDeclaration extends LambdaDeclaration {
  contender: ContenderName;
  uploadPrefix: `uploads/${string}/`;
  thumbnailPrefix: `thumbnails/${string}/`;
  asyncInvoke: AsyncInvokeDeclaration;
}

/**
 * 1024 MB for every thumbnailer, so none buys more CPU. A 12-megapixel photo decodes to 36 MB of
 * pixels; sharp peaked at 142 MB of RSS on one, so the seed's 128 MB cannot hold it, and 1024 MB
 * (0.58 vCPU) keeps a 12 MP photo well under a second where 512 MB would be near two. 15 s bounds a
 * wedged decode at ten times the slowest photo's time, not the seed's 5 s, which a cold 12 MP
 * Python start at a smaller size would come close to.
 */
const thumbnailerShared = {
  architecture: 'arm64',
  memoryMb: 1024,
  timeoutSeconds: 15,
  reservedConcurrency: 10,
  // Written down though it is Lambda's default: a thumbnail written under its own upload prefix
  // would otherwise trigger its function forever.
  recursiveLoop: 'Terminate',
  // Lambda's default two retries, 1 and 2 minutes apart; an hour in the queue at most, not the
  // default six: a run waits for its events, and an hour-old upload is a result of no use.
  asyncInvoke: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 3_600 },
} as const satisfies Partial<ThumbnailerDeclaration>;

/** A thumbnailer's prefixes, from its contender's name: the same for the stack, the stand-in and the load. */
function thumbnailerOf<C extends ContenderName>(contender: C) {
  const uploadPrefix = `uploads/${contender}/` as const;
  const thumbnailPrefix = `thumbnails/${contender}/` as const;
  return {
    ...thumbnailerShared,
    name: `${contender}-thumbnailer`,
    contender,
    uploadPrefix,
    thumbnailPrefix,
    environment: { [thumbnailerVariables.uploadPrefix]: uploadPrefix, [thumbnailerVariables.thumbnailPrefix]: thumbnailPrefix },
  } as const;
}

/** The variables a thumbnailer reads beside the endpoints (handlers/thumbnailer/config.ts). */
export const thumbnailerVariables = {
  uploadPrefix: 'UPLOAD_PREFIX',
  thumbnailPrefix: 'THUMBNAIL_PREFIX',
  /** Handed to it by the stack and the stand-in, like BUCKET_NAME to a UUID writer. */
  tableName: 'METADATA_TABLE_NAME',
  /** Optional: the largest upload it reads, in bytes. */
  maxSourceBytes: 'MAX_SOURCE_BYTES',
} as const;

/** The thumbnailer workload, one per contender. */
export const thumbnailers = {
  node: {
    ...thumbnailerOf('node'),
    code: {
      kind: 'node',
      lambdaRuntime: 'nodejs24.x',
      handler: 'index.handler',
      entry: 'handlers/thumbnailer/index.ts',
      bundleDir: 'dist/functions/node-thumbnailer',
      nativePackages: ['sharp'],
    },
  },
  rust: {
    ...thumbnailerOf('rust'),
    code: {
      kind: 'rust',
      lambdaRuntime: 'provided.al2023',
      handler: 'bootstrap',
      crateDir: 'rust',
      package: 'lambda-duel-thumbnailer',
      binary: 'rust/target/release/thumbnailer',
    },
  },
  python: {
    ...thumbnailerOf('python'),
    code: {
      kind: 'python',
      lambdaRuntime: 'python3.15',
      handler: 'thumbnail_handler.handler',
      sourceDir: 'python',
      sources: ['thumbnail_handler.py', 'thumbnailer'],
      requirements: 'thumbnailer-requirements.txt',
      bundleDir: 'dist/functions/python-thumbnailer',
    },
  },
} as const satisfies Record<ContenderName, ThumbnailerDeclaration>;

export type ThumbnailerName = (typeof thumbnailers)[ContenderName]['name'];

/** Every function the stack deploys and the stand-in runs: the API's, then the thumbnailers. */
export type DeployedFunction = FunctionDeclaration | ThumbnailerDeclaration;
export type DeployedName = FunctionName | ThumbnailerName;

export const deployedFunctions: readonly DeployedFunction[] = [...functionNames.map((name) => functions[name]), ...contenderNames.map((name) => thumbnailers[name])];

export function isThumbnailer(fn: DeployedFunction): fn is ThumbnailerDeclaration {
  return 'uploadPrefix' in fn;
}

/** The names of the stores a function is handed, as the stack or the stand-in has them. */
export interface StorageNames {
  bucketName: string;
  tableName: string;
  metadataTableName: string;
}

/** The variables naming a function's stores: the UUID writers' bucket and table, or the thumbnailers' table. */
export function storageEnvironment(fn: DeployedFunction, names: StorageNames): Record<string, string> {
  if (isThumbnailer(fn)) return { [thumbnailerVariables.tableName]: names.metadataTableName };
  if (!fn.usesStorage) return {};
  return { [storageVariables.bucket]: names.bucketName, [storageVariables.table]: names.tableName };
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
