/**
 * DynamoDB stalls under load for longer than the functions' timeout: both functions must answer
 * every call themselves (their own 502, never the gateway's 500 for a timed-out invocation), and
 * what they leave behind must reconcile: no item without its object, and no object without its
 * item unless the function said it could not know.
 */
import { readFile } from 'node:fs/promises';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contenderNames, functions, type ContenderName } from '../functions.config.ts';
import { startStandIn, type StandIn } from './stand-in.ts';
import { startStorage, type LocalStorage } from './storage/index.ts';
import { localClients } from './storage/resources.ts';
import { takeInventory } from '../reconcile/inventory.ts';

const routes = contenderNames;
type Route = ContenderName;

/** Calls in flight per route: enough to keep several environments busy, little for two cores. */
const workersPerRoute = 3;
const loadBeforeStallMs = 2_000;
/** Longer than the functions' 10 s timeout, so an SDK call left to hang would be killed by Lambda. */
const stallMs = functions.node.timeoutSeconds * 1_000 + 1_000;
const loadAfterStallMs = 2_000;
/** Writes DynamoDB took in while stopped reach the table once it runs again. */
const settleMs = 2_000;

interface Answer {
  route: Route;
  status: number;
  body: string;
}

/** One of a function's structured log lines for a write that did not succeed. */
interface FailureLine {
  outcome: 'failed' | 'unknown';
  step: string;
  key: string;
}

describe('a DynamoDB stall longer than the functions timeout, under load on both routes', () => {
  let storage: LocalStorage;
  let standIn: StandIn;
  const answers: Answer[] = [];
  let objectKeys: Set<string>;
  let itemKeys: Map<string, string>;
  const failures = new Map<Route, FailureLine[]>();

  beforeAll(async () => {
    // Given storage servers and a stand-in of this test's own, so stopping DynamoDB stops no other test
    storage = await startStorage();
    standIn = await startStandIn({ functions: routes.map((name) => functions[name]), storage, logDir: mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-stall-')) });
    const dynamodbPid = storage.pids.find(isDynamodbLocal);
    if (dynamodbPid === undefined) throw new Error(`no DynamoDB Local among the storage processes ${storage.pids.join(', ')}`);

    // When both routes are under load and DynamoDB Local is stopped for 11 s, then resumed
    let loading = true;
    const workers = routes.flatMap((route) => Array.from({ length: workersPerRoute }, () => callUntil(route, () => loading)));
    await sleep(loadBeforeStallMs);
    process.kill(dynamodbPid, 'SIGSTOP');
    try {
      await sleep(stallMs);
    } finally {
      process.kill(dynamodbPid, 'SIGCONT');
    }
    await sleep(loadAfterStallMs);
    loading = false;
    await Promise.all(workers);
    await sleep(settleMs);

    // Then (the assertions below) what a user and the post-run reconciliation see
    const { s3, dynamodb } = localClients(storage.env);
    try {
      const inventory = await takeInventory({ s3, dynamodb, bucket: storage.bucketName, table: storage.tableName }, routes);
      objectKeys = new Set([...inventory.values()].flatMap((held) => [...held.objectKeys]));
      itemKeys = new Map([...inventory.values()].flatMap((held) => [...held.itemKeys]));
    } finally {
      s3.destroy();
      dynamodb.destroy();
    }
    await standIn.stop();
    for (const route of routes) failures.set(route, await failureLines(route));
  }, 120_000);

  afterAll(async () => {
    await standIn?.stop();
    await storage?.stop();
  });

  async function callUntil(route: Route, loading: () => boolean): Promise<void> {
    while (loading()) {
      const response = await fetch(`${standIn.url}/${route}`, { method: 'POST' });
      answers.push({ route, status: response.status, body: await response.text() });
    }
  }

  async function failureLines(route: Route): Promise<FailureLine[]> {
    const log = await readFile(path.join(standIn.logDir, `${route}.log`), 'utf8');
    return log.split('\n').flatMap((line) => {
      // The Node runtime prefixes its records with time, request id and level; Rust's are bare JSON.
      const json = line.slice(line.indexOf('{'));
      if (!json.startsWith('{')) return [];
      try {
        const record = JSON.parse(json) as Partial<FailureLine>;
        return record.outcome && record.key ? [record as FailureLine] : [];
      } catch {
        return [];
      }
    });
  }

  it('answers every call itself: 201 or its own 502, never a platform timeout', () => {
    const statuses = new Set(answers.map((answer) => answer.status));
    expect([...statuses].sort()).toEqual([201, 502]);
    for (const answer of answers.filter((each) => each.status === 502)) expect(answer.body).toBe('{"message":"storage unavailable"}');
  });

  it.each(routes)('logs one structured line for each of /%s 502s, some of them outcome unknown', (route) => {
    const failed = answers.filter((answer) => answer.route === route && answer.status === 502);
    expect(failures.get(route)).toHaveLength(failed.length);
    expect(failures.get(route)?.some((line) => line.outcome === 'unknown' && line.step === 'put-item')).toBe(true);
  });

  it('keeps both an object and an item for every id it answered 201 with', () => {
    const created = answers.filter((answer) => answer.status === 201).map((answer) => (JSON.parse(answer.body) as { id: string; key: string }));
    expect(created.length).toBeGreaterThan(0);
    for (const { id, key } of created) {
      expect(objectKeys).toContain(key);
      expect(itemKeys.get(id)).toBe(key);
    }
  });

  it('leaves no item pointing at a missing object', () => {
    const dangling = [...itemKeys.values()].filter((key) => !objectKeys.has(key));
    expect(dangling).toEqual([]);
  });

  it('leaves an object without its item only where the function logged the outcome unknown, as many as those logs', () => {
    const withItem = new Set(itemKeys.values());
    const orphans = [...objectKeys].filter((key) => !withItem.has(key)).sort();
    const unknown = routes.flatMap((route) => failures.get(route) ?? []).filter((line) => line.outcome === 'unknown');
    // An unknown item write kept its object: it is there, with the item if DynamoDB applied it late.
    for (const line of unknown.filter((each) => each.step === 'put-item')) expect(objectKeys).toContain(line.key);
    const unresolved = unknown.filter((line) => objectKeys.has(line.key) && !withItem.has(line.key)).map((line) => line.key);
    expect(orphans).toEqual([...new Set(unresolved)].sort());
  });
});

function isDynamodbLocal(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dynamodb');
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
