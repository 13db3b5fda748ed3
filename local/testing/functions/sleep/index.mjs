import { setTimeout as sleep } from 'node:timers/promises';

// Takes as long as the body's {"ms": N} says: for timeouts and for concurrency.
export const handler = async (event) => {
  const { ms } = JSON.parse(event.body);
  await sleep(ms);
  return { statusCode: 200, body: JSON.stringify({ slept: ms }) };
};
