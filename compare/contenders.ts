import { isContender, readContenders, type ContenderName } from '../functions.config.ts';
import type { RunSummary } from '../formats/summary.ts';
import { badInput, CommandError } from '../toolchain/command.ts';

/** The contender every ratio is taken against unless `--reference` names another. */
export const defaultReference = 'rust';

export interface ComparedContenders {
  /** The columns, in declaration order. */
  contenders: ContenderName[];
  reference: ContenderName;
}

/**
 * Which of a run's contenders a comparison shows (`CONTENDERS`, every one of the run's when unset)
 * and which one the ratios are against (`--reference`; rust by default, or the first compared
 * contender when the run has no rust). A name that is not declared, or not in the run, is one line.
 */
export function comparedContenders(summary: RunSummary, selection: { contenders?: string | undefined; reference?: string | undefined } = {}): ComparedContenders {
  const inRun = summary.run.contenders;
  const requested = oneLine(() => readContenders(selection.contenders));
  const missing = selection.contenders === undefined ? [] : requested.filter((name) => !inRun.includes(name));
  if (missing.length > 0) throw new CommandError(`invalid CONTENDERS: run ${summary.run.id} measured ${inRun.join(', ')}, not ${missing.join(', ')}`, badInput);
  const contenders = inRun.filter((name) => requested.includes(name));
  const reference = selection.reference ?? (contenders.includes(defaultReference as ContenderName) ? defaultReference : contenders[0]!);
  if (!isContender(reference) || !contenders.includes(reference)) {
    throw new CommandError(`invalid --reference: expected one of ${contenders.join(', ')}, got '${reference}'`, badInput);
  }
  return { contenders, reference };
}

function oneLine<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new CommandError((error as Error).message, badInput);
  }
}
