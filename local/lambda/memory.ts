import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Memory as Lambda reports it, read from the kernel's accounting of the environment's process:
 * VmRSS is what it holds now, VmHWM the most it has ever held (Lambda's "Max Memory Used").
 */
export interface MemoryReading {
  rssMb: number;
  peakMb: number;
}

/** /proc/<pid>/status is about 1.5 kB; the fields read here are in its first half. */
const statusBytes = 4096;

/**
 * One process's /proc status, opened once at spawn. Each reading is then a single pread (about a
 * fifth of the cost of open, read and close, on every invocation's path), and a recycled pid can
 * never be read by mistake: once the process is gone, reads fail.
 */
export class MemoryGauge {
  private fd: number | undefined;
  private readonly buffer = Buffer.allocUnsafe(statusBytes);

  constructor(pid: number) {
    this.fd = openOrUndefined(`/proc/${pid}/status`);
  }

  /** Undefined once the process is gone. Synchronous on purpose: /proc reads never block on I/O. */
  read(): MemoryReading | undefined {
    if (this.fd === undefined) return undefined;
    let length: number;
    try {
      length = readSync(this.fd, this.buffer, 0, statusBytes, 0);
    } catch {
      return undefined;
    }
    const status = this.buffer.toString('latin1', 0, length);
    const rssMb = fieldMb(status, 'VmRSS:');
    const peakMb = fieldMb(status, 'VmHWM:');
    // A process that has exited but not been reaped has no memory lines left.
    return rssMb === undefined || peakMb === undefined ? undefined : { rssMb, peakMb };
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    // The number may be handed to the next file opened; it must never be read again.
    this.fd = undefined;
  }
}

function openOrUndefined(file: string): number | undefined {
  try {
    return openSync(file, 'r');
  } catch {
    return undefined;
  }
}

/** `VmHWM:\t   12345 kB` in MB. */
function fieldMb(status: string, name: string): number | undefined {
  const start = status.indexOf(name);
  if (start === -1) return undefined;
  const kib = Number.parseInt(status.slice(start + name.length, status.indexOf(' kB', start)), 10);
  return Number.isNaN(kib) ? undefined : kib / 1024;
}
