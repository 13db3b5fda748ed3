import { readFileSync } from 'node:fs';
import type { Architecture } from '../../functions.config.ts';

/** The day of maxday/lambda-perf's data set beside the stand-in: its file, copied in part, is kept here. */
export const publishedDay = '2025-12-21';

/** One runtime, size and architecture of lambda-perf's daily file, as it publishes them. */
interface PublishedEntry {
  /** The function's name, `lambda-perf-<runtime>-zip-<memory>-<architecture>`. */
  r: string;
  /** The runtime's display name: `nodejs24.x`, `python3.11`, `rust (prov.al2023)`. */
  d: string;
  m: number;
  a: Architecture;
  /** The Init Durations of the day's cold starts, ms. */
  i: number[];
  /** The mean Duration of the same first invocations, ms. */
  ad: number;
  /** Their mean Max Memory Used, MB. */
  mu: number;
  /** lambda-perf's own mean of `i`, kept to check the copy by. */
  acd: number;
}

interface PublishedFile {
  source: string;
  generatedAt: string;
  runtimeData: PublishedEntry[];
}

export interface PublishedFigures {
  initMs: number[];
  firstDurationMeanMs: number;
  maxMemoryMeanMb: number;
}

/** The file as kept: what the test holds against lambda-perf's own means. */
export const publishedFile = JSON.parse(readFileSync(new URL(`./${publishedDay}.json`, import.meta.url), 'utf8')) as PublishedFile;

/** Where the figures come from, for the table's caption. */
export const publishedSource = publishedFile.source;

/** lambda-perf's figures for a runtime (its display name), size and architecture; undefined where it has none. */
export function publishedFigures(runtime: string, memoryMb: number, architecture: Architecture): PublishedFigures | undefined {
  const entry = publishedFile.runtimeData.find((candidate) => candidate.d === runtime && candidate.m === memoryMb && candidate.a === architecture);
  return entry && { initMs: entry.i, firstDurationMeanMs: entry.ad, maxMemoryMeanMb: entry.mu };
}

/**
 * The newest runtime lambda-perf publishes of a deployed runtime's family, no newer than it:
 * `python3.14` for `python3.15`, which it does not publish yet; the runtime itself where it does.
 */
export function nearestPublishedRuntime(lambdaRuntime: string): string | undefined {
  const wanted = versionOf(lambdaRuntime);
  if (!wanted) return undefined;
  const candidates = [...new Set(publishedFile.runtimeData.map((entry) => entry.d))]
    .map((name) => ({ name, version: versionOf(name) }))
    .filter(({ version }) => version?.family === wanted.family && version.number <= wanted.number)
    .sort((a, b) => b.version!.number - a.version!.number);
  return candidates[0]?.name;
}

/** `python3.14` → python, 3.014; `nodejs24.x` → nodejs, 24. */
function versionOf(runtime: string): { family: string; number: number } | undefined {
  const match = /^([a-z]+)(\d+)\.(\d+|x)$/.exec(runtime);
  if (!match) return undefined;
  return { family: match[1]!, number: Number(match[2]) + (match[3] === 'x' ? 0 : Number(match[3]) / 1000) };
}
