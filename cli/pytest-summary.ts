/**
 * pytest's counts from its closing summary line (`3 failed, 31 passed, 1 error in 7.9s`), for the
 * one `all tests` line. A run that ended in error without a count (exit 5, no tests collected; a
 * usage error) counts as one failure.
 */
export function pytestTally(code: number, output: string): { passed: number; failed: number } {
  const summary = output.trimEnd().split('\n').at(-1) ?? '';
  const count = (word: string) => Number(new RegExp(`(\\d+) ${word}\\b`).exec(summary)?.[1] ?? 0);
  const tally = { passed: count('passed'), failed: count('failed') + count('errors?') };
  if (code !== 0 && tally.failed === 0) tally.failed = 1;
  return tally;
}
