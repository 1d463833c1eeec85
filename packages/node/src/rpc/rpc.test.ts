import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  cryptoReady,
  devGenesis,
  type KeyPair,
  keyPairFromUri,
  mainnetGenesis,
  type SignedTransaction,
  signTransaction,
} from "@taonet/chain";
import fc from "fast-check";
import { pino } from "pino";
import { RpcCode } from "../errors.js";
import { jsonValue } from "../json.js";
import { TaoNode } from "../node.js";
import { httpCall, httpRaw, RpcCallError, WsClient } from "../testing/client.js";
import { renderRpcDocs } from "./docs.js";
import { methods } from "./methods.js";
import { RpcServer } from "./server.js";

const TAO = 1_000_000_000n;
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "taonet-rpc-"));
  dirs.push(d);
  return d;
};

interface Header {
  number: number;
  hash: string;
  stateRoot: string;
  parentHash: string;
}

let node: TaoNode;
let server: RpcServer;
let url: string;
let alice: KeyPair;
let genesisHash: string;

const sign = async (pair: KeyPair, module: string, method: string, args: Record<string, unknown>) => {
  const nonce = await httpCall<number>(url, "author_nextNonce", [pair.address]);
  return jsonValue(
    signTransaction(genesisHash, pair, { nonce, call: { module, method, args } }),
  ) as SignedTransaction;
};
/** Waits (at most 10 s) for a condition: admission runs asynchronously (batched signature checks). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), "condition not reached within 10 s");
}
const code = (c: number, name?: string) => (e: unknown) =>
  e instanceof RpcCallError && e.error.code === c && (name === undefined || e.error.data?.name === name);

describe("JSON-RPC (in-process node, manual sealing)", () => {
  before(async () => {
    await cryptoReady();
    alice = keyPairFromUri("//Alice");
    node = await TaoNode.start({
      genesis: devGenesis(),
      dataDir: tmp(),
      sealing: "manual",
      beacon: false,
      verifierThreads: 1,
      logger: pino({ level: "silent" }),
    });
    server = await RpcServer.listen(node, { port: 0, maxBodyBytes: 64 * 1024, maxConnections: 50 });
    url = server.url;
    genesisHash = node.spec.genesisHash;
  });
  after(async () => {
    await server.close();
    await node.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("docs/rpc.md is generated from the current declarations", () => {
    const file = readFileSync(new URL("../../../../docs/rpc.md", import.meta.url), "utf8");
    assert.equal(file, renderRpcDocs(), "run `npm run docs:rpc`");
    for (const m of methods) assert.ok(file.includes(`#### ${m.name}`), m.name);
  });

  it("submits over HTTP, waits for inclusion, and finds the block, the transaction and its events", async () => {
    const dest = keyPairFromUri("//RpcDest").address;
    const tx = await sign(alice, "balances", "transfer_keep_alive", { dest, value: (3n * TAO).toString() });
    const waiting = httpCall<{ status: string; blockNumber: number; receipt: { success: boolean } }>(
      url,
      "author_submitTransaction",
      { tx, wait: "inclusion", timeoutMs: 10_000 },
    );
    // the transaction is admitted before the block is mined
    await until(() => node.mempool.size > 0);
    const mined = await httpCall<Header>(url, "dev_mine", { blocks: 1 });
    const inc = await waiting;
    assert.equal(inc.status, "included");
    assert.equal(inc.blockNumber, mined.number);
    assert.ok(inc.receipt.success);
    const byNumber = await httpCall<Header & { transactions: string[] }>(url, "chain_getBlock", [
      mined.number,
    ]);
    const byHash = await httpCall<Header & { transactions: string[] }>(url, "chain_getBlock", [mined.hash]);
    assert.deepEqual(byNumber, byHash);
    assert.equal(byNumber.transactions.length, 1);
    const found = await httpCall<{ status: string; blockNumber: number }>(url, "chain_getTransaction", [
      byNumber.transactions[0],
    ]);
    assert.equal(found.blockNumber, mined.number);
    const account = await httpCall<{ free: string }>(url, "state_getAccount", [dest]);
    assert.equal(account.free, (3n * TAO).toString(), "rao as a decimal string");
    const events = await httpCall<Array<{ name: string; txHash?: string }>>(url, "chain_getEvents", {
      fromBlock: 0,
      toBlock: mined.number,
      filter: { account: dest },
    });
    assert.ok(events.some((e) => e.name === "Transfer" && e.txHash === byNumber.transactions[0]));
    const past = await httpCall<{ free: string }>(url, "state_getAccount", {
      address: dest,
      at: mined.number - 1,
    });
    assert.equal(past.free, "0", "historical state at the parent block");
  });

  it("answers bad input with stable codes and keeps serving", async () => {
    const parse = await httpRaw(url, "{not json");
    assert.equal((parse.json as { error: { code: number } }).error.code, RpcCode.ParseError);
    const envelope = await httpRaw(url, JSON.stringify({ jsonrpc: "1.0", id: 1, method: "chain_getHead" }));
    assert.equal((envelope.json as { error: { code: number } }).error.code, RpcCode.InvalidRequest);
    await assert.rejects(httpCall(url, "no_such_method"), code(RpcCode.MethodNotFound, "MethodNotFound"));
    await assert.rejects(httpCall(url, "state_getAccount", ["not-an-address"]), code(RpcCode.InvalidParams));
    await assert.rejects(
      httpCall(url, "state_getAccount", { address: alice.address, extra: 1 }),
      code(RpcCode.InvalidParams),
    );
    await assert.rejects(httpCall(url, "chain_getBlock", [1, false, 3]), code(RpcCode.InvalidParams));
    await assert.rejects(httpCall(url, "chain_getBlock", [10_000]), code(RpcCode.NotFound, "UnknownBlock"));
    await assert.rejects(httpCall(url, "subscribe_newHeads"), code(RpcCode.MethodNotFound, "NeedsWebSocket"));
    await assert.rejects(
      httpCall(url, "chain_getEvents", { fromBlock: 0, toBlock: 5_000 }),
      code(RpcCode.TooLarge),
    );
    const big = await httpRaw(
      url,
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "x", params: ["a".repeat(70_000)] }),
    );
    assert.equal(big.status, 413);
    assert.equal((big.json as { error: { code: number } }).error.code, RpcCode.TooLarge);
    // invalid and replayed signatures
    const tx = await sign(alice, "balances", "transfer_keep_alive", { dest: alice.address, value: "1" });
    await assert.rejects(
      httpCall(url, "author_submitTransaction", [{ ...tx, signature: `0x${"ab".repeat(64)}` }]),
      code(RpcCode.TransactionRejected, "BadProof"),
    );
    await httpCall(url, "author_submitTransaction", [tx]);
    await assert.rejects(
      httpCall(url, "author_submitTransaction", [tx]),
      code(RpcCode.TransactionRejected, "AlreadyImported"),
    );
    await httpCall(url, "dev_mine", [1]);
    await assert.rejects(
      httpCall(url, "author_submitTransaction", [tx]),
      code(RpcCode.TransactionRejected, "Stale"),
    );
    const tampered = { ...tx, call: { ...tx.call, args: { ...tx.call.args, value: "2" } } };
    await assert.rejects(
      httpCall(url, "author_submitTransaction", [tampered]),
      code(RpcCode.TransactionRejected, "BadProof"),
    );
    assert.ok((await httpCall<Header>(url, "chain_getHead")).number > 0);
  });

  it("batches: one response per request with an id, in order; none for notifications", async () => {
    const r = await httpRaw(
      url,
      JSON.stringify([
        { jsonrpc: "2.0", id: "a", method: "chain_getHead" },
        { jsonrpc: "2.0", method: "chain_getHead" },
        { jsonrpc: "2.0", id: 2, method: "nope" },
        { bad: true },
      ]),
    );
    const out = r.json as Array<{ id: unknown; result?: unknown; error?: { code: number } }>;
    assert.equal(out.length, 3);
    assert.equal(out[0]?.id, "a");
    assert.equal(out[1]?.error?.code, RpcCode.MethodNotFound);
    assert.equal(out[2]?.error?.code, RpcCode.InvalidRequest);
    const empty = await httpRaw(url, "[]");
    assert.equal((empty.json as { error: { code: number } }).error.code, RpcCode.InvalidRequest);
    const notification = await httpRaw(url, JSON.stringify({ jsonrpc: "2.0", method: "chain_getHead" }));
    assert.equal(notification.status, 204);
  });

  it("WebSocket: calls, transaction submission, newHeads / events / metagraph subscriptions", async () => {
    const ws = await WsClient.connect(url);
    const heads: Header[] = [];
    const events: Array<Array<{ name: string }>> = [];
    const graphs: Array<{ netuid: number; n: number }> = [];
    const headSub = await ws.subscribe("subscribe_newHeads", [], (h) => heads.push(h as Header));
    await ws.subscribe("subscribe_events", { filter: { name: "NetworkAdded" } }, (e) =>
      events.push(e as Array<{ name: string }>),
    );
    const before = await ws.call<Header>("chain_getHead");
    const hot = keyPairFromUri("//Alice/rpc-hot").address;
    const tx = await sign(alice, "subtensor", "register_network", { hotkey: hot });
    const submitted = ws.call<{
      status: string;
      receipt: { success: boolean; events: Array<{ name: string }> };
    }>("author_submitTransaction", { tx, wait: "finality", timeoutMs: 10_000 });
    await until(() => node.mempool.size > 0);
    await ws.call("dev_mine", [1]);
    const inc = await submitted;
    assert.equal(inc.status, "finalized");
    assert.ok(inc.receipt.success, JSON.stringify(inc.receipt));
    const added = inc.receipt.events.find((e) => e.name === "NetworkAdded") as unknown as {
      data: { netuid: number };
    };
    const netuid = added.data.netuid;
    await ws.subscribe("subscribe_metagraph", { netuid }, (g) =>
      graphs.push(g as { netuid: number; n: number }),
    );
    await ws.call("dev_mine", [2]);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      heads.map((h) => h.number),
      [before.number + 1, before.number + 2, before.number + 3],
    );
    assert.equal(events.length, 1);
    assert.equal(events[0]?.[0]?.name, "NetworkAdded");
    assert.ok(graphs.length >= 1 && graphs[0]?.netuid === netuid);
    assert.equal(await ws.call("unsubscribe", [headSub]), true);
    assert.equal(await ws.call("unsubscribe", [headSub]), false);
    await ws.call("dev_mine", [1]);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(heads.length, 3, "no notification after unsubscribe");
    // queries of the new subnet
    const mg = await ws.call<{ n: number; hotkeys: string[] }>("subnet_getMetagraph", [netuid]);
    assert.equal(mg.hotkeys.length, mg.n);
    const dyn = await ws.call<{ netuid: number; price: string }>("subnet_getDynamicInfo", [netuid]);
    assert.equal(dyn.netuid, netuid);
    assert.match(dyn.price, /^\d+$/);
    const hp = await ws.call<Array<{ name: string }>>("subnet_getHyperparams", [netuid]);
    assert.ok(hp.some((h) => h.name === "tempo"));
    await assert.rejects(ws.call("subnet_getInfo", [999]), code(RpcCode.NotFound, "SubnetNotExists"));
    for (const m of [
      "subnet_list",
      "subnet_getAllDynamicInfo",
      "subnet_getLockCost",
      "network_getTotals",
      "state_getDelegates",
    ]) {
      await ws.call(m, []);
    }
    await ws.call("subnet_getRegistrationCost", [netuid]);
    await ws.call("state_getStakeInfo", [alice.address]);
    await ws.call("subnet_getMetagraphLite", [netuid]);
    await ws.call("beacon_info", []);
    // an oversize message gets an error, and the connection keeps working
    ws.sendRaw(
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "system_health", params: ["x".repeat(70_000)] }),
    );
    for (let i = 0; i < 100 && ws.orphanErrors.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(ws.orphanErrors[0]?.code, RpcCode.TooLarge);
    assert.equal((await ws.call<{ ok: boolean }>("system_health")).ok, true);
    await ws.close();
  });

  it("dev: snapshot, revert, set balance over RPC", async () => {
    const id = await httpCall<number>(url, "dev_snapshot");
    const head = await httpCall<Header>(url, "chain_getHead");
    await httpCall(url, "dev_mine", [3]);
    const who = keyPairFromUri("//RpcRich").address;
    await httpCall(url, "dev_setBalance", { address: who, free: "123" + "000000000" });
    assert.equal((await httpCall<{ free: string }>(url, "state_getAccount", [who])).free, "123000000000");
    const back = await httpCall<Header>(url, "dev_revert", [id]);
    assert.equal(back.hash, head.hash);
    assert.equal((await httpCall<{ free: string }>(url, "state_getAccount", [who])).free, "0");
    await assert.rejects(httpCall(url, "dev_revert", [999]), code(RpcCode.DevError, "UnknownSnapshot"));
  });

  it("fuzz: random bodies and random parameters never break the node nor change its state", async () => {
    const head = await httpCall<Header>(url, "chain_getHead");
    const names = methods.filter((m) => !m.dev).map((m) => m.name);
    const json = fc.jsonValue({ maxDepth: 3 });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          json.map((v) => JSON.stringify(v)),
          fc
            .record({
              method: fc.constantFrom(...names),
              params: fc.oneof(fc.array(json, { maxLength: 4 }), fc.dictionary(fc.string(), json)),
            })
            .map((r) => JSON.stringify({ jsonrpc: "2.0", id: 1, ...r })),
        ),
        async (body) => {
          const r = await httpRaw(url, body);
          assert.ok(r.status === 200 || r.status === 204 || r.status === 413, `status ${r.status}`);
          if (r.status === 200) {
            const out = (Array.isArray(r.json) ? r.json : [r.json]) as Array<{ error?: { code: number } }>;
            for (const o of out)
              assert.notEqual(o.error?.code, RpcCode.InternalError, `internal error for ${body}`);
          }
        },
      ),
      { numRuns: 300 },
    );
    const after = await httpCall<Header>(url, "chain_getHead");
    assert.equal(after.hash, head.hash);
    assert.equal(after.stateRoot, head.stateRoot);
  });

  it("limits connections: a WebSocket or HTTP request over the limit gets a JSON-RPC error", async () => {
    const small = await RpcServer.listen(node, { port: 0, maxConnections: 2 });
    const a = await WsClient.connect(small.url);
    const b = await WsClient.connect(small.url);
    await assert.rejects(WsClient.connect(small.url), /HTTP 503/);
    await a.close();
    await b.close();
    // plain HTTP: with more open connections than the limit, a request gets a JSON-RPC error
    const sockets = await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<Socket>((resolve) => {
            const sock = connect(small.port, "127.0.0.1", () => resolve(sock));
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, 50));
    const body = '{"jsonrpc":"2.0","id":1,"method":"system_health"}';
    const last = sockets[2] as Socket;
    const reply = new Promise<string>((resolve) => {
      let text = "";
      last.on("data", (d) => {
        text += d.toString();
        if (text.includes("}}")) resolve(text);
      });
    });
    last.write(
      `POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
    );
    const text = await reply;
    assert.match(text, /^HTTP\/1.1 503/);
    assert.match(text, /"code":-32016/);
    for (const sock of sockets) sock.destroy();
    await small.close();
  });
});

describe("JSON-RPC (mainnet preset)", () => {
  it("has no dev methods", async () => {
    await cryptoReady();
    const n = await TaoNode.start({
      genesis: mainnetGenesis({ balances: [], sudo: null }),
      dataDir: tmp(),
      sealing: "manual",
      verifierThreads: 1,
      logger: pino({ level: "silent" }),
    });
    const s = await RpcServer.listen(n, { port: 0 });
    await assert.rejects(httpCall(s.url, "dev_mine", [1]), code(RpcCode.MethodNotFound));
    assert.equal((await httpCall<{ dev: boolean }>(s.url, "system_info")).dev, false);
    await s.close();
    await n.stop();
  });
});
