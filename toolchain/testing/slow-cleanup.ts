/**
 * Test-only: work that ends at once, then a cleanup that takes a second and says when it is done;
 * `interrupt.test.ts` sends Ctrl-C while that cleanup runs.
 */
import { withCleanup } from '../interrupt.ts';

await withCleanup(
  async () => undefined,
  async () => {
    console.log('cleaning');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    console.log('cleaned');
  },
);
console.log('done');
