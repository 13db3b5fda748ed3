import { describe, expect, it } from 'vitest';
import { pytestTally } from './pytest-summary.ts';

describe('pytestTally', () => {
  it('counts passes, failures and errors from the closing line', () => {
    // Given pytest's output of a run with failures and an error
    const output = 'tests/test_a.py ..F\n=== short test summary info ===\n2 failed, 31 passed, 1 error in 7.88s\n';
    // When it is tallied
    // Then errors count as failures
    expect(pytestTally(1, output)).toEqual({ passed: 31, failed: 3 });
  });

  it('counts a clean run as its passes', () => {
    expect(pytestTally(0, '34 passed in 7.51s\n')).toEqual({ passed: 34, failed: 0 });
  });

  it('counts a run that collected no test (exit 5) as a failure', () => {
    // Given pytest's exit 5 and its line for no tests
    // When it is tallied
    // Then nothing passed and one failure stands for the run
    expect(pytestTally(5, 'no tests ran in 0.01s\n')).toEqual({ passed: 0, failed: 1 });
  });
});
