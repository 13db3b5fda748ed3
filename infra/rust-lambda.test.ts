import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { functions, thumbnailers } from '../functions.config.ts';
import { runCommand } from '../toolchain/command.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { cargoLambdaArgs, requireRustStd, rustLambdaDir } from './rust-lambda.ts';

describe('the Rust cross-build', () => {
  it.each([
    [functions.rust, 'lambda-duel', 'bootstrap'],
    [thumbnailers.rust, 'lambda-duel-thumbnailer', 'thumbnailer'],
  ] as const)('builds $name alone, its package and its binary, into a folder of its own holding one bootstrap', (fn, pkg, binary) => {
    // When the arguments for an arm64 build are made
    const args = cargoLambdaArgs(fn, 'arm64');
    // Then cargo-lambda builds the function's package only, for AL2023's glibc, and flattens its binary
    expect(args).toEqual([
      'lambda', 'build', '--release', '--locked',
      '-p', pkg,
      '--target', 'aarch64-unknown-linux-gnu.2.34',
      '--lambda-dir', path.join(repoRoot, 'dist', 'functions', `${fn.name}-arm64`),
      '--flatten', binary,
      '--skip-target-check',
    ]);
    expect(rustLambdaDir(fn, 'x86_64')).toBe(path.join(repoRoot, 'dist', 'functions', `${fn.name}-x86_64`));
  });

  it("names the rustup command when the target's standard library is missing", async () => {
    // A target no toolchain has installed, so the check fails the same way everywhere
    const crateDir = path.join(repoRoot, functions.rust.code.crateDir);
    await expect(requireRustStd('riscv64gc-unknown-linux-gnu-not-installed', crateDir)).rejects.toThrow(
      'the Rust standard library for riscv64gc-unknown-linux-gnu-not-installed is not installed: run rustup target add riscv64gc-unknown-linux-gnu-not-installed',
    );
  });

  it('finds the standard library of the host target', async () => {
    const crateDir = path.join(repoRoot, functions.rust.code.crateDir);
    const host = /^host: (\S+)$/m.exec(await runCommand('rustc', ['-vV'], { cwd: crateDir }))![1]!;
    await expect(requireRustStd(host, crateDir)).resolves.toBeUndefined();
  });
});
