import { describe, expect, it } from 'vitest';
import { toolPaths } from '../../toolchain/paths.ts';
import { nodeRuntimeCommand } from './launch.ts';

describe('nodeRuntimeCommand', () => {
  it('starts the pinned Node 24 with the bootstrap flags for a 256 MB function', () => {
    // Given a 256 MB function
    // When its runtime command is built
    const { command, args } = nodeRuntimeCommand(256, '/runtime.mjs');

    // Then new space is 25 MB (a semi-space 12), the old space the other 231, then the runtime file
    expect(command).toBe(toolPaths.node24);
    expect(args).toEqual([
      '--expose-gc',
      '--max-http-header-size',
      '81920',
      '--max-semi-space-size=12',
      '--max-old-space-size=231',
      '/runtime.mjs',
    ]);
  });

  it('rounds down as the shell arithmetic of the bootstrap does', () => {
    // Given the smallest and an odd memory size
    // When their commands are built
    const smallest = nodeRuntimeCommand(128, '/runtime.mjs').args;
    const odd = nodeRuntimeCommand(1769, '/runtime.mjs').args;

    // Then every division truncates
    expect(smallest).toContain('--max-semi-space-size=6');
    expect(smallest).toContain('--max-old-space-size=116');
    expect(odd).toContain('--max-semi-space-size=88');
    expect(odd).toContain('--max-old-space-size=1593');
  });
});
