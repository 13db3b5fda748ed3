import path from 'node:path';
import { readdirSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contenderNames, entryFile, functionNames, functions, stageThrottling, storage, storageVariables, type FunctionName } from '../functions.config.ts';
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

const functionId = (name: FunctionName) => logicalId('AWS::Lambda::Function', { FunctionName: `LambdaDuel-${name}` });
const bucketId = () => logicalId('AWS::S3::Bucket', {});
const tableId = () => logicalId('AWS::DynamoDB::Table', {});

describe('the functions', () => {
  it.each(functionNames)('deploys %s with the runtime, architecture, memory, timeout and concurrency of the declaration', (name) => {
    const declared = functions[name];
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
    const declared = functionNames.map((name) => functions[name].code).filter((code) => code.kind === kind);
    expect(declared.length).toBeGreaterThan(0);
    for (const code of declared) expect(code.lambdaRuntime).toBe(newest);
  });

  it('moves every function to x86_64 when the context asks for it', () => {
    const x86 = Template.fromStack(createApp(appProps({ architecture: 'x86_64' })).stack);
    const architectures = Object.values(x86.findResources('AWS::Lambda::Function', { Properties: { FunctionName: Match.stringLikeRegexp('^LambdaDuel-') } })).map(
      (resource) => resource.Properties.Architectures,
    );
    expect(architectures).toEqual(functionNames.map(() => ['x86_64']));
  });

  it.each(functionNames)('packs %s as its artefact alone: a Node bundle without its source map, a Python folder or a binary as built', (name) => {
    // The staged asset folder is named after the hash in the function's S3 key.
    const key = (resources[functionId(name)]!.Properties.Code as { S3Key: string }).S3Key;
    expect(readdirSync(path.join(outdir, `asset.${key.replace(/\.zip$/, '')}`))).toEqual([entryFile(functions[name].code)]);
  });

  it('deploys a function for every contender and the baseline, and no other', () => {
    const deployed = template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: Match.stringLikeRegexp('^LambdaDuel-') } });
    const names = Object.values(deployed).map((resource) => resource.Properties.FunctionName as string);
    expect(names.sort()).toEqual([...contenderNames, 'baseline'].map((name) => `LambdaDuel-${name}`).sort());
  });

  it('keeps each log for a week, in a log group that goes with the stack', () => {
    for (const name of functionNames) {
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
    const roleId = (resources[functionId(name)]!.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }));
    expect(policies).toHaveLength(1);
    const statements = (policies[0]!.Properties.PolicyDocument as { Statement: unknown[] }).Statement;
    // Then it holds these statements and nothing else
    const logGroupId = (resources[functionId(name)]!.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    const logs = { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } };
    const writes = [
      {
        Action: ['s3:PutObject', 's3:DeleteObject'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/*']] },
      },
      { Action: 'dynamodb:PutItem', Effect: 'Allow', Resource: { 'Fn::GetAtt': [tableId(), 'Arn'] } },
    ];
    expect(statements).toEqual(functions[name].usesStorage ? [logs, ...writes] : [logs]);
    // and the role carries no managed policy (the basic-execution one allows logs on every group)
    expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('the bucket and the table', () => {
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

  it('bills the table on demand, keys it by the declared partition key and deletes it with the stack', () => {
    const table = resources[tableId()]!;
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: storage.partitionKey.name, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: storage.partitionKey.name, AttributeType: storage.partitionKey.type }],
    });
    expect(table.DeletionPolicy).toBe('Delete');
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
  it('names the API URL, every function, the bucket, the table and the architecture', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs).sort()).toEqual(['ApiUrl', 'Architecture', 'BucketName', 'TableName', ...functionNames.map(outputKeys.functionName)].sort());
    expect(outputs.ApiUrl!.Value).toEqual({ 'Fn::GetAtt': [logicalId('AWS::ApiGatewayV2::Api', {}), 'ApiEndpoint'] });
    for (const name of functionNames) expect(outputs[outputKeys.functionName(name)]!.Value).toEqual({ Ref: functionId(name) });
    expect(outputs.BucketName!.Value).toEqual({ Ref: bucketId() });
    expect(outputs.TableName!.Value).toEqual({ Ref: tableId() });
    expect(outputs.Architecture!.Value).toBe(functions.rust.architecture);
  });
});
