import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import schema from '../formats/summary.schema.json' with { type: 'json' };
import schemaV1 from '../formats/summary@1.schema.json' with { type: 'json' };
import { contenderNames, isContender } from '../functions.config.ts';
import { fromV1, summarySchemaId, summaryV1SchemaId, type RunSummary, type RunSummaryV1 } from '../formats/summary.ts';
import { badInput, CommandError } from '../toolchain/command.ts';

const ajv = new Ajv2020({ allErrors: false, validateFormats: false });
const validators = { [summarySchemaId]: ajv.compile<RunSummary>(schema), [summaryV1SchemaId]: ajv.compile<RunSummaryV1>(schemaV1) };
type SchemaId = keyof typeof validators;

/**
 * The errors of a document against the summary schema it names (`lambda-duel/summary@2`, or the
 * older `@1`), or [] when it is one. Beyond the schema: a version-2 summary has a route for each of
 * its contenders and for no other.
 */
export function summaryErrors(document: unknown): string[] {
  const declared = (document as { schema?: unknown } | null)?.schema;
  const id: SchemaId = declared === summaryV1SchemaId ? summaryV1SchemaId : summarySchemaId;
  const validate = validators[id];
  if (!validate(document)) return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
  if (id === summaryV1SchemaId) return [];
  const { run, routes } = document as RunSummary;
  const listed = new Set<string>(run.contenders);
  return [
    ...run.contenders.filter((name) => !(name in routes)).map((name) => `/routes has no route for contender ${name}`),
    ...Object.keys(routes).filter((name) => !listed.has(name)).map((name) => `/routes/${name} is not among run.contenders`),
  ];
}

/**
 * Reads and validates a summary, a version-1 one as version 2 says the same; anything else, or a
 * contender this declaration does not have, is one clear line naming the file.
 */
export async function readSummary(file: string): Promise<RunSummary> {
  const name = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CommandError(`${name}: no such file`, badInput);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new CommandError(`${name}: not JSON, so not a lambda-duel summary`, badInput);
  }
  const declared = (document as { schema?: unknown } | null)?.schema;
  if (typeof declared === 'string' && declared.startsWith('lambda-duel/summary@') && !(declared in validators)) {
    throw new CommandError(`${name}: schema ${declared} is not supported (this version reads ${summarySchemaId} and ${summaryV1SchemaId})`, badInput);
  }
  const errors = summaryErrors(document);
  if (errors.length > 0) throw new CommandError(`${name}: not a ${declared === summaryV1SchemaId ? summaryV1SchemaId : summarySchemaId} document (${errors[0]})`, badInput);
  const summary = declared === summaryV1SchemaId ? fromV1(document as RunSummaryV1) : (document as RunSummary);
  const unknown = summary.run.contenders.filter((contender) => !isContender(contender));
  if (unknown.length > 0) throw new CommandError(`${name}: contender ${unknown.join(', ')} is not declared in functions.config.ts (it has ${contenderNames.join(', ')})`, badInput);
  return summary;
}

/** A run's summary file: the one given, or the one `<test>.summary.json` in the folder given. */
export async function summaryFileOf(input: string): Promise<string> {
  const info = await stat(input).catch(() => undefined);
  if (!info) throw new CommandError(`${input}: no such file or folder`, badInput);
  if (!info.isDirectory()) return input;
  const summaries = (await readdir(input)).filter((file) => file.endsWith('.summary.json'));
  if (summaries.length === 0) throw new CommandError(`${input}: no <test>.summary.json in this folder`, badInput);
  if (summaries.length > 1) throw new CommandError(`${input}: several runs here (${summaries.join(', ')}): name one summary file`, badInput);
  return path.join(input, summaries[0]!);
}
