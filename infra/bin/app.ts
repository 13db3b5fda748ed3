import { CommandError } from '../../toolchain/command.ts';
import { createApp } from '../lambda-duel-stack.ts';

// The CDK entry (`cdk.json`): context in, one stack out. A bad setting is one line, not a stack trace.
try {
  createApp().app.synth();
} catch (error) {
  if (!(error instanceof CommandError)) throw error;
  console.error(`lambda-duel: ${error.message}`);
  process.exitCode = 1;
}
