import { describe, expect, it } from 'vitest';
import { CommandError } from '../toolchain/command.ts';
import { buildLambda, deploy } from './deploy.ts';

describe('deploying refuses bad input before building anything', () => {
  it.each([
    ['deploy', deploy, ['--architecture', 'sparc'], "invalid --architecture: expected arm64 or x86_64, got 'sparc'"],
    ['build-lambda', buildLambda, ['--architecture', 'arm'], "invalid --architecture: expected arm64 or x86_64, got 'arm'"],
  ] as const)('%s %j fails with one line', async (_name, command, args, message) => {
    const failure = command([...args]);
    await expect(failure).rejects.toBeInstanceOf(CommandError);
    await expect(failure).rejects.toThrow(message);
  });
});
