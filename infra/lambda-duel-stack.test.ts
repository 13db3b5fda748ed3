import path from 'node:path';
import { readdirSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contenderNames,
  deployedFunctions,
  entryFile,
  functionNames,
  functions,
  stageThrottling,
  storage,
  storageVariables,
  thumbnailers,
  thumbnailerVariables,
  type ContenderName,
  type DeployedFunction,
} from '../functions.config.ts';
import { outputKeys } from '../formats/outputs.ts';
import { createApp } from './lambda-duel-stack.ts';
import { appProps, removeFakeArtefacts } from './testing/fake-artefacts.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }>;

let template: Template;
let resources: Resources;
let outdir: string;

beforeAll(() => {
  const props = appProps();
  outdir = props.outdir;
  template = Template.fromStack(createApp(props).stack);
  resources = template.toJSON().Resources as Resources;
});

afterAll(removeFakeArtefacts);

/** The logical id of the one resource of a type whose properties match. */
function logicalId(type: string, properties: Record<string, unknown>): string {
  const found = Object.keys(template.findResources(type, { Properties: properties }));
  expect(found, `${type} matching ${JSON.stringify(properties)}`).toHaveLength(1);
  return found[0]!;
}

const functionId = (name: string) => logicalId('AWS::Lambda::Function', { FunctionName: `LambdaDuel-${name}` });
const bucketId = () => logicalId('AWS::S3::Bucket', {});
const tableKeyedBy = (key: string) => logicalId('AWS::DynamoDB::Table', { KeySchema: [{ AttributeName: key, KeyType: 'HASH' }] });
const tableId = () => tableKeyedBy(storage.partitionKey.name);
const metadataTableId = () => tableKeyedBy(storage.metadataPartitionKey.name);

/** Every deployed function by name: the API's, then the thumbnailers. */
const deployed = Object.fromEntries(deployedFunctions.map((fn) => [fn.name, fn])) as Record<string, DeployedFunction>;
const deployedNames = Object.keys(deployed);

/** The statements of the one policy attached to a function's role, and the role's logical id. */
function roleStatements(name: string): { roleId: string; statements: unknown[] } {
  const roleId = (resources[functionId(name)]!.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }));
  expect(policies).toHaveLength(1);
  return { roleId, statements: (policies[0]!.Properties.PolicyDocument as { Statement: unknown[] }).Statement };
}

/** The statement letting a function write to its own log group, and nothing else. */
function ownLogs(name: string) {
  const logGroupId = (resources[functionId(name)]!.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
  return { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } };
}

const thumbnailerName = (contender: ContenderName) => thumbnailers[contender].name;

/** A thumbnailer's asynchronous invocation settings. */
const invokeConfig = (contender: ContenderName) =>
  resources[logicalId('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: functionId(thumbnailerName(contender)) } })]!.Properties;

/** The queue a thumbnailer's failed events go to, found through its EventInvokeConfig. */
function failureQueueId(contender: ContenderName): string {
  const { DestinationConfig } = invokeConfig(contender) as { DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [string, string] } } } };
  return DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
}

const bucketObjects = (pattern: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, `/${pattern}`]] });

describe('the functions', () => {
  it.each(deployedNames)('deploys %s with the runtime, architecture, memory, timeout and concurrency of the declaration', (name) => {
    const declared = deployed[name]!;
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: `LambdaDuel-${name}`,
      Runtime: declared.code.lambdaRuntime,
      Handler: declared.code.handler,
      Architectures: [declared.architecture],
      MemorySize: declared.memoryMb,
      Timeout: declared.timeoutSeconds,
      ReservedConcurrentExecutions: declared.reservedConcurrency,
    });
  });

  /** Each managed runtime's family (nodejs24.x → nodejs, python3.15 → python); the custom runtime has none to keep up with. */
  const managedFamilies = { node: /^nodejs(\d+)\.x$/, python: /^python3\.(\d+)$/ } as const;

  it.each(Object.keys(managedFamilies) as Array<keyof typeof managedFamilies>)('runs %s on the newest runtime of its family aws-cdk-lib offers', (kind) => {
    // Given every runtime of the family aws-cdk-lib knows, by version
    const family = managedFamilies[kind];
    const versions = Object.values(lambda.Runtime)
      .filter((value): value is lambda.Runtime => value instanceof lambda.Runtime && family.test(value.name))
      .map((runtime) => ({ name: runtime.name, version: Number(family.exec(runtime.name)?.[1]) }));
    // When the newest is picked
    const newest = versions.sort((a, b) => a.version - b.version).at(-1)?.name;
    // Then every declared function of that kind names it
    const declared = deployedFunctions.map((fn) => fn.code).filter((code) => code.kind === kind);
    expect(declared.length).toBeGreaterThan(0);
    for (const code of declared) expect(code.lambdaRuntime).toBe(newest);
  });

  it('moves every function to x86_64 when the context asks for it', () => {
    const x86 = Template.fromStack(createApp(appProps({ architecture: 'x86_64' })).stack);
    const architectures = Object.values(x86.findResources('AWS::Lambda::Function', { Properties: { FunctionName: Match.stringLikeRegexp('^LambdaDuel-') } })).map(
      (resource) => resource.Properties.Architectures,
    );
    expect(architectures).toEqual(deployedFunctions.map(() => ['x86_64']));
  });

  it.each(deployedNames)('packs %s as its artefact alone: a Node bundle without its source map, a Python folder or a binary as built', (name) => {
    // The staged asset folder is named after the hash in the function's S3 key.
    const key = (resources[functionId(name)]!.Properties.Code as { S3Key: string }).S3Key;
    expect(readdirSync(path.join(outdir, `asset.${key.replace(/\.zip$/, '')}`))).toEqual([entryFile(deployed[name]!.code)]);
  });

  it('deploys a function for every contender, the baseline and a thumbnailer per contender, and no other', () => {
    const found = template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: Match.stringLikeRegexp('^LambdaDuel-') } });
    const names = Object.values(found).map((resource) => resource.Properties.FunctionName as string);
    const expected = [...contenderNames, 'baseline', ...contenderNames.map((name) => `${name}-thumbnailer`)];
    expect(names.sort()).toEqual(expected.map((name) => `LambdaDuel-${name}`).sort());
  });

  it.each(deployedNames)('stops %s when Lambda detects it in a recursive loop, written in the template', (name) => {
    expect(resources[functionId(name)]!.Properties.RecursiveLoop).toBe('Terminate');
  });

  it('keeps each log for a week, in a log group that goes with the stack', () => {
    for (const name of deployedNames) {
      const { LoggingConfig } = resources[functionId(name)]!.Properties as { LoggingConfig: { LogGroup: { Ref: string } } };
      const logGroup = resources[LoggingConfig.LogGroup.Ref]!;
      expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
      expect(logGroup.Properties.RetentionInDays).toBe(7);
      expect(logGroup.DeletionPolicy).toBe('Delete');
    }
  });
});

describe('storage access', () => {
  it('hands the UUID writers the bucket and table names, and the baseline none', () => {
    for (const name of functionNames) {
      const environment = (resources[functionId(name)]!.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
      if (functions[name].usesStorage) {
        expect(environment).toEqual({ [storageVariables.bucket]: { Ref: bucketId() }, [storageVariables.table]: { Ref: tableId() } });
      } else {
        expect(environment).toBeUndefined();
      }
    }
  });

  it.each(functionNames)('grants %s exactly its own logs and, if it writes, PutObject/DeleteObject on objects and PutItem', (name) => {
    // Given the policy attached to the function's role
    const { roleId, statements } = roleStatements(name);
    // Then it holds these statements and nothing else
    const writes = [
      { Action: ['s3:PutObject', 's3:DeleteObject'], Effect: 'Allow', Resource: bucketObjects('*') },
      { Action: 'dynamodb:PutItem', Effect: 'Allow', Resource: { 'Fn::GetAtt': [tableId(), 'Arn'] } },
    ];
    expect(statements).toEqual(functions[name].usesStorage ? [ownLogs(name), ...writes] : [ownLogs(name)]);
    // and the role carries no managed policy (the basic-execution one allows logs on every group)
    expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('the thumbnailers', () => {
  const notifications = () => {
    const found = Object.values(template.findResources('Custom::S3BucketNotifications'));
    expect(found).toHaveLength(1);
    expect(found[0]!.Properties.BucketName).toEqual({ Ref: bucketId() });
    return (found[0]!.Properties.NotificationConfiguration as {
      LambdaFunctionConfigurations: { Events: string[]; Filter?: { Key: { FilterRules: { Name: string; Value: string }[] } }; LambdaFunctionArn: unknown }[];
    }).LambdaFunctionConfigurations;
  };

  it.each(contenderNames)("hands the %s thumbnailer its prefixes and the metadata table's name, and nothing of the UUID writers' stores", (contender) => {
    const environment = (resources[functionId(thumbnailerName(contender))]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(environment).toEqual({
      [thumbnailerVariables.uploadPrefix]: `uploads/${contender}/`,
      [thumbnailerVariables.thumbnailPrefix]: `thumbnails/${contender}/`,
      [thumbnailerVariables.tableName]: { Ref: metadataTableId() },
    });
  });

  it('is invoked by one notification per contender, for objects created under its upload prefix only', () => {
    // Given the bucket's notification configuration
    const configurations = notifications();
    // Then each contender's uploads go to its own thumbnailer, filtered by exactly its prefix
    expect(configurations).toEqual(
      contenderNames.map((contender) => ({
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: thumbnailers[contender].uploadPrefix }] } },
        LambdaFunctionArn: { 'Fn::GetAtt': [functionId(thumbnailerName(contender)), 'Arn'] },
      })),
    );
    // and S3 may invoke each thumbnailer for this bucket in this account only
    for (const contender of contenderNames) {
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [functionId(thumbnailerName(contender)), 'Arn'] },
        Principal: 's3.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
        SourceArn: { 'Fn::GetAtt': [bucketId(), 'Arn'] },
      });
    }
  });

  it('watches no key a thumbnailer writes, so no thumbnail invokes a thumbnailer', () => {
    for (const { Filter } of notifications()) {
      const rules = Filter?.Key.FilterRules ?? [];
      const prefix = rules.find((rule) => rule.Name === 'prefix')?.Value ?? '';
      for (const contender of contenderNames) expect(`${thumbnailers[contender].thumbnailPrefix}photo.jpg`.startsWith(prefix), prefix).toBe(false);
    }
  });

  it.each(contenderNames)('grants the %s thumbnailer exactly its logs, GetObject on its uploads, PutObject on its thumbnails, PutItem on the metadata table and SendMessage to its queue', (contender) => {
    // Given the policy attached to the thumbnailer's role
    const name = thumbnailerName(contender);
    const { roleId, statements } = roleStatements(name);
    const { uploadPrefix, thumbnailPrefix } = thumbnailers[contender];
    // Then it holds these statements and nothing else: no DeleteObject, no object outside its prefixes, not the items table
    expect(statements).toEqual([
      ownLogs(name),
      { Action: 's3:GetObject', Effect: 'Allow', Resource: bucketObjects(`${uploadPrefix}*`) },
      { Action: 's3:PutObject', Effect: 'Allow', Resource: bucketObjects(`${thumbnailPrefix}*`) },
      { Action: 'dynamodb:PutItem', Effect: 'Allow', Resource: { 'Fn::GetAtt': [metadataTableId(), 'Arn'] } },
      // CDK's SqsDestination grants the queue's attributes and URL beside SendMessage
      { Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [failureQueueId(contender), 'Arn'] } },
    ]);
    expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it.each(contenderNames)("retries the %s thumbnailer's events as declared and sends those it gives up on to its own queue", (contender) => {
    const { asyncInvoke } = thumbnailers[contender];
    expect(invokeConfig(contender)).toEqual({
      FunctionName: { Ref: functionId(thumbnailerName(contender)) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: asyncInvoke.maximumRetryAttempts,
      MaximumEventAgeInSeconds: asyncInvoke.maximumEventAgeSeconds,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failureQueueId(contender), 'Arn'] } } },
    });
  });

  it('gives each thumbnailer a queue of its own, encrypted, TLS only, keeping a record longer than an event may wait, gone with the stack', () => {
    // Given the queues the thumbnailers' failures go to, one each
    const queues = Object.fromEntries(contenderNames.map((contender) => [contender, failureQueueId(contender)])) as Record<ContenderName, string>;
    expect(new Set(Object.values(queues)).size).toBe(contenderNames.length);
    template.resourceCountIs('AWS::SQS::Queue', contenderNames.length);
    for (const contender of contenderNames) {
      const queue = resources[queues[contender]]!;
      expect(queue.Type).toBe('AWS::SQS::Queue');
      // Then each is encrypted with SQS-managed keys and keeps a record a day, past the event's age
      expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 86_400 });
      expect(queue.Properties.MessageRetentionPeriod as number).toBeGreaterThan(thumbnailers[contender].asyncInvoke.maximumEventAgeSeconds);
      expect(queue.DeletionPolicy).toBe('Delete');
      // and refuses every request without TLS
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queues[contender] }],
        PolicyDocument: {
          Statement: [
            {
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Resource: { 'Fn::GetAtt': [queues[contender], 'Arn'] },
            },
          ],
        },
      });
    }
  });
});

describe('the bucket and the tables', () => {
  it('blocks public access, encrypts with S3-managed keys, expires objects after a day and goes with the stack', () => {
    const bucket = resources[bucketId()]!;
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: 1, Status: 'Enabled' }] },
    });
    expect(bucket.DeletionPolicy).toBe('Delete');
    // Emptied first, or CloudFormation could not delete it
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 1);
  });

  it('denies every request to the bucket that does not use TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Resource: [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/*']] }],
          },
        ]),
      },
    });
  });

  it.each([
    ['items', storage.partitionKey],
    ['metadata', storage.metadataPartitionKey],
  ] as const)('bills the %s table on demand, keys it by the declared partition key and deletes it with the stack', (_name, key) => {
    const table = resources[tableKeyedBy(key.name)]!;
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: key.name, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: key.name, AttributeType: key.type }],
    });
    expect(table.DeletionPolicy).toBe('Delete');
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
  });
});

describe('the HTTP API', () => {
  it.each(functionNames)('routes %s to its function with a payload-2.0 Lambda proxy integration', (name) => {
    const { method, path: route } = functions[name].route;
    const integrationId = logicalId('AWS::ApiGatewayV2::Integration', {
      IntegrationUri: { 'Fn::GetAtt': [functionId(name), 'Arn'] },
    });
    expect(resources[integrationId]!.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: `${method} ${route}`,
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
    });
    // and API Gateway may invoke the function
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [functionId(name), 'Arn'] },
      Principal: 'apigateway.amazonaws.com',
    });
  });

  it('has no route but the declared ones', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', functionNames.length);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'LambdaDuel', ProtocolType: 'HTTP' });
  });

  it('throttles the stage at the declared rate and burst', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: stageThrottling.rateLimit, ThrottlingBurstLimit: stageThrottling.burstLimit },
    });
  });

  it('takes other throttling limits from the context', () => {
    const throttled = Template.fromStack(createApp(appProps({ throttleRate: '5', throttleBurst: 10 })).stack);
    throttled.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 } });
  });
});

describe('the outputs', () => {
  it('names the API URL, every function, each failure queue, the bucket, both tables and the architecture', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const thumbnailerNames = contenderNames.map((name) => thumbnailers[name].name);
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'ApiUrl',
        'Architecture',
        'BucketName',
        'TableName',
        'MetadataTableName',
        ...functionNames.map(outputKeys.functionName),
        ...thumbnailerNames.map(outputKeys.functionName),
        ...thumbnailerNames.map(outputKeys.failureQueueUrl),
      ].sort(),
    );
    expect(outputs.ApiUrl!.Value).toEqual({ 'Fn::GetAtt': [logicalId('AWS::ApiGatewayV2::Api', {}), 'ApiEndpoint'] });
    for (const name of [...functionNames, ...thumbnailerNames]) expect(outputs[outputKeys.functionName(name)]!.Value).toEqual({ Ref: functionId(name) });
    for (const contender of contenderNames) {
      expect(outputs[outputKeys.failureQueueUrl(thumbnailerName(contender))]!.Value).toEqual({ Ref: failureQueueId(contender) });
    }
    expect(outputs.BucketName!.Value).toEqual({ Ref: bucketId() });
    expect(outputs.TableName!.Value).toEqual({ Ref: tableId() });
    expect(outputs.MetadataTableName!.Value).toEqual({ Ref: metadataTableId() });
    expect(outputs.Architecture!.Value).toBe(functions.rust.architecture);
  });
});
