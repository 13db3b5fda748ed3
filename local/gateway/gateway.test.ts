import { Agent, request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { environmentsPath } from '../defaults.ts';
import { call, ScriptedInvoker, startTestGateway, stopGateways } from '../testing/scripted-gateway.ts';

afterEach(stopGateways);

const notFound = { status: 404, contentType: 'application/json', text: '{"message":"Not Found"}' };

describe('routing', () => {
  it('answers 404 for a path or method no route declares, without invoking anything', async () => {
    // Given a gateway with POST /node and POST /rust
    const invoker = new ScriptedInvoker();
    const gateway = await startTestGateway(invoker);

    // When clients call an unknown path, a known path with another method, and a trailing slash
    const replies = await Promise.all([call(gateway, 'POST', '/python'), call(gateway, 'GET', '/node'), call(gateway, 'POST', '/node/')]);

    // Then each is Not Found and no function ran
    for (const reply of replies) expect({ status: reply.status, contentType: reply.headers['content-type'], text: reply.text }).toEqual(notFound);
    expect(invoker.requests).toEqual([]);
  });

  it('sends each route to its own function', async () => {
    // Given a gateway with two routes
    const invoker = new ScriptedInvoker();
    const gateway = await startTestGateway(invoker);

    // When both are called
    await call(gateway, 'POST', '/rust');
    await call(gateway, 'POST', '/node');

    // Then each invoked its function
    expect(invoker.requests.map((request) => request.functionName)).toEqual(['rust', 'node']);
  });
});

describe('stage throttling', () => {
  it('answers 429 once the burst is spent, without invoking', async () => {
    // Given a stage that allows a burst of 3 and refills next to never
    const invoker = new ScriptedInvoker();
    const gateway = await startTestGateway(invoker, { throttling: { rateLimit: 0.001, burstLimit: 3 } });

    // When 5 requests arrive at once
    const replies = await Promise.all(Array.from({ length: 5 }, () => call(gateway, 'POST', '/node')));

    // Then 3 get through and 2 are Too Many Requests
    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(replies.find((reply) => reply.status === 429)?.text).toBe('{"message":"Too Many Requests"}');
    expect(invoker.requests).toHaveLength(3);
  });

  it('gives each route its own bucket of the stage limits', async () => {
    // Given a stage that allows one request per route
    const gateway = await startTestGateway(new ScriptedInvoker(), { throttling: { rateLimit: 0.001, burstLimit: 1 } });

    // When /node has spent its token
    await call(gateway, 'POST', '/node');

    // Then /node is throttled but /rust is not
    expect((await call(gateway, 'POST', '/node')).status).toBe(429);
    expect((await call(gateway, 'POST', '/rust')).status).toBe(200);
  });
});

describe('request limits', () => {
  it('answers 413 for a body over the 10 MB payload limit', async () => {
    // Given a gateway in front of a function
    const invoker = new ScriptedInvoker();
    const gateway = await startTestGateway(invoker);

    // When a client posts one byte more than 10 MB
    const reply = await call(gateway, 'POST', '/node', { body: Buffer.alloc(10 * 1024 * 1024 + 1) });

    // Then it is refused and nothing is invoked
    expect({ status: reply.status, text: reply.text }).toEqual({ status: 413, text: '{"message":"Request Entity Too Large"}' });
    expect(invoker.requests).toEqual([]);
  });
});

describe('request ids', () => {
  it('stamps every response, the gateway\'s own included, with a fresh apigw-requestid', async () => {
    // Given a gateway in front of a function
    const gateway = await startTestGateway(new ScriptedInvoker());

    // When clients make successful and failing calls
    const replies = await Promise.all([
      ...Array.from({ length: 20 }, () => call(gateway, 'POST', '/node')),
      call(gateway, 'GET', '/missing'),
    ]);

    // Then each reply has an id shaped like AWS's, none repeated, and a date
    const ids = replies.map((reply) => reply.headers['apigw-requestid']);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(new Set(ids).size).toBe(replies.length);
    for (const reply of replies) expect(reply.headers.date).toBeDefined();
  });
});

describe('admin endpoints of the stand-in', () => {
  it('drops the execution environments on DELETE and reports them on GET', async () => {
    // Given a gateway with the stand-in's admin hooks
    const invoker = new ScriptedInvoker();
    let dropped = 0;
    const admin = {
      dropEnvironments: async () => ((dropped += 1), 3),
      environments: () => ({ node: { idle: 2, busy: 1, starting: 0 } }),
    };
    const gateway = await startTestGateway(invoker, { admin });

    // When a client lists and then drops the environments
    const listing = await call(gateway, 'GET', environmentsPath);
    const drop = await call(gateway, 'DELETE', environmentsPath);

    // Then it sees the pools, then how many went, and no function was invoked
    expect({ status: listing.status, body: JSON.parse(listing.text) }).toEqual({ status: 200, body: { node: { idle: 2, busy: 1, starting: 0 } } });
    expect({ status: drop.status, body: JSON.parse(drop.text) }).toEqual({ status: 200, body: { dropped: 3 } });
    expect(dropped).toBe(1);
    expect(invoker.requests).toEqual([]);
  });

  it('are not there without admin hooks, nor for other methods', async () => {
    // Given one gateway without admin hooks and one with them
    const bare = await startTestGateway(new ScriptedInvoker());
    const withAdmin = await startTestGateway(new ScriptedInvoker(), { admin: { dropEnvironments: async () => 0, environments: () => ({}) } });

    // Then the endpoint is Not Found on the first, and POST is Not Found on the second
    expect((await call(bare, 'DELETE', environmentsPath)).status).toBe(404);
    expect((await call(withAdmin, 'POST', environmentsPath)).status).toBe(404);
  });
});

describe('lifecycle', () => {
  it('keeps connections alive between requests, and stop() closes them at once', async () => {
    // Given a client holding a keep-alive connection to the gateway
    const gateway = await startTestGateway(new ScriptedInvoker());
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const first = await keepAliveCall(gateway.url, agent);
    const second = await keepAliveCall(gateway.url, agent);
    expect(second.socket).toBe(first.socket);
    const closed = new Promise<void>((resolve) => first.socket.once('close', () => resolve()));

    // When the gateway stops
    const started = Date.now();
    await gateway.stop();

    // Then it is down within moments, the idle connection closed with it
    await closed;
    expect(Date.now() - started).toBeLessThan(1_000);
    agent.destroy();
  });
});

function keepAliveCall(url: string, agent: Agent): Promise<{ status: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}/node`, { method: 'POST', agent }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, socket: request.socket! }));
    });
    request.on('error', reject);
    request.end();
  });
}
