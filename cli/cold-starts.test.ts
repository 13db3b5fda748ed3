import { describe, expect, it, vi } from 'vitest';
import { functionNames } from '../functions.config.ts';
import { CommandError } from '../toolchain/command.ts';
import { coldStarts } from './cold-starts.ts';

describe('cold starts on AWS refuse bad input before touching AWS', () => {
  it('asks for confirmation of the run, showing its estimated cost', async () => {
    // Given no --yes and no CONFIRM
    vi.stubEnv('CONFIRM', '');
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      // When cold starts are asked for, then the run stops at the cost gate
      await expect(coldStarts(['--rounds', '3', '--functions', 'node,rust'])).rejects.toThrow(
        /^cold starts \(3 rounds × node, rust\) on AWS costs about \$0\.\d+: run it again with --yes \(or CONFIRM=1\) to go ahead$/,
      );
      expect(printed.mock.calls[0]![0]).toMatch(/^cost: cold starts \(3 rounds × node, rust\) on AWS, 6 requests, is estimated at \$/);
    } finally {
      printed.mockRestore();
      vi.unstubAllEnvs();
    }
  });

  it.each([
    [['--rounds', '0'], "invalid --rounds: expected a whole number from 1 to 1000, got '0'"],
    [['--functions', 'node,nod'], `invalid --functions: expected some of ${functionNames.join(', ')}, got 'node,nod'`],
    [['--round', '3'], /^Unknown option '--round'/],
  ])('%j fails with one line', async (args, message) => {
    const failure = coldStarts(args);
    await expect(failure).rejects.toBeInstanceOf(CommandError);
    await expect(failure).rejects.toThrow(message);
  });
});
