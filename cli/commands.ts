import { ensureToolchain } from '../toolchain/index.ts';
import { buildFunctions } from './build.ts';
import { runLocal } from './local.ts';
import { runAllTests } from './test.ts';

export type Command = (args: string[]) => Promise<number>;

async function build(): Promise<number> {
  await ensureToolchain();
  await buildFunctions();
  return 0;
}

export const commands: Record<string, Command> = {
  toolchain: async () => (await ensureToolchain(), 0),
  build,
  /** The main job; it grows into the whole comparison as the scenarios land. */
  start: build,
  local: runLocal,
  test: runAllTests,
};
