import { App, CfnOutput, Stack, Tags, Validations, type AppProps, type StackProps } from 'aws-cdk-lib';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import {
  contenderNames,
  functionNames,
  functions,
  thumbnailers,
  type ContenderName,
  type DeployedFunction,
  type DeployedName,
  type FunctionDeclaration,
  type FunctionName,
  type ThumbnailerDeclaration,
} from '../functions.config.ts';
import { DuelFunction, useStorage } from './constructs/duel-function.ts';
import { DuelHttpApi } from './constructs/http-api.ts';
import { DuelStorage } from './constructs/storage.ts';
import { useUploads } from './constructs/thumbnailer.ts';
import { outputKeys } from '../formats/outputs.ts';
import { apiNameFor, constructIdFor, functionNameFor } from './names.ts';
import { readStackSettings, type StackSettings } from './settings.ts';

export type LambdaDuelStackProps = StackProps & Omit<StackSettings, 'stackName'>;

/**
 * The whole duel: storage, every deployed function (`deployedFunctions`: the API's, then the
 * thumbnailers), the HTTP API in front of the API's, and the bucket's notifications to the thumbnailers.
 */
export class LambdaDuelStack extends Stack {
  readonly storage: DuelStorage;
  /** The functions behind the API. */
  readonly functions: Record<FunctionName, DuelFunction<FunctionDeclaration>>;
  /** A thumbnailer per contender, with the queue its failed events go to. */
  readonly thumbnailers: Record<ContenderName, { fn: DuelFunction<ThumbnailerDeclaration>; failures: sqs.Queue }>;
  readonly httpApi: DuelHttpApi;

  constructor(scope: Construct, id: string, props: LambdaDuelStackProps) {
    super(scope, id, { description: 'lambda-duel: the same Lambda functions in Node.js, Rust and Python, behind one HTTP API and one bucket', ...props });
    Tags.of(this).add('project', 'lambda-duel');
    this.storage = new DuelStorage(this, 'Storage');
    const deploy = <D extends DeployedFunction & { name: DeployedName }>(declaration: D) =>
      new DuelFunction(this, constructIdFor(declaration.name), {
        declaration,
        functionName: functionNameFor(this.stackName, declaration.name),
        architecture: props.architecture,
        codeDir: props.codeDirs[declaration.name],
      });
    this.functions = Object.fromEntries(
      functionNames.map((name) => {
        const fn: DuelFunction<FunctionDeclaration> = deploy(functions[name]);
        if (fn.declaration.usesStorage) useStorage(fn, this.storage);
        return [name, fn];
      }),
    ) as Record<FunctionName, DuelFunction<FunctionDeclaration>>;
    this.thumbnailers = Object.fromEntries(
      contenderNames.map((name) => {
        const fn: DuelFunction<ThumbnailerDeclaration> = deploy(thumbnailers[name]);
        return [name, { fn, failures: useUploads(fn, this.storage) }];
      }),
    ) as LambdaDuelStack['thumbnailers'];
    this.httpApi = new DuelHttpApi(this, 'Http', {
      apiName: apiNameFor(this.stackName),
      functions: Object.values(this.functions),
      throttling: props.throttling,
    });

    new CfnOutput(this, outputKeys.apiUrl, { value: this.httpApi.url, description: 'Base URL of the HTTP API; routes are <url>/<function>' });
    for (const name of functionNames) {
      new CfnOutput(this, outputKeys.functionName(name), { value: this.functions[name].function.functionName, description: `The ${name} function` });
    }
    for (const contender of contenderNames) {
      const { name } = thumbnailers[contender];
      const { fn, failures } = this.thumbnailers[contender];
      new CfnOutput(this, outputKeys.functionName(name), { value: fn.function.functionName, description: `The ${name} function` });
      new CfnOutput(this, outputKeys.failureQueueUrl(name), { value: failures.queueUrl, description: `Where the ${name} function's failed events go` });
    }
    new CfnOutput(this, outputKeys.bucketName, { value: this.storage.bucket.bucketName });
    new CfnOutput(this, outputKeys.tableName, { value: this.storage.table.tableName });
    new CfnOutput(this, outputKeys.metadataTableName, { value: this.storage.metadataTable.tableName });
    new CfnOutput(this, outputKeys.architecture, { value: props.architecture });
  }
}

/**
 * The app as `cdk synth` builds it and as the tests build it: settings from the context (see
 * `readStackSettings`), the stack, and cdk-nag's AwsSolutions checks (an unsuppressed finding is a
 * synth error, so a deploy stops on it).
 */
export function createApp(appProps: AppProps = {}): { app: App; stack: LambdaDuelStack; settings: StackSettings } {
  const app = new App(appProps);
  const settings = readStackSettings((key) => app.node.tryGetContext(key));
  const { stackName, ...rest } = settings;
  const stack = new LambdaDuelStack(app, stackName, rest);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, settings };
}
