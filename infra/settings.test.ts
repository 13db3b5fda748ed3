import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deployedFunctions, functions, stageThrottling, thumbnailers } from '../functions.config.ts';
import { hostArchitecture } from '../toolchain/host.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { rustLambdaDir } from './rust-lambda.ts';
import { assetContextKey, defaultCodeDir, readStackSettings } from './settings.ts';
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
      codeDirs: Object.fromEntries(deployedFunctions.map((fn) => [fn.name, artefacts[fn.name as keyof typeof artefacts]])),
      throttling: { rateLimit: stageThrottling.rateLimit, burstLimit: stageThrottling.burstLimit },
    });
  });

  it('reads -c values, which arrive as strings', () => {
    const settings = read({ ...assets, architecture: 'x86_64', throttleRate: '2.5', throttleBurst: '5' });
    expect(settings.architecture).toBe('x86_64');
    expect(settings.throttling).toEqual({ rateLimit: 2.5, burstLimit: 5 });
  });

  it("takes each deployed function's folder from a key of its name in camel case", () => {
    expect(deployedFunctions.map((fn) => assetContextKey(fn.name))).toEqual([
      'nodeAsset',
      'rustAsset',
      'pythonAsset',
      'baselineAsset',
      'nodeThumbnailerAsset',
      'rustThumbnailerAsset',
      'pythonThumbnailerAsset',
    ]);
  });

  it.each(['arm64', 'x86_64'] as const)('looks for each %s Rust binary where build:lambda puts it, a folder per function', (architecture) => {
    for (const fn of [functions.rust, thumbnailers.rust]) {
      // Given no <name>Asset: the default folder is the cross-build's output for the function and architecture
      const key = assetContextKey(fn.name);
      const { [key]: _, ...others } = assets;
      const expected = rustLambdaDir(fn, architecture);
      expect(defaultCodeDir(fn, architecture)).toBe(expected);
      expect(expected).toBe(path.join(repoRoot, 'dist', 'functions', `${fn.name}-${architecture}`));
      // When the settings are read, then they point there, or name that file and how to build it
      let found: string | undefined;
      try {
        found = read({ ...others, architecture }).codeDirs[fn.name];
      } catch (error) {
        expect((error as Error).message).toBe(
          `missing ${path.relative(process.cwd(), path.join(expected, 'bootstrap'))}: run npm run build:lambda -- --architecture ${architecture}, or pass -c ${key}=DIR`,
        );
      }
      if (found) expect(found).toBe(expected);
    }
  });

  it.each(['arm64', 'x86_64'] as const)('looks for the %s Node and Python folders where their Lambda builds put them', (architecture) => {
    // The bundles without native packages serve both architectures from their folder
    for (const fn of [functions.node, functions.baseline]) expect(defaultCodeDir(fn, architecture)).toBe(path.join(repoRoot, fn.code.bundleDir));
    // sharp's bundle has a folder of its own for the architecture this machine is not
    const { bundleDir } = thumbnailers.node.code;
    const expected = architecture === hostArchitecture() ? bundleDir : `${bundleDir}-${architecture}`;
    expect(defaultCodeDir(thumbnailers.node, architecture)).toBe(path.join(repoRoot, expected));
    // and each Python package for Lambda has one per architecture, apart from the stand-in's
    for (const fn of [functions.python, thumbnailers.python]) {
      expect(defaultCodeDir(fn, architecture)).toBe(path.join(repoRoot, `${fn.code.bundleDir}-${architecture}`));
    }
  });

  it('names the build that makes a missing artefact: a Node bundle with native packages is built per architecture', () => {
    // Given the node thumbnailer's key pointing at a folder without its bundle, then the message names
    // its key and the Lambda build, which installs sharp for the architecture
    expect(() => read({ ...assets, nodeThumbnailerAsset: artefacts.rust })).toThrow(
      /^missing .*index\.mjs: run npm run build:lambda -- --architecture arm64, or pass -c nodeThumbnailerAsset=DIR$/,
    );
    expect(() => read({ ...assets, rustThumbnailerAsset: artefacts.node })).toThrow(/^missing .*bootstrap: .* or pass -c rustThumbnailerAsset=DIR$/);
  });

  it('refuses bad values with one line naming the key', () => {
    expect(() => read({ ...assets, architecture: 'arm' })).toThrow("invalid context architecture: expected arm64 or x86_64, got 'arm'");
    expect(() => read({ ...assets, throttleRate: 'fast' })).toThrow("invalid context throttleRate: expected a positive number, got 'fast'");
    expect(() => read({ ...assets, throttleBurst: '1.5' })).toThrow("invalid context throttleBurst: expected a positive whole number, got '1.5'");
    expect(() => read({ ...assets, nodeAsset: artefacts.rust })).toThrow(/^missing .*index\.mjs: run npm run build, or pass -c nodeAsset=DIR$/);
  });
});
