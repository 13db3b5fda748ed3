/** Lines of k6's raw JSON output (`--out json=`), as k6 v1 writes them, for tests of what reads them. */

export const httpTags = (route: string, status = '201', extra: Record<string, string> = {}) => ({
  expected_response: String(status === '201'),
  group: '',
  method: 'POST',
  name: `http://127.0.0.1:3210/${route}`,
  proto: 'HTTP/1.1',
  route,
  scenario: 'interleaved',
  status,
  target: 'local',
  url: `http://127.0.0.1:3210/${route}`,
  ...extra,
});
/** A sample line as k6 v1 writes it: metric, type, data (time, value, tags, metadata when there is any). */
export const point = (metric: string, time: string, value: number, tags: object | null, metadata?: object) =>
  JSON.stringify({ metric, type: 'Point', data: { time, value, tags, ...(metadata ? { metadata } : {}) } });
export const declaration = (metric: string) => JSON.stringify({ type: 'Metric', data: { name: metric, type: 'trend', contains: 'time', thresholds: [], submetrics: null }, metric });
/** A request's lines, as in a real run: the http_req_* family, checks, and the cold or warm latency. */
export function request(route: string, time: string, duration: number, { status = '201', cold = false } = {}): string[] {
  const tags = httpTags(route, status);
  return [
    point('http_reqs', time, 1, tags),
    point('http_req_duration', time, duration, tags),
    point('http_req_waiting', time, duration * 0.9, tags),
    point('http_req_failed', time, status === '201' ? 0 : 1, tags),
    point('checks', time, 1, { check: 'status is 201', group: '', route, scenario: 'interleaved', target: 'local' }),
    ...(status === '201' ? [point(cold ? 'latency_cold' : 'latency_warm', time, duration, { group: '', route, scenario: 'interleaved', target: 'local' })] : []),
    point('iterations', time, 1, { group: '', scenario: 'interleaved', target: 'local' }),
  ];
}
