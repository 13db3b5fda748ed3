import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { functionNames, stageThrottling } from '../functions.config.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { rustLambdaDir } from './rust-lambda.ts';
import { readStackSettings } from './settings.ts';
import { assetContext, fakeArtefacts, removeFakeArtefacts } from './testing/fake-artefacts.ts';

afterAll(removeFakeArtefacts);

const artefacts = fakeArtefacts();
const assets = assetContext(artefacts);
const read = (context: Record<string, unknown>) => readStackSettings((key) => context[key]);

describe('stack settings from the CDK context', () => {
  it('defaults to the declaration: arm64, the declared throttling, the stack name LambdaDuel', () => {
    expect(read(assets)).toEqual({
      stackName: 'LambdaDuel',
      architecture: 'arm64',
      codeDirs: Object.fromEntries(functionNames.map((name) => [name, artefacts[name]])),
      throttling: { rateLimit: stageThrottling.rateLimit, burstLimit: stageThrottling.burstLimit },
    });
  });

  it('reads -c values, which arrive as strings', () => {
    const settings = read({ ...assets, architecture: 'x86_64', throttleRate: '2.5', throttleBurst: '5' });
    expect(settings.architecture).toBe('x86_64');
    expect(settings.throttling).toEqual({ rateLimit: 2.5, burstLimit: 5 });
  });

  it.each(['arm64', 'x86_64'] as const)('looks for the %s Rust binary where build:lambda puts it', (architecture) => {
    // Given no rustAsset: the default folder is the cross-build's output for the architecture
    const { rustAsset: _, ...others } = assets;
    const expected = rustLambdaDir(architecture);
    // When the settings are read, then they point there, or name that file and how to build it
    let found: string | undefined;
    try {
      found = read({ ...others, architecture }).codeDirs.rust;
    } catch (error) {
      expect((error as Error).message).toBe(
        `missing ${path.relative(process.cwd(), path.join(expected, 'bootstrap'))}: run npm run build:lambda -- --architecture ${architecture}, or pass -c rustAsset=DIR`,
      );
    }
    if (found) expect(found).toBe(expected);
    expect(expected).toBe(path.join(repoRoot, 'dist', 'functions', `rust-${architecture}`));
  });

  it('refuses bad values with one line naming the key', () => {
    expect(() => read({ ...assets, architecture: 'arm' })).toThrow("invalid context architecture: expected arm64 or x86_64, got 'arm'");
    expect(() => read({ ...assets, throttleRate: 'fast' })).toThrow("invalid context throttleRate: expected a positive number, got 'fast'");
    expect(() => read({ ...assets, throttleBurst: '1.5' })).toThrow("invalid context throttleBurst: expected a positive whole number, got '1.5'");
    expect(() => read({ ...assets, nodeAsset: artefacts.rust })).toThrow(/^missing .*index\.mjs: run npm run build, or pass -c nodeAsset=DIR$/);
  });
});
