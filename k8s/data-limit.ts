import { CommandError } from '../toolchain/command.ts';

/** The API server refuses a ConfigMap or a Secret whose data adds up to more than 1 MiB. */
export const maxObjectDataBytes = 2 ** 20;

/** Bytes as the API server counts them, keys included (it counts a ConfigMap's keys too). */
export function dataBytes(data: Record<string, string>): number {
  return Object.entries(data).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
}

/** One line, before anything is written, instead of a refusal from the cluster at `kubectl apply`. */
export function assertFits(kind: string, name: string, data: Record<string, string>, remedy: string): void {
  const bytes = dataBytes(data);
  if (bytes > maxObjectDataBytes) {
    throw new CommandError(`the ${kind} ${name} would hold ${(bytes / 2 ** 20).toFixed(2)} MiB, over Kubernetes' 1 MiB limit: ${remedy}`);
  }
}
