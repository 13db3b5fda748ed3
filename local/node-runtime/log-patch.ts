import { format } from 'node:util';
import { intoError, toFormatted } from './errors.ts';

/**
 * The runtime's console: every call becomes one text record, `<ISO time>\t<request id>\t<LEVEL>\t<message>`,
 * on stdout, as the runtime's stdout logger writes it (aws-lambda-nodejs-runtime-interface-client
 * src/logging/stdout-logger.ts, formatter.ts, log-patch.ts). Only the text format is emulated; the
 * functions here never set AWS_LAMBDA_LOG_FORMAT=JSON.
 */

const levels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
type Level = (typeof levels)[number];

type LogFunction = (message?: unknown, ...params: unknown[]) => void;

const ignore: LogFunction = () => undefined;

/** `requestId` names the invocation a record belongs to, read at the moment of the call. */
export function patchConsole(requestId: () => string, minLevel: Level = levelFrom(process.env.AWS_LAMBDA_LOG_LEVEL)): void {
  const writer = (level: Level): LogFunction =>
    levels.indexOf(level) < levels.indexOf(minLevel) ? ignore : (message, ...params) => write(level, requestId(), message, params);
  console.trace = writer('TRACE');
  console.debug = writer('DEBUG');
  console.info = writer('INFO');
  console.warn = writer('WARN');
  console.error = writer('ERROR');
  // The runtime adds a FATAL level that plain Node lacks.
  (console as Console & { fatal: LogFunction }).fatal = writer('FATAL');
  console.log = console.info;
}

/** How the runtime logs an error it reports: `<label> \t<error as JSON>` at ERROR. */
export function logError(label: string, error: unknown): void {
  console.error(label, toFormatted(intoError(error)));
}

function write(level: Level, requestId: string, message: unknown, params: unknown[]): void {
  // A newline would split the record in two where the log is read line by line; the runtime
  // turns each into a carriage return so a stack trace stays one record.
  const record = `${new Date().toISOString()}\t${requestId}\t${level}\t${format(message, ...params)}`.replaceAll('\n', '\r');
  process.stdout.write(`${record}\n`);
}

/** Everything is logged unless AWS_LAMBDA_LOG_LEVEL names a higher floor. */
function levelFrom(value: string | undefined): Level {
  const level = value?.toUpperCase();
  return levels.find((known) => known === level) ?? 'TRACE';
}
