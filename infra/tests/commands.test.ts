import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { functions } from '../../functions.config.ts';
import { CommandError, runCommand } from '../../toolchain/command.ts';
import { repoRoot } from '../../toolchain/paths.ts';
import { infraCommands } from '../commands.ts';
import { requireRustStd } from '../rust-lambda.ts';

describe('the AWS commands refuse bad input before touching AWS', () => {
  it('asks for confirmation of a cold-start run, showing its estimated cost', async () => {
    // Given no --yes and no CONFIRM
    vi.stubEnv('CONFIRM', '');
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      // When cold starts are asked for, then the run stops at the cost gate
      await expect(infraCommands['cold-starts']!(['--rounds', '3', '--functions', 'node,rust'])).rejects.toThrow(
        /^cold starts \(3 rounds × node, rust\) on AWS costs about \$0\.\d+: run it again with --yes \(or CONFIRM=1\) to go ahead$/,
      );
      expect(printed.mock.calls[0]![0]).toMatch(/^cost: cold starts \(3 rounds × node, rust\) on AWS, 6 requests, is estimated at \$/);
    } finally {
      printed.mockRestore();
      vi.unstubAllEnvs();
    }
  });

  it.each([
    [['cold-starts', '--rounds', '0'], "invalid --rounds: expected a whole number from 1 to 1000, got '0'"],
    [['cold-starts', '--functions', 'node,python'], "invalid --functions: expected some of node, rust, baseline, got 'node,python'"],
    [['cold-starts', '--round', '3'], /^Unknown option '--round'/],
    [['deploy', '--architecture', 'sparc'], "invalid --architecture: expected arm64 or x86_64, got 'sparc'"],
    [['build-lambda', '--architecture', 'arm'], "invalid --architecture: expected arm64 or x86_64, got 'arm'"],
  ])('%j fails with one line', async ([name, ...args], message) => {
    const failure = infraCommands[name!]!(args);
    await expect(failure).rejects.toBeInstanceOf(CommandError);
    await expect(failure).rejects.toThrow(message);
  });
});

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
