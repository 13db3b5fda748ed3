/**
 * The one deadline every store call of an invocation must answer by: Lambda's own, less the
 * uuid writer's reserve to log and return. The thumbnailer has no compensating call to save time for.
 */
import { answerReserveMs } from '../uuid-writer/deadlines.ts';

/** Epoch milliseconds. */
export function storeDeadline(remainingMs: number, now: number = Date.now()): number {
  return now + remainingMs - answerReserveMs;
}
