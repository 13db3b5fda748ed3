import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The small Node functions that the stand-in's and the runtime client's tests run, one folder
 * each under `functions/`: `handlers` holds one module of many handlers, each other folder one
 * `index.handler` that does what its name says.
 */
export type TestFunction = 'allocate' | 'crash' | 'echo' | 'flaky' | 'handlers' | 'init-error' | 'python-sleep' | 's3-loop' | 'sleep' | 'spin' | 'throw' | 'ticker';

const functionsDir = fileURLToPath(new URL('./functions/', import.meta.url));

/** The function's folder: its task root, absolute. */
export function testFunctionDir(name: TestFunction): string {
  return path.join(functionsDir, name);
}
