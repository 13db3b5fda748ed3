import path from 'node:path';
import { runCommand } from '../command.ts';
import type { ToolStep } from '../step.ts';

export interface GoTool {
  name: string;
  module: string;
  /** The command's package inside the module; empty when it is the module's root. */
  command: string;
  version: string;
  binary: string;
}

/**
 * A tool built from source through the Go module proxy. `go version -m` reads back the module
 * version that `go install` baked into the binary, so the check needs no stamp file.
 */
export function goInstallStep(tool: GoTool): ToolStep {
  const pattern = new RegExp(`^\\s*mod\\s+${tool.module.replaceAll('.', '\\.')}\\s+(\\S+)`, 'm');
  return {
    name: tool.name,
    version: tool.version,
    async installedVersion() {
      const info = await runCommand('go', ['version', '-m', tool.binary]).catch(() => '');
      return pattern.exec(info)?.[1];
    },
    async install(logFile) {
      const target = [tool.module, tool.command].filter(Boolean).join('/');
      await runCommand('go', ['install', `${target}@${tool.version}`], {
        env: { ...process.env, GOBIN: path.dirname(tool.binary), GOFLAGS: '-trimpath' },
        logFile,
      });
    },
  };
}
