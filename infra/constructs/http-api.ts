import { Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import type { FunctionDeclaration } from '../../functions.config.ts';
import type { DuelFunction } from './duel-function.ts';

export interface DuelHttpApiProps {
  apiName: string;
  functions: readonly DuelFunction<FunctionDeclaration>[];
  /** Stage-wide limits: a cost guard against a runaway load test. */
  throttling: { rateLimit: number; burstLimit: number };
}

/** The HTTP API in front of the functions: one route each, payload format 2.0, one throttled stage. */
export class DuelHttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;

  constructor(scope: Construct, id: string, props: DuelHttpApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: props.apiName,
      description: 'lambda-duel: the same function in Node.js and in Rust',
      // The default stage cannot be throttled from HttpApi's props; this one is made below.
      createDefaultStage: false,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttling,
    });
    for (const fn of props.functions) {
      const { method, path } = fn.declaration.route;
      this.api.addRoutes({
        path,
        methods: [apigw.HttpMethod[method]],
        integration: new HttpLambdaIntegration(`${fn.node.id}Integration`, fn.function, {
          payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
        }),
      });
    }
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG4',
      reason:
        'The routes are public on purpose: k6 calls them as an anonymous client would. Stage throttling and reserved concurrency cap the cost, and the stack is destroyed after a run.',
    });
    Validations.of(this.stage).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG1',
      reason:
        "Every invocation's REPORT line is already in the function's log group; access logs would add a log write per request to the cost being measured.",
    });
  }

  /** The `$default` stage serves at the API's own endpoint, no trailing slash: `<url>/node` is a route. */
  get url(): string {
    return this.api.apiEndpoint;
  }
}
