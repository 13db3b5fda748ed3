import { App, CfnOutput, Stack, Tags, Validations, type AppProps, type StackProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import { functionNames, functions, type FunctionName } from '../functions.config.ts';
import { DuelFunction, useStorage } from './constructs/duel-function.ts';
import { DuelHttpApi } from './constructs/http-api.ts';
import { DuelStorage } from './constructs/storage.ts';
import { outputKeys } from '../formats/outputs.ts';
import { apiNameFor, constructIdFor, functionNameFor } from './names.ts';
import { readStackSettings, type StackSettings } from './settings.ts';

export type LambdaDuelStackProps = StackProps & Omit<StackSettings, 'stackName'>;

/** The whole duel: storage, every declared function, and the HTTP API in front of them. */
export class LambdaDuelStack extends Stack {
  readonly storage: DuelStorage;
  readonly functions: Record<FunctionName, DuelFunction>;
  readonly httpApi: DuelHttpApi;

  constructor(scope: Construct, id: string, props: LambdaDuelStackProps) {
    super(scope, id, { description: 'lambda-duel: the same Lambda function in Node.js and Rust behind one HTTP API', ...props });
    Tags.of(this).add('project', 'lambda-duel');
    this.storage = new DuelStorage(this, 'Storage');
    this.functions = Object.fromEntries(
      functionNames.map((name) => {
        const declaration = functions[name];
        const fn = new DuelFunction(this, constructIdFor(name), {
          declaration,
          functionName: functionNameFor(this.stackName, name),
          architecture: props.architecture,
          codeDir: props.codeDirs[name],
        });
        if (declaration.usesStorage) useStorage(fn, this.storage);
        return [name, fn];
      }),
    ) as Record<FunctionName, DuelFunction>;
    this.httpApi = new DuelHttpApi(this, 'Http', {
      apiName: apiNameFor(this.stackName),
      functions: Object.values(this.functions),
      throttling: props.throttling,
    });

    new CfnOutput(this, outputKeys.apiUrl, { value: this.httpApi.url, description: 'Base URL of the HTTP API; routes are <url>/<function>' });
    for (const name of functionNames) {
      new CfnOutput(this, outputKeys.functionName(name), { value: this.functions[name].function.functionName, description: `The ${name} function` });
    }
    new CfnOutput(this, outputKeys.bucketName, { value: this.storage.bucket.bucketName });
    new CfnOutput(this, outputKeys.tableName, { value: this.storage.table.tableName });
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
