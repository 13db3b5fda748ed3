import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InvokeContext } from './context.ts';
import { RuntimeError } from './errors.ts';

/**
 * Finds the function's handler from `_HANDLER` the way the nodejs24.x runtime does
 * (aws-lambda-nodejs-runtime-interface-client src/utils/handler-path.ts,
 * src/function/module-loader.ts, handler-resolver.ts, callback-deprecation.ts): the module path
 * relative to the task root, then a dotted path to the export.
 */

export type Handler = (event: unknown, context: InvokeContext) => unknown;

/** `dir/module.export.path`: the module is everything up to the first dot of the last segment. */
const handlerExpression = /^([^.]*)\.(.*)$/;

/** The real loader's order: the bare name first, then .js, .mjs, .cjs. */
const extensionOrder = ['', '.js', '.mjs', '.cjs'] as const;

const callbackHandlerMessage =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. ' +
  'You need to modify this function to use a supported handler signature to use Node.js 24 or later. ' +
  'For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

export async function loadHandler(taskRoot: string, handlerString: string): Promise<Handler> {
  if (handlerString.includes('..')) {
    throw new RuntimeError(
      'MalformedHandlerName',
      `'${handlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const { moduleRoot, moduleName, exportPath } = parseHandler(handlerString);
  const module = await importModule(taskRoot, moduleRoot, moduleName);
  const handler = findExport(module, exportPath) || findExport((module as { default?: unknown } | undefined)?.default, exportPath);
  if (!handler) throw new RuntimeError('HandlerNotFound', `${handlerString} is undefined or not exported`);
  if (typeof handler !== 'function') throw new RuntimeError('HandlerNotFound', `${handlerString} is not a function`);
  // A third parameter is the callback; Node 24 runtimes refuse such handlers at init.
  if (handler.length >= 3) throw new RuntimeError('CallbackHandlerDeprecated', callbackHandlerMessage);
  return handler as Handler;
}

function parseHandler(handlerString: string): { moduleRoot: string; moduleName: string; exportPath: string } {
  const last = path.basename(handlerString);
  const match = handlerExpression.exec(last);
  if (!match) throw new RuntimeError('MalformedHandlerName', 'Bad handler');
  return {
    moduleRoot: handlerString.slice(0, handlerString.indexOf(last)).replace(/\/$/, ''),
    moduleName: match[1]!,
    exportPath: match[2]!,
  };
}

async function importModule(taskRoot: string, moduleRoot: string, moduleName: string): Promise<unknown> {
  const base = path.resolve(taskRoot, moduleRoot, moduleName);
  try {
    for (const extension of extensionOrder) {
      if (existsSync(base + extension)) return (await import(pathToFileURL(base + extension).href)) as unknown;
    }
    // Last resort, as in the real loader: Node's own resolution (a folder, node_modules).
    const require = createRequire(import.meta.url);
    return require(require.resolve(moduleName, { paths: [taskRoot, path.join(taskRoot, moduleRoot)] })) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) throw Object.assign(new RuntimeError('UserCodeSyntaxError', String(error)), { stack: error.stack });
    if ((error as { code?: unknown }).code === 'MODULE_NOT_FOUND') throw new RuntimeError('ImportModuleError', String(error));
    // Anything the module itself throws while loading is reported under its own name.
    throw error;
  }
}

function findExport(module: unknown, exportPath: string): unknown {
  let found = module;
  for (const key of exportPath.split('.')) {
    found = found && typeof found === 'object' ? (found as Record<string, unknown>)[key] : undefined;
  }
  return found;
}
