import type { Architecture } from '../functions.config.ts';
import { CommandError } from './command.ts';

/** This machine's architecture in Lambda's words: what the stand-in's artefacts are built for. */
export function hostArchitecture(): Architecture {
  if (process.arch === 'x64') return 'x86_64';
  if (process.arch === 'arm64') return 'arm64';
  throw new CommandError(`this machine is ${process.arch}: Lambda runs arm64 and x86_64 only, so the stand-in cannot run its artefacts here`);
}
