import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { functions } from '../functions.config.ts';
import { runCommand } from '../toolchain/command.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { requireRustStd } from './rust-lambda.ts';

describe('the Rust cross-build', () => {
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
