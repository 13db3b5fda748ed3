import { failureTypes } from '../formats/thumbnail-item.ts';
import type { ContenderPipeline, KeyList, ThumbnailPipeline } from '../formats/thumbnail-pipeline.ts';

/** What every upload became, a line per contender, under k6's table; and the keys of any that went wrong. */
export function renderOutcomes(pipeline: ThumbnailPipeline): string[] {
  const wait = `${pipeline.drained.waitedSeconds.toFixed(0)} s after the last upload${pipeline.drained.settled ? '' : ', not settled'}`;
  const lines = [`uploads (${pipeline.stores === 'local' ? "the run's own bucket and table" : "the stack's"}, ${wait}):`];
  for (const [name, each] of Object.entries(pipeline.contenders)) {
    if (!each) continue;
    lines.push(`  ${name.padEnd(8)} ${summary(each)}`);
    for (const [label, list] of [['lost', each.lost], ['inconsistent', each.inconsistent], ['given up', each.gaveUp], ['unfinished', each.unfinished], ['stray thumbnails', each.strayThumbnails]] as const) {
      if (list.count > 0) lines.push(`    ${label}: ${examples(list)}`);
    }
  }
  return lines;
}

function summary(each: ContenderPipeline): string {
  const failed = failureTypes.flatMap((type) => (each.failed.byType[type] ? [`${each.failed.byType[type]} ${type}`] : []));
  return [
    `${each.uploads} stored`,
    `${each.done} thumbnails`,
    `${each.failed.count} failures recorded${failed.length > 0 ? ` (${failed.join(', ')})` : ''}`,
    `${each.gaveUp.count} given up`,
    `${each.unfinished.count} unfinished`,
    `${each.lost.count} lost`,
    `${each.inconsistent.count} inconsistent`,
    ...(each.strayThumbnails.count > 0 ? [`${each.strayThumbnails.count} stray thumbnails`] : []),
  ].join(', ');
}

function examples(list: KeyList): string {
  return `${list.keys.join(', ')}${list.count > list.keys.length ? ` and ${list.count - list.keys.length} more` : ''}`;
}
