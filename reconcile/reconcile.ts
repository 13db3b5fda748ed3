import type { ContenderName } from '../functions.config.ts';
import { strayExamples, type ContenderWrites } from '../formats/reconciliation.ts';
import type { ContenderInventory } from './inventory.ts';

/** Pairs one contender's objects with its items and holds them against the 201s the caller saw. */
export function reconcile(inventory: ContenderInventory, created: number): ContenderWrites {
  const pointedAt = new Set(inventory.itemKeys.values());
  const orphans = [...inventory.objectKeys].filter((key) => !pointedAt.has(key));
  const dangling = [...inventory.itemKeys.values()].filter((key) => !inventory.objectKeys.has(key));
  return {
    created,
    objects: inventory.objectKeys.size,
    items: inventory.itemKeys.size,
    paired: inventory.itemKeys.size - dangling.length,
    orphanObjects: { count: orphans.length, keys: orphans.sort().slice(0, strayExamples) },
    danglingItems: { count: dangling.length, keys: dangling.sort().slice(0, strayExamples) },
  };
}

/** Every contender's writes, for the ones the run measured. */
export function reconcileAll(inventory: Map<ContenderName, ContenderInventory>, created: Partial<Record<ContenderName, number>>): Partial<Record<ContenderName, ContenderWrites>> {
  return Object.fromEntries([...inventory].map(([runtime, held]) => [runtime, reconcile(held, created[runtime] ?? 0)]));
}

/** The lines a user reads after the run; a stray write is named, and a 201 without its pair is called lost. */
export function renderWrites(contenders: Partial<Record<ContenderName, ContenderWrites>>): string[] {
  const rows = Object.entries(contenders) as Array<[ContenderName, ContenderWrites]>;
  const cell = (value: string | number) => String(value).padStart(10);
  const lines = [
    `${'writes (reconciled)'.padEnd(24)}${['201s', 'objects', 'items', 'paired', 'orphans', 'dangling'].map(cell).join('')}`,
    ...rows.map(([runtime, w]) => `${`  ${runtime}`.padEnd(24)}${[w.created, w.objects, w.items, w.paired, w.orphanObjects.count, w.danglingItems.count].map(cell).join('')}`),
  ];
  for (const [runtime, w] of rows) {
    if (w.paired < w.created) lines.push(`  ${runtime}: ${w.created - w.paired} answers of 201 have no object and item pair: writes were lost`);
    if (w.orphanObjects.count > 0) lines.push(`  ${runtime}: ${w.orphanObjects.count} objects without an item (${w.orphanObjects.keys.join(', ')}${w.orphanObjects.count > w.orphanObjects.keys.length ? ', …' : ''})`);
    if (w.danglingItems.count > 0) lines.push(`  ${runtime}: ${w.danglingItems.count} items pointing at no object (${w.danglingItems.keys.join(', ')}${w.danglingItems.count > w.danglingItems.keys.length ? ', …' : ''})`);
  }
  return lines;
}
