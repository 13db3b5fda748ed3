/**
 * `<test>.reconciliation.json`: what the stores held after a run, per contender, held against the
 * 201s k6 saw. The runner writes it after the load and before the stand-in's stores go away;
 * compare reads it. Types and constants only.
 */
import type { ContenderName } from '../functions.config.ts';

export const reconciliationSchemaId = 'lambda-duel/reconciliation@1';

export const reconciliationFileName = (scenario: string) => `${scenario}.reconciliation.json`;

/** How many keys of each kind of stray write are kept by name; the counts are always whole. */
export const strayExamples = 10;

export interface ContenderWrites {
  /** Answers of 201 that k6 received: writes the function said were complete. */
  created: number;
  /** Objects under the contender's prefix. */
  objects: number;
  /** Items whose `runtime` is the contender. */
  items: number;
  /** Objects with an item pointing at them, and items with an object under their `s3Key`. */
  paired: number;
  /** Objects no item points at: a write whose item never came. */
  orphanObjects: { count: number; keys: string[] };
  /** Items whose `s3Key` names no object: the one outcome the contract forbids. */
  danglingItems: { count: number; keys: string[] };
}

export interface Reconciliation {
  schema: typeof reconciliationSchemaId;
  /** `local`: the run's own stores, empty at its start. `aws`: the stack's, narrowed to the run's window. */
  stores: 'local' | 'aws';
  /** On AWS, only what was written in this window counts (the stack's stores outlive runs). */
  window?: { from: string; to: string };
  checkedAt: string;
  contenders: Partial<Record<ContenderName, ContenderWrites>>;
}
