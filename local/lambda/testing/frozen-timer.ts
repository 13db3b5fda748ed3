import { expect } from 'vitest';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a test holds of an environment whose 10 ms timer prints a line each time it fires. */
export interface TickingEnvironment {
  freeze(): void;
  thaw(): void;
  /** Lines printed so far. */
  ticks(): number;
}

/**
 * When the environment is frozen for 300 ms (50 ms after the freeze, for it to take), Then its
 * timer does not fire; When it is thawed, Then it fires again within 200 ms.
 */
export async function expectNoTicksWhileFrozen(environment: TickingEnvironment): Promise<void> {
  environment.freeze();
  await sleep(50);
  const frozenAt = environment.ticks();
  await sleep(300);
  expect(environment.ticks()).toBe(frozenAt);
  environment.thaw();
  await sleep(200);
  expect(environment.ticks()).toBeGreaterThan(frozenAt + 5);
}
