import path from 'node:path';
import { readFileSync } from 'node:fs';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { afterAll, describe, expect, it } from 'vitest';
import { contenderNames, functionNames, thumbnailers } from '../functions.config.ts';
import { createApp } from './lambda-duel-stack.ts';
import { constructIdFor } from './names.ts';
import { appProps, removeFakeArtefacts } from './testing/fake-artefacts.ts';

afterAll(removeFakeArtefacts);

interface Violation {
  ruleName: string;
  reason?: string;
  violatingConstructs: { constructPath: string }[];
}

interface ValidationReport {
  pluginReports: { pluginName: string; conclusion: string; violations: Violation[]; suppressedViolations?: Violation[] }[];
}

function synthReport(context: Record<string, unknown> = {}): ValidationReport {
  const props = appProps(context);
  createApp(props).app.synth();
  return JSON.parse(readFileSync(path.join(props.outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
}

describe('cdk-nag AwsSolutions', () => {
  it('passes, each acknowledged finding carrying its reason', () => {
    // Given the synthesized app with the AwsSolutions pack
    const [awsSolutions] = synthReport().pluginReports;
    // Then nothing is left unacknowledged
    expect(awsSolutions).toMatchObject({ pluginName: 'AwsSolutions', conclusion: 'success', violations: [] });
    // and exactly these findings are acknowledged, each with a written reason
    const acknowledged = (awsSolutions!.suppressedViolations ?? []).map((violation) => ({
      rule: violation.ruleName.replace(/\[.*$/, ''),
      at: violation.violatingConstructs.map((construct) => construct.constructPath),
      reason: violation.reason ?? '',
    }));
    expect(acknowledged.map(({ rule, at }) => ({ rule, at }))).toEqual(
      expect.arrayContaining([
        { rule: 'AwsSolutions-S1', at: ['LambdaDuel/Storage/Bucket/Resource'] },
        { rule: 'AwsSolutions-DDB3', at: ['LambdaDuel/Storage/Table/Resource'] },
        { rule: 'AwsSolutions-DDB3', at: ['LambdaDuel/Storage/MetadataTable/Resource'] },
        // each contender's grant of its objects
        ...contenderNames.map((name) => ({ rule: 'AwsSolutions-IAM5', at: [`LambdaDuel/${constructIdFor(name)}/Role/DefaultPolicy/Resource`] })),
        // each thumbnailer's grants of its uploads and of its thumbnails, and its failure queue, which is itself the dead-letter end
        ...contenderNames.flatMap((name) => {
          const id = constructIdFor(thumbnailers[name].name);
          const role = `LambdaDuel/${id}/Role/DefaultPolicy/Resource`;
          return [
            { rule: 'AwsSolutions-IAM5', at: [role] },
            { rule: 'AwsSolutions-IAM5', at: [role] },
            { rule: 'AwsSolutions-SQS3', at: [`LambdaDuel/${id}/Failures/Resource`] },
          ];
        }),
        // CDK's BucketNotificationsHandler's managed basic-execution policy
        { rule: 'AwsSolutions-IAM4', at: [expect.stringMatching(/^LambdaDuel\/BucketNotificationsHandler[0-9a-f]+\/Role\/Resource$/)] },
        { rule: 'AwsSolutions-APIG4', at: functionNames.map((name) => `LambdaDuel/Http/Api/POST--${name}/Resource`) },
        { rule: 'AwsSolutions-APIG1', at: ['LambdaDuel/Http/DefaultStage/Resource'] },
      ]),
    );
    expect(acknowledged).toHaveLength(6 + contenderNames.length * 4);
    for (const { rule, reason } of acknowledged) expect(reason.length, `reason for ${rule}`).toBeGreaterThan(40);
    // and each thumbnailer's object grants are acknowledged by their exact prefixes, the handler's managed policy by its name
    const ruleNames = (awsSolutions!.suppressedViolations ?? []).map((violation) => violation.ruleName);
    for (const name of contenderNames) {
      const { uploadPrefix, thumbnailPrefix } = thumbnailers[name];
      expect(ruleNames).toContainEqual(expect.stringMatching(new RegExp(`^AwsSolutions-IAM5\\[Resource::<StorageBucket[0-9A-F]+\\.Arn>/${uploadPrefix}\\*\\]$`)));
      expect(ruleNames).toContainEqual(expect.stringMatching(new RegExp(`^AwsSolutions-IAM5\\[Resource::<StorageBucket[0-9A-F]+\\.Arn>/${thumbnailPrefix}\\*\\]$`)));
    }
    expect(ruleNames.filter((rule) => rule.startsWith('AwsSolutions-IAM4'))).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    ]);
  });

  it('acknowledges the bucket-objects wildcard only, not a wider grant', () => {
    // Given a function role that is also granted every object of another bucket…
    const { app, stack } = createApp(appProps());
    const { role } = stack.functions.node;
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::elsewhere/*'] }));
    // When the app is synthesized, then cdk-nag stops it
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::arn:aws:s3:::elsewhere\/\*\]/);
  });

  it("acknowledges a thumbnailer's prefixes only, not the whole bucket", () => {
    // Given a thumbnailer that is also granted every object of the bucket…
    const { app, stack } = createApp(appProps());
    const { fn } = stack.thumbnailers.node;
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [stack.storage.bucket.arnForObjects('*')] }));
    // When the app is synthesized, then cdk-nag stops it
    expect(() => app.synth()).toThrow(/LambdaDuel\/NodeThumbnailer\/Role\/DefaultPolicy\/Resource[\s\S]*AwsSolutions-IAM5\[Resource::<StorageBucket[0-9A-F]+\.Arn>\/\*\]/);
  });
});
