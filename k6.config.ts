/**
 * The one typed source of the load tests: targets, load profiles, thresholds and summary stats.
 * k6 scenarios import it (esbuild bundles it into each dist/<test>.js) and so do the Node-side
 * runner and tests, so it imports nothing that exists in only one of the two.
 */
import type { Options, Scenario } from 'k6/options';
import { readContenders, type ContenderName, type PerContender } from './functions.config.ts';
import { awsOutputsFile, outputKeys } from './formats/outputs.ts';
import { standInDefaults } from './local/defaults.ts';

/**
 * Where the load goes: the stand-in, the deployed stack, or `url`, a BASE_URL given without a
 * TARGET (neither known to be the stand-in nor the stack; it takes the local defaults).
 */
export type Target = 'local' | 'aws' | 'url';
export type Mode = 'parallel' | 'sequential' | 'interleaved';
/** The load tests, each `scenarios/<name>.ts` bundled to `dist/<name>.js`. */
export const scenarioNames = ['smoke', 'ramp', 'soak', '2h_test', 'coldstart', 'thumbnails'] as const;
export type ScenarioName = (typeof scenarioNames)[number];
/** The tests that call the functions behind the API; `thumbnails` uploads to S3 instead. */
export type ApiScenarioName = Exclude<ScenarioName, 'thumbnails'>;

export interface Settings {
  baseUrl: string;
  target: Target;
  mode: Mode;
  /** The contenders this run measures, one route each, in declaration order (`CONTENDERS`; every one when unset). */
  contenders: readonly ContenderName[];
  /** Requests per second offered to each route at the profile's peak. */
  rate: number;
  /** Overrides a profile's length (soak, smoke); seconds. */
  durationSeconds: number | undefined;
  /** Length of one route's turn in interleaved mode; seconds. */
  blockSeconds: number;
  /** Measured cold starts per route in the coldstart test. */
  coldStarts: number;
  runId: string;
  resultsDir: string;
  /** Which k6 and machine ran the test, as the runner found them; "unknown" when run directly. */
  k6Version: string;
  machine: string;
}

/** Where `npm run deploy` writes the stack's outputs, read when TARGET=aws and BASE_URL is unset. */
export { awsOutputsFile };

/** Where a directly run `k6 run dist/<test>.js` puts its summary; the npm scripts give each run its own folder. */
export const directRunResultsDir = 'results/k6-run';

export type Env = Record<string, string | undefined>;

/**
 * Reads and validates the environment once. `readAwsOutputs` returns the outputs file's text, or
 * undefined when there is none (k6 reads it with open(), Node with fs).
 */
export function readSettings(env: Env, readAwsOutputs: () => string | undefined): Settings {
  const requested = oneOf('TARGET', env.TARGET ?? 'local', ['local', 'aws'] as const);
  const target: Target = env.BASE_URL !== undefined && env.TARGET === undefined ? 'url' : requested;
  return {
    baseUrl: baseUrl(env.BASE_URL, requested, readAwsOutputs),
    target,
    // Interleaving makes a noisy shared machine drift on every route alike; on AWS each route has its own capacity.
    mode: oneOf('MODE', env.MODE ?? (target === 'aws' ? 'parallel' : 'interleaved'), ['parallel', 'sequential', 'interleaved'] as const),
    contenders: readContenders(env.CONTENDERS),
    rate: positiveNumber('RATE', env.RATE ?? (target === 'aws' ? '50' : '20')),
    durationSeconds: env.DURATION === undefined ? undefined : durationSeconds(env.DURATION),
    blockSeconds: positiveNumber('BLOCK_SECONDS', env.BLOCK_SECONDS ?? '10'),
    coldStarts: positiveNumber('COLD_STARTS', env.COLD_STARTS ?? '10'),
    runId: env.RUN_ID ?? 'k6-run',
    resultsDir: env.RESULTS_DIR ?? directRunResultsDir,
    k6Version: env.K6_VERSION ?? 'unknown',
    machine: env.MACHINE ?? 'unknown',
  };
}

function baseUrl(value: string | undefined, target: 'local' | 'aws', readAwsOutputs: () => string | undefined): string {
  if (value !== undefined) return httpUrl('BASE_URL', value);
  if (target === 'local') return `http://${standInDefaults.host}:${standInDefaults.port}`;
  const outputs = readAwsOutputs();
  if (outputs === undefined) throw new Error(`TARGET=aws needs BASE_URL or ${awsOutputsFile} (written by npm run deploy)`);
  return httpUrl(`${outputKeys.apiUrl} in ${awsOutputsFile}`, apiUrlFromOutputs(outputs));
}

/** `cdk deploy --outputs-file` writes { "<stack>": { "<output>": value } }. */
function apiUrlFromOutputs(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${awsOutputsFile} is not JSON`);
  }
  const stacks = Object.values(parsed as Record<string, Record<string, unknown>>);
  const url = stacks.map((outputs) => outputs?.[outputKeys.apiUrl]).find((value) => typeof value === 'string');
  if (typeof url !== 'string') throw new Error(`${awsOutputsFile} has no ${outputKeys.apiUrl} output`);
  return url;
}

function httpUrl(name: string, value: string): string {
  if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(value)) throw new Error(`invalid ${name}: expected an http(s) URL, got '${value}'`);
  return value.replace(/\/+$/, '');
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`invalid ${name}: expected one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

function positiveNumber(name: string, value: string): number {
  const number = Number(value);
  if (!(number > 0) || !Number.isFinite(number)) throw new Error(`invalid ${name}: expected a positive number, got '${value}'`);
  return number;
}

/** `90`, `90s`, `30m`, `2h` → seconds. */
export function durationSeconds(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(value.trim());
  if (!match || Number(match[1]) <= 0) throw new Error(`invalid DURATION: expected a length like 90s, 30m or 2h, got '${value}'`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h'];
}

/** A load shape over time: arrival-rate stages, in fractions of the peak rate. */
export interface Profile {
  stages: Array<{ seconds: number; rateFraction: number }>;
  /** Rate at the start, as a fraction of the peak. */
  startFraction: number;
}

/** Each test's shape. Open-model: arrivals do not wait for answers, so a slow function cannot slow the load. */
export const profiles: Record<Exclude<ScenarioName, 'coldstart' | 'thumbnails'>, (settings: Settings) => Profile> = {
  // Seconds, to prove every route answers.
  smoke: (settings) => ({ startFraction: 0.25, stages: [{ seconds: settings.durationSeconds ?? 10, rateFraction: 0.25 }] }),
  // Stepping up to the peak and holding it briefly: where latency starts to bend.
  ramp: (settings) => {
    const step = (settings.durationSeconds ?? 150) / 5;
    return {
      startFraction: 0.1,
      stages: [0.25, 0.5, 0.75, 1, 1].map((rateFraction) => ({ seconds: step, rateFraction })),
    };
  },
  // Constant rate for long enough to see leaks, GC and connection churn.
  soak: (settings) => ({ startFraction: 1, stages: [{ seconds: settings.durationSeconds ?? 30 * 60, rateFraction: 1 }] }),
  // The seeds' two-hour test: ramp up, long plateau, ramp down.
  '2h_test': () => ({
    startFraction: 0,
    stages: [
      { seconds: 10 * 60, rateFraction: 1 },
      { seconds: 100 * 60, rateFraction: 1 },
      { seconds: 10 * 60, rateFraction: 0 },
    ],
  }),
};

export function profileSeconds(profile: Profile): number {
  return profile.stages.reduce((sum, stage) => sum + stage.seconds, 0);
}

/** How many requests a profile sends each route: the area under its rate curve, shared out when routes take turns. */
export function expectedRequests(profile: Profile, settings: Settings): PerContender<number> {
  let fraction = profile.startFraction;
  let area = 0;
  for (const stage of profile.stages) {
    area += ((fraction + stage.rateFraction) / 2) * stage.seconds;
    fraction = stage.rateFraction;
  }
  const perRoute = Math.round((area * settings.rate) / (settings.mode === 'interleaved' ? settings.contenders.length : 1));
  return Object.fromEntries(settings.contenders.map((route) => [route, perRoute]));
}

/** Pre-allocated VUs for an arrival rate: enough for the rate at a pessimistic latency, so k6 never runs short. */
function vusFor(rate: number, target: Target): { preAllocatedVUs: number; maxVUs: number } {
  const latencySeconds = target === 'aws' ? 1 : 0.5;
  const preAllocatedVUs = Math.max(5, Math.ceil(rate * latencySeconds));
  return { preAllocatedVUs, maxVUs: preAllocatedVUs * 4 };
}

/** One k6 scenario: the profile at `rate` per second, running `exec`. */
function arrivalScenario(profile: Profile, rate: number, exec: string, target: Target, startSeconds = 0): Scenario {
  const perSecond = (fraction: number) => Math.round(fraction * rate * 1000) / 1000;
  // k6 arrival rates are whole iterations per timeUnit: express them per minute for precision.
  return {
    executor: 'ramping-arrival-rate',
    exec,
    startRate: Math.round(perSecond(profile.startFraction) * 60),
    timeUnit: '1m',
    stages: profile.stages.map((stage) => ({ duration: `${stage.seconds}s`, target: Math.round(perSecond(stage.rateFraction) * 60) })),
    ...vusFor(rate, target),
    startTime: `${startSeconds}s`,
    gracefulStop: '30s',
  };
}

/**
 * The k6 scenarios for a profile in a mode. Parallel: one scenario per route at the full rate.
 * Sequential: the same, one after the other. Interleaved: one scenario whose iterations go to the
 * route whose turn it is (blocks of `blockSeconds`), so every route sees the same machine state.
 * A route's own scenario is named after it and runs the one `route` function, which reads its
 * route from the scenario's `env` (ROUTE): no contender needs an export of its own.
 */
export function loadScenarios(profile: Profile, settings: Settings): Record<string, Scenario> {
  if (settings.mode === 'interleaved') {
    const scenario = arrivalScenario(profile, settings.rate, 'interleaved', settings.target);
    return { interleaved: { ...scenario, env: { BLOCK_SECONDS: String(interleavedBlockSeconds(profile, settings)) } } };
  }
  const gap = 5;
  return Object.fromEntries(
    settings.contenders.map((route, index) => {
      const start = settings.mode === 'sequential' ? index * (profileSeconds(profile) + gap) : 0;
      return [route, { ...arrivalScenario(profile, settings.rate, 'route', settings.target, start), env: { [routeVariable]: route } }];
    }),
  );
}

/** BLOCK_SECONDS, shortened so that even a short test gives each route at least five turns. */
export function interleavedBlockSeconds(profile: Profile, settings: Settings): number {
  return Math.min(settings.blockSeconds, profileSeconds(profile) / (settings.contenders.length * 5));
}

/** The variable of a route's own scenario that names its route. */
export const routeVariable = 'ROUTE';

/** The route whose turn it is, `elapsedMs` into an interleaved test: each contender in turn, in order. */
export function interleavedRoute(elapsedMs: number, blockSeconds: number, contenders: readonly ContenderName[]): ContenderName {
  return contenders[Math.floor(elapsedMs / (blockSeconds * 1000)) % contenders.length]!;
}

/** Statuses whose counts the summary reports per route (k6 only summarises sub-metrics that a threshold names). */
export const reportedStatuses = [0, 400, 403, 404, 429, 500, 502, 503, 504] as const;

/**
 * k6 summarises a tagged sub-metric only when some threshold names it; these always-true ones are
 * declared for that alone, and the summary leaves them out of its threshold results.
 */
export const surfacingThresholds: readonly string[] = ['count>=0', 'max>=0'];

/** Every threshold carries its reason. On AWS an error-rate breach aborts the run: a broken deploy must not keep spending. */
export function thresholds(settings: Settings, { latencyBudget = true } = {}): NonNullable<Options['thresholds']> {
  const abort = settings.target === 'aws';
  const budgetMs = settings.target === 'aws' ? 1000 : 500;
  const perRoute = settings.contenders.flatMap((route) => [
    // More than 1% failures and the run measures errors, not the function.
    [`http_req_failed{route:${route}}`, [{ threshold: 'rate<0.01', abortOnFail: abort, delayAbortEval: '30s' }]],
    // The contract: 201 and the body shape; a broken answer is a failed run whatever its speed.
    [`checks{route:${route}}`, [{ threshold: 'rate>0.99', abortOnFail: abort, delayAbortEval: '30s' }]],
    // A sanity bound, not a goal: warm p95 past it means the target is overloaded, not measured.
    // Cold starts are left out: a short run's p95 can be an init, which is no overload.
    [`latency_warm{route:${route}}`, latencyBudget ? [`p(95)<${budgetMs}`] : ['max>=0']],
    // Declared only so the summary has per-route latency, cold latency and counts.
    [`http_req_duration{route:${route}}`, ['max>=0']],
    [`latency_cold{route:${route}}`, ['max>=0']],
    [`cold_starts{route:${route}}`, ['count>=0']],
    [`http_reqs{route:${route}}`, ['count>=0']],
    // Declared only so the summary can count failures by status.
    ...reportedStatuses.map((status) => [`http_reqs{route:${route},status:${status}}`, ['count>=0']] as const),
  ]);
  return Object.fromEntries(perRoute) as NonNullable<Options['thresholds']>;
}

/**
 * Declared only so the summary has the iterations k6 could not start for want of a free VU (a
 * route that fell behind): the run's total, and each scenario that serves one route alone, which
 * `loadScenarios` names after it. An interleaved scenario serves every route, so its drops have none.
 * Only arrival-rate executors drop iterations; a test without one (the cold-start test) has none
 * to count, and no such row.
 */
export function droppedIterationThresholds(scenarios: Record<string, Scenario>, contenders: readonly ContenderName[]): NonNullable<Options['thresholds']> {
  if (!Object.values(scenarios).some((scenario) => scenario.executor.endsWith('arrival-rate'))) return {};
  const ownRoute = contenders.filter((route) => route in scenarios);
  return Object.fromEntries(['dropped_iterations', ...ownRoute.map((route) => `dropped_iterations{scenario:${route}}`)].map((name) => [name, ['count>=0']]));
}

/** The trend statistics every summary reports; `count` tells an empty trend from one of zeros. */
export const summaryTrendStats = ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'max', 'count'];

/** Shared k6 options of every test, around its scenarios. */
export function baseOptions(settings: Settings, scenarios: Record<string, Scenario>, thresholdOptions: { latencyBudget?: boolean } = {}): Options {
  return {
    scenarios,
    thresholds: { ...thresholds(settings, thresholdOptions), ...droppedIterationThresholds(scenarios, settings.contenders) },
    summaryTrendStats,
    // Timings are what the test is about; keep connections like a real client population does.
    noConnectionReuse: false,
    discardResponseBodies: false,
    setupTimeout: '60s',
    tags: { target: settings.target },
  };
}

/**
 * The thumbnails test: photos uploaded at RATE per second to each contender's upload prefix for
 * DURATION (60 s unless set), through presigned PUT URLs the runner made, one after another in
 * turn so every contender's pipeline sees the same machine state. What it measures happens after
 * the upload, asynchronously; the runner collects it (thumbnails/).
 */
export const thumbnailsDefaults = { durationSeconds: 60, rate: { local: 1, aws: 5 } } as const;

/** The variable that names the upload plan (formats/upload-plan.ts) for k6. */
export const uploadPlanVariable = 'UPLOAD_PLAN';

export function thumbnailsSeconds(settings: Settings): number {
  return settings.durationSeconds ?? thumbnailsDefaults.durationSeconds;
}

/** The upload rate per contender: RATE when given, else the target's default (the HTTP tests' default is for SDK calls, not photos). */
export function thumbnailsRate(settings: Settings, env: Env): number {
  return env.RATE === undefined ? thumbnailsDefaults.rate[settings.target === 'aws' ? 'aws' : 'local'] : settings.rate;
}

/** How many uploads a run makes: every contender's rate for the whole duration, in turn. */
export function plannedUploads(settings: Settings, env: Env): number {
  return Math.ceil(thumbnailsRate(settings, env) * thumbnailsSeconds(settings)) * settings.contenders.length;
}

export function thumbnailsOptions(settings: Settings, env: Env): Options {
  const rate = thumbnailsRate(settings, env) * settings.contenders.length;
  const scenario: Scenario = {
    executor: 'constant-arrival-rate',
    exec: 'upload',
    rate: Math.round(rate * 60),
    timeUnit: '1m',
    duration: `${thumbnailsSeconds(settings)}s`,
    ...vusFor(rate, settings.target),
    gracefulStop: '30s',
  };
  const base = baseOptions(settings, { uploads: scenario }, { latencyBudget: false });
  return { ...base, thresholds: { ...base.thresholds, 'dropped_iterations{scenario:uploads}': ['count>=0'] } };
}
