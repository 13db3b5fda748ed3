import path from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCommand } from '../../toolchain/command.ts';
import { repoRoot } from '../../toolchain/paths.ts';
import { assetContext, fakeArtefacts, removeFakeArtefacts } from '../testing/fake-artefacts.ts';

afterAll(removeFakeArtefacts);

const cdk = path.join(repoRoot, 'node_modules', '.bin', 'cdk');

describe('cdk synth, as npm run synth runs it', () => {
  it('synthesizes the app from cdk.json offline, with no AWS account', async () => {
    // Given pre-built artefacts and no credentials at all
    const artefacts = fakeArtefacts();
    const outdir = path.join(artefacts.root, 'cdk.out');
    const env = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', CDK_DISABLE_CLI_TELEMETRY: 'true' };
    // When the CDK CLI synthesizes
    const { code, output } = await spawnCommand(
      cdk,
      ['synth', '--quiet', '--no-notices', '-o', outdir, ...Object.entries(assetContext(artefacts)).flatMap(([key, dir]) => ['-c', `${key}=${dir}`])],
      { cwd: repoRoot, env },
    );
    // Then it succeeds and writes the template
    expect(code, output).toBe(0);
    expect(existsSync(path.join(outdir, 'LambdaDuel.template.json'))).toBe(true);
  });

  it('stops on a bad setting with one line and a non-zero exit', async () => {
    const artefacts = fakeArtefacts();
    const { code, output } = await spawnCommand(
      cdk,
      ['synth', '--quiet', '--no-notices', '-o', path.join(artefacts.root, 'cdk.out'), '-c', 'architecture=sparc'],
      { cwd: repoRoot, env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' } },
    );
    expect(code).not.toBe(0);
    expect(output).toContain("lambda-duel: invalid context architecture: expected arm64 or x86_64, got 'sparc'");
    expect(output).not.toMatch(/^\s+at /m);
  });
});
