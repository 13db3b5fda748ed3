import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import schema from '../formats/summary.schema.json' with { type: 'json' };
import { summarySchemaId, type RunSummary } from '../formats/summary.ts';
import { badInput, CommandError } from '../toolchain/command.ts';

const validate = new Ajv2020({ allErrors: false, validateFormats: false }).compile<RunSummary>(schema);

/** The errors of a document against `lambda-duel/summary@1`, or [] when it is one. */
export function summaryErrors(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}

/** Reads and validates a summary; anything else is one clear line naming the file. */
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
  if (typeof declared === 'string' && declared.startsWith('lambda-duel/summary@') && declared !== summarySchemaId) {
    throw new CommandError(`${name}: schema ${declared} is not supported (this version reads ${summarySchemaId})`, badInput);
  }
  const errors = summaryErrors(document);
  if (errors.length > 0) throw new CommandError(`${name}: not a ${summarySchemaId} document (${errors[0]})`, badInput);
  return document as RunSummary;
}
