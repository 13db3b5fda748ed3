import { appendFileSync, readFileSync } from 'node:fs';

// Fails the first {"failures": N} attempts at an event and succeeds after, as a function with a
// passing fault does. Each attempt may land in a new environment, so the count lives in the file
// the event names ({"attemptsFile": "/tmp/…"}): one line per attempt, the time it began, in ms.
class FlakyError extends Error {
  name = 'FlakyError';
}

export const handler = async ({ attemptsFile, failures }) => {
  appendFileSync(attemptsFile, `${Date.now()}\n`);
  const attempt = readFileSync(attemptsFile, 'utf8').trim().split('\n').length;
  if (attempt <= failures) throw new FlakyError(`attempt ${attempt} of ${failures} to fail`);
  return { attempt };
};
