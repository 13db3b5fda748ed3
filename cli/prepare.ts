import { ensureToolchain, localToolSteps } from '../toolchain/index.ts';
import type { ToolStep } from '../toolchain/step.ts';
import { buildAll } from './build.ts';
import { deployedFunctions, type DeployedFunction } from '../functions.config.ts';

/**
 * The toolchain and the build side by side: neither needs the other, and on a first run the Go
 * tools' downloads and compiles overlap the Rust release build instead of coming before it.
 * Both are awaited, so no compiler outlives a failure of the other, and the first failure is thrown.
 */
export async function prepare(steps: readonly ToolStep[] = localToolSteps, functions: readonly DeployedFunction[] = deployedFunctions): Promise<void> {
  const [tools, build] = await Promise.allSettled([ensureToolchain(steps), buildAll(console.error, functions)]);
  if (tools.status === 'rejected') throw tools.reason;
  if (build.status === 'rejected') throw build.reason;
}
