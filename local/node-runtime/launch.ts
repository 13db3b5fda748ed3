import { toolPaths } from '../../toolchain/paths.ts';

/**
 * The command the nodejs runtime's bootstrap runs: the pinned Node 24 with the flags Lambda's
 * `/var/runtime/bootstrap` passes. Memory split as that script computes it with shell integer
 * arithmetic: new space is a tenth of the function's memory, a semi-space half of that, the old
 * space the rest (the nodejs14.x/18.x bootstrap scripts; the nodejs24.x one, as published in
 * "Deep Dive into AWS Lambda (3): Official Node.js Runtime Analysis", keeps new_space = memory / 10).
 */
export function nodeRuntimeCommand(memoryMb: number, runtimeFile: string): { command: string; args: string[] } {
  const newSpaceMb = Math.floor(memoryMb / 10);
  return {
    command: toolPaths.node24,
    args: [
      '--expose-gc',
      '--max-http-header-size',
      '81920',
      `--max-semi-space-size=${Math.floor(newSpaceMb / 2)}`,
      `--max-old-space-size=${memoryMb - newSpaceMb}`,
      runtimeFile,
    ],
  };
}
