import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { isThumbnailer, storageEnvironment, type Architecture, type DeployedFunction, type FunctionCode, type FunctionDeclaration, type LambdaDeclaration } from '../../functions.config.ts';
import type { DuelStorage } from './storage.ts';

/** The CDK runtime for each runtime the declaration can name; a new name fails to compile here. */
export const lambdaRuntimes: Record<FunctionCode['lambdaRuntime'], lambda.Runtime> = {
  'nodejs24.x': lambda.Runtime.NODEJS_24_X,
  'provided.al2023': lambda.Runtime.PROVIDED_AL2023,
  'python3.15': lambda.Runtime.PYTHON_3_15,
};

const recursiveLoops: Record<NonNullable<LambdaDeclaration['recursiveLoop']>, lambda.RecursiveLoop> = {
  Terminate: lambda.RecursiveLoop.TERMINATE,
  Allow: lambda.RecursiveLoop.ALLOW,
};

const lambdaArchitectures: Record<Architecture, lambda.Architecture> = {
  arm64: lambda.Architecture.ARM_64,
  x86_64: lambda.Architecture.X86_64,
};

export interface DuelFunctionProps<D extends DeployedFunction = DeployedFunction> {
  /** Any deployed function: one behind the API, or a thumbnailer. */
  declaration: D;
  functionName: string;
  architecture: Architecture;
  /** The folder holding the built artefact: the Node bundle, the Python package, or the `bootstrap` binary. */
  codeDir: string;
}

/**
 * One declared function, deployed from the artefact the local stand-in runs too. Its role can do
 * nothing but write to its own log group until `useStorage` (a UUID writer) or `useUploads` (a thumbnailer) grants more.
 */
export class DuelFunction<D extends DeployedFunction = DeployedFunction> extends Construct {
  readonly declaration: D;
  readonly function: lambda.Function;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: DuelFunctionProps<D>) {
    super(scope, id);
    const { declaration } = props;
    this.declaration = declaration;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of the default one, whose managed basic-execution policy may create and
    // write to every log group in the account: this one may write to its own log group only.
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(this.role);
    this.function = new lambda.Function(this, 'Function', {
      functionName: props.functionName,
      description: describe(declaration),
      runtime: lambdaRuntimes[declaration.code.lambdaRuntime],
      architecture: lambdaArchitectures[props.architecture],
      handler: declaration.code.handler,
      // The Node bundle's linked source map is for people, not for the function.
      code: lambda.Code.fromAsset(props.codeDir, declaration.code.kind === 'node' ? { exclude: ['*.map'] } : {}),
      memorySize: declaration.memoryMb,
      timeout: Duration.seconds(declaration.timeoutSeconds),
      reservedConcurrentExecutions: declaration.reservedConcurrency,
      environment: { ...declaration.environment },
      role: this.role,
      logGroup,
      // Lambda's default unless the declaration says otherwise, written down: a loop through S3,
      // SQS or SNS (a thumbnailer's output watched by its own notification) is stopped after 16
      // rounds instead of billed forever.
      recursiveLoop: recursiveLoops[declaration.recursiveLoop ?? 'Terminate'],
    });
  }
}

/** `lambda-duel: POST /node`, or what a thumbnailer reads and writes. */
function describe(declaration: DeployedFunction): string {
  if (isThumbnailer(declaration)) return `lambda-duel: thumbnails of ${declaration.uploadPrefix} into ${declaration.thumbnailPrefix}`;
  return `lambda-duel: ${declaration.route.method} ${declaration.route.path}`;
}

/**
 * Hands a function the variables naming its stores, from the one declaration of them
 * (`storageEnvironment`), with CloudFormation's names as tokens.
 */
export function addStorageEnvironment(fn: DuelFunction, storage: DuelStorage): void {
  for (const [key, value] of Object.entries(storageEnvironment(fn.declaration, storage.names))) fn.function.addEnvironment(key, value);
}

/**
 * cdk-nag's id for the IAM5 finding of a grant on the bucket's objects under `pattern` (`*`,
 * `uploads/node/*`), named after the bucket's logical id: it acknowledges one finding at a time.
 */
export function bucketObjectsFinding(scope: Construct, bucket: s3.IBucket, pattern: string): string {
  const stack = Stack.of(scope);
  const bucketId = stack.resolve(stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)) as string;
  return `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${pattern}]`;
}

/**
 * Hands a UUID writer the bucket and table names and exactly the access its workflow uses, in one
 * call so the names and the grants cannot drift apart: `s3:PutObject` and, to take an object back
 * when the item cannot be written, `s3:DeleteObject` on the bucket's objects; `dynamodb:PutItem`
 * on the table.
 */
export function useStorage(fn: DuelFunction<FunctionDeclaration>, storage: DuelStorage): void {
  addStorageEnvironment(fn, storage);
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: [storage.bucket.arnForObjects('*')] }),
  );
  fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [storage.table.tableArn] }));
  Validations.of(fn.role).acknowledge({
    id: bucketObjectsFinding(fn, storage.bucket, '*'),
    reason: "Each request writes a new object under a fresh UUID key, so the grant names the bucket's objects, and only PutObject and DeleteObject on them.",
  });
}
