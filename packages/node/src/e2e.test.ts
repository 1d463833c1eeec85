/**
 * End-to-end: the real `tao node start` process on a loopback port — blocks, transactions over HTTP and
 * WebSocket, restart; and a bounded kill -9 loop under transaction load, after which every transaction
 * reported included is in its block and every block re-executes to its state root and hash.
 * TAONET_KILLS sets the number of kills (default 10; `npm run test:long` runs 25).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  createGenesis,
  cryptoReady,
  devGenesis,
  type KeyPair,
  keyPairFromUri,
  type SignedTransaction,
  signTransaction,
} from "@taonet/chain";
import { Engine } from "./engine.js";
import { jsonValue } from "./json.js";
import { Store } from "./store.js";
import { httpCall, WsClient } from "./testing/client.js";
import { type NodeProcess, startNodeProcess } from "./testing/process.js";

const TAO = 1_000_000_000n;
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "taonet-e2e-"));
  dirs.push(d);
  return d;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Header {
  number: number;
  hash: string;
  stateRoot: string;
}

let genesisHash: string;
let senders: KeyPair[];

function transfer(from: KeyPair, nonce: number, dest: string, value: bigint): SignedTransaction {
  return jsonValue(
    signTransaction(genesisHash, from, {
      nonce,
      call: { module: "balances", method: "transfer_keep_alive", args: { dest, value: value.toString() } },
    }),
  ) as SignedTransaction;
}

/** Re-executes every stored block from genesis: each must reproduce its state root and hash. */
async function reverify(dir: string): Promise<number> {
  const store = await Store.open(dir, { archive: false, stateHistory: 256, sync: false });
  try {
    const head = await store.head();
    assert.ok(head);
    const { spec, state } = createGenesis(devGenesis());
    const genesisBlock = Engine.genesisBlock(state);
    state.compact();
    assert.equal((await store.block(0))?.hash, genesisBlock.hash);
    const engine = new Engine(spec, state, genesisBlock);
    for (let n = 1; n <= head.number; n++) {
      const block = await store.block(n);
      assert.ok(block, `block ${n} is stored`);
      engine.commit(engine.executeBlock(block));
    }
    return head.number;
  } finally {
    await store.close();
  }
}

describe("node process (end to end)", () => {
  before(async () => {
    await cryptoReady();
    const { spec } = createGenesis(devGenesis());
    genesisHash = spec.genesisHash;
    senders = ["//Alice", "//Bob", "//Charlie", "//Dave", "//Eve", "//Ferdie"].map((u) => keyPairFromUri(u));
  });
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("produces blocks, takes transactions over HTTP and WebSocket, stops on SIGTERM and resumes", async () => {
    const dir = tmp();
    const args = [
      "--preset",
      "dev",
      "--sealing",
      "manual",
      "--data-dir",
      dir,
      "--rpc-port",
      "0",
      "--log-level",
      "warn",
    ];
    let p: NodeProcess = await startNodeProcess(args);
    const info = await httpCall<{ genesisHash: string; sealing: string }>(p.url, "system_info");
    assert.equal(info.genesisHash, genesisHash);
    assert.equal(info.sealing, "manual");
    await httpCall(p.url, "dev_mine", [2]);
    const alice = senders[0] as KeyPair;
    const dest = keyPairFromUri("//E2eDest").address;
    const viaHttp = await httpCall<{ hash: string }>(p.url, "author_submitTransaction", [
      transfer(alice, 0, dest, TAO),
    ]);
    const ws = await WsClient.connect(p.url);
    const heads: number[] = [];
    await ws.subscribe("subscribe_newHeads", [], (h) => heads.push((h as Header).number));
    const viaWs = ws.call<{ blockNumber: number }>("author_submitTransaction", {
      tx: transfer(alice, 1, dest, TAO),
      wait: "inclusion",
      timeoutMs: 10_000,
    });
    for (let i = 0; i < 500; i++) {
      if ((await httpCall<{ count: number }>(p.url, "author_pendingTransactions")).count === 2) break;
      await sleep(10);
    }
    const mined = await httpCall<Header>(p.url, "dev_mine", [1]);
    assert.equal((await viaWs).blockNumber, mined.number);
    await sleep(50);
    assert.deepEqual(heads, [3]);
    await ws.close();
    const health = await fetch(`${p.url}/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { ok: boolean }).ok, true);
    const metrics = await (await fetch(`${p.url}/metrics`)).text();
    assert.match(metrics, /taonet_block_height 3/);
    assert.match(metrics, /taonet_rpc_request_duration_seconds_bucket\{le="[^"]+",method="dev_mine"\}/);
    assert.equal(await p.stop(), 0, "a clean exit on SIGTERM");

    p = await startNodeProcess(args);
    const head = await httpCall<Header>(p.url, "chain_getHead");
    assert.equal(head.number, 3);
    assert.equal(head.hash, mined.hash);
    const tx = await httpCall<{ blockNumber: number }>(p.url, "chain_getTransaction", [viaHttp.hash]);
    assert.equal(tx.blockNumber, 3);
    assert.equal(
      (await httpCall<{ free: string }>(p.url, "state_getAccount", [dest])).free,
      (2n * TAO).toString(),
    );
    assert.equal((await httpCall<{ free: string }>(p.url, "state_getAccount", [dest, 2])).free, "0");
    assert.equal(await p.stop(), 0);
    assert.equal(await reverify(dir), 3);
  });

  it("kill -9 at random moments under load loses no reported inclusion; every block re-verifies", async () => {
    const kills = Number(process.env.TAONET_KILLS ?? 10);
    const dir = tmp();
    const args = [
      "--preset",
      "dev",
      "--sealing",
      "auto",
      "--block-time",
      "40",
      "--beacon-period",
      "1000000",
      "--data-dir",
      dir,
      "--rpc-port",
      "0",
      "--log-level",
      "warn",
    ];
    const included = new Map<string, { blockNumber: number; blockHash: string }>();
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let k = 0; k < kills; k++) {
      const p = await startNodeProcess(args);
      let running = true;
      const load = senders.map(async (sender, s) => {
        while (running) {
          let nonce: number;
          try {
            nonce = await httpCall<number>(p.url, "author_nextNonce", [sender.address]);
          } catch {
            return;
          }
          const batch = Array.from({ length: 8 }, (_, i) =>
            transfer(sender, nonce + i, keyPairFromUri(`//Crash${k}/${s}/${nonce + i}`).address, TAO),
          );
          const results = await Promise.allSettled(
            batch.map((tx) =>
              httpCall<{ hash: string; blockNumber: number; blockHash: string }>(
                p.url,
                "author_submitTransaction",
                {
                  tx,
                  wait: "inclusion",
                  timeoutMs: 5_000,
                },
              ),
            ),
          );
          for (const r of results) {
            if (r.status === "fulfilled") included.set(r.value.hash, r.value);
          }
        }
      });
      await sleep(300 + random() * 900);
      await p.kill();
      running = false;
      await Promise.all(load);
    }
    assert.ok(included.size > 50, `only ${included.size} transactions were included`);
    const store = await Store.open(dir, { archive: false, stateHistory: 256, sync: false });
    for (const [hash, inc] of included) {
      const loc = await store.txLocation(hash);
      assert.equal(loc?.[0], inc.blockNumber, `${hash} is in block ${inc.blockNumber}`);
      assert.equal((await store.block(inc.blockNumber))?.hash, inc.blockHash);
    }
    await store.close();
    const blocks = await reverify(dir);
    assert.ok(blocks > kills);
    // and the node starts again on it
    const p = await startNodeProcess(args);
    assert.ok((await httpCall<Header>(p.url, "chain_getHead")).number >= blocks);
    assert.equal(await p.stop(), 0);
  });
});
