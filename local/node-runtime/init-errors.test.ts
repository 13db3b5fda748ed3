import { describe, expect, it } from 'vitest';
import { useBundledRuntime } from '../testing/bundled-runtime.ts';
import { testFunctionDir } from '../testing/test-functions.ts';

const fixtures = testFunctionDir('handlers');

interface InitErrorBody {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

describe('Node runtime client: init errors', () => {
  const runtime = useBundledRuntime();

  /** Starts the runtime on a handler that cannot load and waits for its report and its exit. */
  const failToStart = async (taskRoot: string, handler: string) => {
    const started = await runtime.start(taskRoot, handler);
    const report = await started.initError;
    return { header: report.errorType, body: JSON.parse(report.body) as InitErrorBody, exitCode: await started.exitCode, stdout: started.stdout };
  };

  it('reports a module that does not exist as Runtime.ImportModuleError', async () => {
    // Given a handler naming a module the task root lacks
    // When the runtime starts
    const { header, body, exitCode } = await failToStart(fixtures, 'missing.handler');

    // Then init fails with the import error, in the header and the body, and the process exits non-zero
    expect(header).toBe('Runtime.ImportModuleError');
    expect(body.errorType).toBe('Runtime.ImportModuleError');
    expect(body.errorMessage).toMatch(/^Error: Cannot find module 'missing'/);
    expect(exitCode).not.toBe(0);
  });

  it('reports a missing export as Runtime.HandlerNotFound', async () => {
    // Given a handler naming an export the module lacks
    // When the runtime starts
    const { header, body, exitCode } = await failToStart(fixtures, 'handlers.handlers.absent');

    // Then init fails with the handler-not-found error
    expect(header).toBe('Runtime.HandlerNotFound');
    expect(body.errorMessage).toBe('handlers.handlers.absent is undefined or not exported');
    expect(exitCode).not.toBe(0);
  });

  it('reports an export that is not a function as Runtime.HandlerNotFound', async () => {
    // Given a handler naming a number
    // When the runtime starts
    const { header, body } = await failToStart(fixtures, 'handlers.handlers.notAFunction');

    // Then init fails because the handler cannot be called
    expect(header).toBe('Runtime.HandlerNotFound');
    expect(body.errorMessage).toBe('handlers.handlers.notAFunction is not a function');
  });

  it('reports a handler string without an export as Runtime.MalformedHandlerName', async () => {
    // Given a handler string with no dot
    // When the runtime starts
    const { header, body } = await failToStart(fixtures, 'handlers');

    // Then init fails on the name itself
    expect(header).toBe('Runtime.MalformedHandlerName');
    expect(body.errorMessage).toBe('Bad handler');
  });

  it('reports a throw while the module loads under the thrown error’s own name', async () => {
    // Given the init-error function, which throws at module load
    // When the runtime starts
    const { header, body, exitCode } = await failToStart(testFunctionDir('init-error'), 'index.handler');

    // Then init fails with that Error, its message and its stack
    expect(header).toBe('Error');
    expect(body.errorType).toBe('Error');
    expect(body.errorMessage).toBe('init failed on purpose');
    expect(body.trace[0]).toBe('Error: init failed on purpose');
    expect(exitCode).not.toBe(0);
  });

  it('refuses a callback-style handler, as Node 24 runtimes do', async () => {
    // Given a handler that takes (event, context, callback)
    // When the runtime starts
    const { header, body } = await failToStart(fixtures, 'handlers.handlers.callback');

    // Then init fails with the deprecation error
    expect(header).toBe('Runtime.CallbackHandlerDeprecated');
    expect(body.errorMessage).toMatch(/removed support for callback-based function handlers starting with Node\.js 24/);
  });

  it('logs the failure as an Init Error record outside any invocation', async () => {
    // Given a handler naming a module that does not exist
    // When the runtime starts and fails
    const { stdout } = await failToStart(fixtures, 'missing.handler');

    // Then its log has the error, with "-" where a request id would be
    expect(stdout.some((line) => /\t-\tERROR\tInit Error \t\{"errorType":"Runtime\.ImportModuleError"/.test(line))).toBe(true);
  });
});
