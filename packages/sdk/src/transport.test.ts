/**
 * The transports: batches, timeouts, bounded concurrency, close semantics (against a scripted WebSocket
 * server), then against a real node process: 200 clients opened and closed with no connection or handle
 * left behind, HTTP reads, and reconnection with resubscription after the node restarts.
 */
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { WebSocketServer } from "ws";
import { watchHeads } from "./actions/metagraph.js";
import { getHead, getNextNonce, getSubnets } from "./actions/public.js";
import { createClient } from "./client.js";
import { RpcError, TransportError } from "./errors.js";
import { type DevNode, startDevNode } from "./testing/node.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Handles that keep the process alive, by type (sockets, timers...). */
function handles(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

/** A WebSocket server that answers with `answer(request)` after `delayMs` (undefined: never). */
async function scriptedServer(answer: (req: { id: number; method: string }) => unknown, delayMs = 0) {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise<void>((r) => wss.once("listening", () => r()));
  let inflight = 0;
  let maxInflight = 0;
  wss.on("connection", (ws) => {
    ws.on("message", (data) => {
      const req = JSON.parse(data.toString()) as
        | { id: number; method: string }
        | { id: number; method: string }[];
      const one = (r: { id: number; method: string }) => {
        const result = answer(r);
        return result === undefined ? undefined : { jsonrpc: "2.0", id: r.id, result };
      };
      inflight++;
      maxInflight = Math.max(maxInflight, inflight);
      setTimeout(() => {
        inflight--;
        const res = Array.isArray(req) ? req.map(one).filter(Boolean).reverse() : one(req);
        if (res !== undefined && (!Array.isArray(res) || res.length > 0)) ws.send(JSON.stringify(res));
      }, delayMs);
    });
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    maxInflight: () => maxInflight,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}

describe("transport (scripted server)", () => {
  it("batches in one round trip, answers in request order", async () => {
    const srv = await scriptedServer((r) => `${r.method}:${r.id}`);
    const client = createClient({ url: srv.url });
    const res = await client.batch([{ method: "a" }, { method: "b" }, { method: "c" }]);
    assert.deepEqual(
      res.map((x) => ("result" in x ? String(x.result).split(":")[0] : "error")),
      ["a", "b", "c"],
    );
    await client.close();
    await srv.close();
  });

  it("times out a request with RequestTimeout and a hint", async () => {
    const srv = await scriptedServer(() => undefined);
    const client = createClient({ url: srv.url, timeoutMs: 100 });
    await assert.rejects(client.request("never"), (e: unknown) => {
      assert.ok(e instanceof TransportError);
      assert.equal(e.code, "RequestTimeout");
      assert.ok(e.hint);
      return true;
    });
    await client.close();
    await srv.close();
  });

  it("bounds the requests in flight (the rest wait in a queue)", async () => {
    const srv = await scriptedServer(() => "ok", 10);
    const client = createClient({ url: srv.url, maxConcurrent: 3 });
    const results = await Promise.all(Array.from({ length: 30 }, () => client.request("x")));
    assert.equal(results.length, 30);
    assert.ok(srv.maxInflight() <= 3, `max in flight ${srv.maxInflight()}`);
    await client.close();
    await srv.close();
  });

  it("close() rejects pending requests with ClientClosed and later ones too", async () => {
    const srv = await scriptedServer(() => undefined);
    const client = createClient({ url: srv.url });
    const pending = client.request("never");
    await sleep(50);
    await client.close();
    await assert.rejects(pending, (e: unknown) => e instanceof TransportError && e.code === "ClientClosed");
    await assert.rejects(
      client.request("x"),
      (e: unknown) => e instanceof TransportError && e.code === "ClientClosed",
    );
    await client.close(); // idempotent
    await srv.close();
  });

  it("fails with ConnectionFailed when nothing listens (after the configured attempts)", async () => {
    const srv = await scriptedServer(() => "ok");
    const url = srv.url;
    await srv.close();
    const client = createClient({ url, reconnect: { maxAttempts: 2, initialDelayMs: 10 } });
    await assert.rejects(client.request("x"), (e: unknown) => {
      assert.ok(e instanceof TransportError && e.code === "ConnectionFailed", String(e));
      assert.match(e.message, /ECONNREFUSED|after 2 attempt/);
      return true;
    });
    await client.close();
  });
});

describe("transport (real node process)", () => {
  let node: DevNode;
  before(async () => {
    node = await startDevNode();
  });
  after(async () => {
    await node?.dispose();
  });

  it("200 clients opened and closed leave no connection on the node and no handle in the process", async () => {
    const probe = createClient({ url: node.url, transport: "http" });
    await getHead(probe);
    await probe.close();
    const baselineHandles = handles();
    const baseline = await node.connections();
    const clients = Array.from({ length: 200 }, () => createClient({ url: node.url }));
    await Promise.all(clients.map((c) => getHead(c)));
    assert.ok((await node.connections()) >= baseline + 200);
    await Promise.all(clients.map((c) => c.close()));
    // HTTP clients too
    const httpClients = Array.from({ length: 20 }, () => createClient({ url: node.url, transport: "http" }));
    await Promise.all(httpClients.map((c) => getSubnets(c)));
    await Promise.all(httpClients.map((c) => c.close()));
    let now = await node.connections();
    for (let i = 0; i < 50 && now > baseline; i++) {
      await sleep(20);
      now = await node.connections();
    }
    assert.equal(now, baseline, "the node's connection count returns to its baseline");
    await sleep(20);
    const after = handles();
    for (const [kind, n] of after)
      assert.ok(
        n <= (baselineHandles.get(kind) ?? 0),
        `${kind}: ${n} now, ${baselineHandles.get(kind) ?? 0} before`,
      );
  });

  it("reads over HTTP; subscriptions need a WebSocket; RPC errors are typed", async () => {
    const client = createClient({ url: node.url, transport: "http" });
    const head = await getHead(client);
    assert.ok(head.number >= 0);
    const batch = await client.batch([{ method: "chain_getHead" }, { method: "no_such_method" }]);
    assert.ok("result" in (batch[0] as object));
    assert.equal(
      "error" in (batch[1] as object) && (batch[1] as { error: { code: number } }).error.code,
      -32601,
    );
    await assert.rejects(
      client.transport.subscribe("subscribe_newHeads", [], { onData: () => undefined }),
      (e: unknown) => e instanceof TransportError && e.code === "SubscriptionsUnsupported",
    );
    // watchers poll over HTTP
    const polled = createClient({ url: node.url, transport: "http", pollingIntervalMs: 20 });
    const heads: number[] = [];
    const w = watchHeads(polled, { onHead: (h) => heads.push(h.number) });
    const deadline = Date.now() + 5_000;
    while (heads.length < 2 && Date.now() < deadline) await sleep(20);
    await w.stop();
    await polled.close();
    assert.ok(heads.length >= 2 && (heads[1] as number) > (heads[0] as number), JSON.stringify(heads));
    await assert.rejects(getNextNonce(client, "not-an-address"), (e: unknown) => {
      assert.ok(e instanceof RpcError);
      assert.equal(e.kind, "InvalidParams");
      return true;
    });
    await client.close();
  });

  it('"auto" uses the WebSocket, and falls back to HTTP when the upgrade is refused (a proxy)', async () => {
    const direct = createClient({ url: node.url, transport: "auto" });
    await getHead(direct);
    assert.equal(direct.transport.kind, "ws");
    await direct.close();
    // an HTTP-only proxy in front of the node
    const target = new URL(node.url);
    const proxy = http.createServer((req, res) => {
      const up = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: "POST",
          path: "/",
          headers: req.headers,
          agent: false,
        },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      req.pipe(up);
    });
    proxy.on("upgrade", (_req, socket) =>
      socket.end("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n"),
    );
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const viaProxy = createClient({ url, transport: "auto" });
    const head = await getHead(viaProxy);
    assert.ok(head.number >= 0);
    assert.equal(viaProxy.transport.kind, "http");
    assert.ok((await getSubnets(viaProxy)).length >= 1);
    await viaProxy.close();
    await new Promise<void>((r) => proxy.close(() => r()));
  });

  it("reconnects after the node restarts (same data dir): requests wait, subscriptions resume", async () => {
    const client = createClient({ url: node.url, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });
    const heads: number[] = [];
    const watcher = watchHeads(client, { onHead: (h) => heads.push(h.number) });
    let reconnects = 0;
    client.transport.on("reconnect", () => reconnects++);
    while (heads.length < 2) await sleep(20);
    const before = (await getHead(client)).number;
    await node.stop();
    // sent while the node is down: waits for the reconnect
    const during = getHead(client);
    await sleep(300);
    await node.restart();
    const h = await during;
    assert.ok(h.number >= before, `head ${h.number} after restart, ${before} before`);
    const seen = heads.length;
    const deadline = Date.now() + 5_000;
    while (heads.length < seen + 2 && Date.now() < deadline) await sleep(20);
    assert.ok(heads.length >= seen + 2, "new heads arrive on the re-established subscription");
    assert.ok(reconnects >= 1);
    await watcher.stop();
    await client.close();
  });
});
