/**
 * The X-Amzn-Trace-Id of each object write the functions sent, kept until S3's event for that
 * write takes it, so the event carries its writer's trace into Lambda as S3 does on AWS. A write
 * is kept from the moment its request arrives, not its answer: versitygw POSTs the event from a
 * goroutine of its own, which can reach the receiver before the proxy has seen the 200. A write
 * that fails is forgotten when its answer comes, as S3 sends no event for it. Writes of one key
 * are taken in the order they arrived; two writes of the same key at the same moment with
 * different traces may swap them, as no header of versitygw's event tells them apart.
 */

export interface ObjectWrite {
  bucket: string;
  key: string;
  traceHeader: string;
}

export class WriteTraces {
  private readonly byObject = new Map<string, ObjectWrite[]>();

  /** Keeps a write as its request arrives; the value is what `forget` takes. */
  begin(bucket: string, key: string, traceHeader: string): ObjectWrite {
    const write = { bucket, key, traceHeader };
    const name = objectName(bucket, key);
    this.byObject.set(name, [...(this.byObject.get(name) ?? []), write]);
    return write;
  }

  /** A write that did not succeed: no event will come for it. */
  forget(write: ObjectWrite): void {
    this.remove(objectName(write.bucket, write.key), write);
  }

  /** The trace of the oldest write of the object that no event has taken, once. */
  take(bucket: string, key: string): string | undefined {
    const name = objectName(bucket, key);
    const oldest = this.byObject.get(name)?.[0];
    if (oldest) this.remove(name, oldest);
    return oldest?.traceHeader;
  }

  /** Writes kept: none once every event has come. */
  size(): number {
    return [...this.byObject.values()].reduce((sum, writes) => sum + writes.length, 0);
  }

  private remove(name: string, write: ObjectWrite): void {
    const left = (this.byObject.get(name) ?? []).filter((kept) => kept !== write);
    if (left.length === 0) this.byObject.delete(name);
    else this.byObject.set(name, left);
  }
}

/** A bucket's name holds no '/', so this names one object. */
function objectName(bucket: string, key: string): string {
  return `${bucket}/${key}`;
}
