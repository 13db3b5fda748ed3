import { readdirSync } from 'node:fs';
import path from 'node:path';
import { toolPaths } from '../../toolchain/paths.ts';

/**
 * How the managed python runtime starts a function: CPython runs AWS's runtime interface client,
 * `python -m awslambdaric <handler>`, from the task root. Lambda sets PYTHONPATH to its runtime's
 * own folder and puts the task root first on sys.path, so the function's vendored packages win
 * over the runtime's; here the runtime's folder is the venv's site-packages (awslambdaric and the
 * test tools, no boto3), and the venv's interpreter sees no other site-packages.
 */
export function pythonRuntimeCommand(handler: string): { command: string; args: string[] } {
  return { command: toolPaths.python, args: ['-m', 'awslambdaric', handler] };
}

/** The variables the managed runtime adds for a function whose task root is `taskRoot`. */
export function pythonRuntimeEnv(taskRoot: string, lambdaRuntime: string): Record<string, string> {
  const runtimeDir = pythonRuntimeDir();
  return {
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: runtimeDir,
    PYTHONPATH: [taskRoot, runtimeDir].join(path.delimiter),
    AWS_EXECUTION_ENV: `AWS_Lambda_${lambdaRuntime}`,
  };
}

/** The venv's site-packages, `lib/python3.<minor>/site-packages`, whichever CPython made it. */
export function pythonRuntimeDir(): string {
  const lib = path.join(toolPaths.pythonVenv, 'lib');
  const version = readdirSync(lib).find((name) => /^python3\.\d+$/.test(name));
  if (version === undefined) throw new Error(`no python3.x folder in ${lib}: run \`npm run toolchain\``);
  return path.join(lib, version, 'site-packages');
}
