import { readFileSync } from 'node:fs';

/**
 * Memory as Lambda reports it, read from the kernel's accounting of the environment's process:
 * VmRSS is what it holds now, VmHWM the most it has ever held (Lambda's "Max Memory Used").
 */
export interface MemoryReading {
  rssMb: number;
  peakMb: number;
}

const kib = /^(VmRSS|VmHWM):\s+(\d+) kB$/gm;

/** Undefined once the process is gone. Synchronous on purpose: /proc reads never block on I/O. */
export function readMemory(pid: number): MemoryReading | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const values: Record<string, number> = {};
  for (const [, name, value] of status.matchAll(kib)) values[name!] = Number(value) / 1024;
  if (values.VmRSS === undefined || values.VmHWM === undefined) return undefined;
  return { rssMb: values.VmRSS, peakMb: values.VmHWM };
}
