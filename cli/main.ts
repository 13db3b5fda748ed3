import { CommandError } from '../toolchain/command.ts';
import { quietSdkNodeNotice } from '../toolchain/sdk-notice.ts';
import { commands } from './commands.ts';

/** `lambda-duel <command>`: the one entry point behind the npm scripts. */
async function main(argv: string[]): Promise<number> {
  quietSdkNodeNotice();
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(`usage: lambda-duel <${Object.keys(commands).join('|')}>${name ? ` (unknown command '${name}')` : ''}`);
    return 2;
  }
  return command(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Expected failures are one line for the user; anything else is a bug and keeps its stack.
    console.error(error instanceof CommandError ? `lambda-duel: ${error.message}` : error);
    process.exitCode = error instanceof CommandError ? error.exitCode : 1;
  },
);
