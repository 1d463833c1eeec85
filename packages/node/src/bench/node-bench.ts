/**
 * Node benchmarks (registered in scripts/bench.js; not tests):
 * - transactions submitted over JSON-RPC (HTTP batches) to the real node process (dev preset, 1 s blocks)
 *   until all are included;
 * - the full metagraph of a 256-uid subnet over JSON-RPC (HTTP);
 * - 1,000 WebSocket subscribers each receiving a new head.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createGenesis,
  cryptoReady,
  devGenesis,
  type KeyPair,
  keyPairFromUri,
  type SignedTransaction,
  signTransaction,
} from "@taonet/chain";
import { pino } from "pino";
import { jsonValue, toJson } from "../json.js";
import { TaoNode } from "../node.js";
import { RpcServer } from "../rpc/server.js";
import { httpCall, WsClient } from "../testing/client.js";
import { type NodeProcess, startNodeProcess } from "../testing/process.js";

export interface NodeBenchCase<T> {
  readonly name: string;
  readonly target?: string;
  readonly items: number;
  readonly itemName: string;
  readonly warmup?: number;
  readonly minRuns?: number;
  setup(): Promise<T>;
  run(input: T): Promise<void>;
  teardown?(input: T): Promise<void>;
}

const SENDERS = ["//Alice", "//Bob", "//Charlie", "//Dave", "//Eve", "//Ferdie"];
const PER_SENDER = 2_000;
const TX_RUNS = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface TxInput {
  readonly proc: NodeProcess;
  readonly dir: string;
  readonly keys: KeyPair[];
  /** Pre-signed batches (JSON bodies) per run. */
  readonly rounds: string[][];
  round: number;
}

const txThroughput: NodeBenchCase<TxInput> = {
  name: "node: transfers submitted over JSON-RPC and included (dev, 1 s blocks, 12,000 per run)",
  target: ">= 3,000 tx/s",
  items: SENDERS.length * PER_SENDER,
  itemName: "tx",
  warmup: 1,
  minRuns: TX_RUNS - 1,
  async setup() {
    await cryptoReady();
    const { spec } = createGenesis(devGenesis());
    const keys = SENDERS.map((u) => keyPairFromUri(u));
    const dests = Array.from({ length: 64 }, (_, i) => keyPairFromUri(`//BenchDest${i}`).address);
    const rounds: string[][] = [];
    for (let r = 0; r < TX_RUNS; r++) {
      const txs: SignedTransaction[] = [];
      for (let i = 0; i < PER_SENDER; i++) {
        keys.forEach((k, s) => {
          txs.push(
            signTransaction(spec.genesisHash, k, {
              nonce: r * PER_SENDER + i,
              call: {
                module: "balances",
                method: "transfer_keep_alive",
                args: { dest: dests[(i + s) % dests.length] as string, value: "1000000000" },
              },
            }),
          );
        });
      }
      const bodies: string[] = [];
      for (let i = 0; i < txs.length; i += 250) {
        bodies.push(
          toJson(
            txs.slice(i, i + 250).map((tx, j) => ({
              jsonrpc: "2.0",
              id: i + j,
              method: "author_submitTransaction",
              params: [jsonValue(tx)],
            })),
          ),
        );
      }
      rounds.push(bodies);
    }
    const dir = mkdtempSync(join(tmpdir(), "taonet-bench-"));
    const proc = await startNodeProcess([
      "--preset",
      "dev",
      "--data-dir",
      dir,
      "--rpc-port",
      "0",
      "--log-level",
      "warn",
    ]);
    return { proc, dir, keys, rounds, round: 0 };
  },
  async run(input) {
    const bodies = input.rounds[input.round++];
    if (!bodies) throw new Error("out of pre-signed rounds");
    const url = input.proc.url;
    let next = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as string;
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        const out = (await res.json()) as Array<{ error?: { message: string } }>;
        const failed = out.find((r) => r.error);
        if (failed) throw new Error(`submission refused: ${failed.error?.message}`);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const target = input.round * PER_SENDER;
    for (;;) {
      const accounts = await Promise.all(
        input.keys.map((k) => httpCall<{ nonce: number }>(url, "state_getAccount", [k.address])),
      );
      if (accounts.every((a) => a.nonce >= target)) break;
      await sleep(10);
    }
  },
  async teardown(input) {
    await input.proc.stop();
    rmSync(input.dir, { recursive: true, force: true });
  },
};

interface InProcess {
  readonly node: TaoNode;
  readonly server: RpcServer;
  readonly dir: string;
}

async function inProcessNode(): Promise<InProcess> {
  await cryptoReady();
  const alice = keyPairFromUri("//Alice");
  const genesis = devGenesis({
    subnets: [{ owner: alice.address, hotkey: keyPairFromUri("//Alice/owner-hot").address, started: true }],
  });
  const dir = mkdtempSync(join(tmpdir(), "taonet-bench-"));
  const node = await TaoNode.start({
    genesis,
    dataDir: dir,
    sealing: "manual",
    beacon: false,
    logger: pino({ level: "silent" }),
  });
  const server = await RpcServer.listen(node, { port: 0, maxConnections: 8_192 });
  return { node, server, dir };
}

async function closeInProcess(p: InProcess): Promise<void> {
  await p.server.close();
  await p.node.stop();
  rmSync(p.dir, { recursive: true, force: true });
}

/** Fills subnet 1 to 256 uids (sudo raises the registration limits; //Alice registers 255 hotkeys). */
async function fillSubnet(node: TaoNode): Promise<void> {
  const alice = keyPairFromUri("//Alice");
  const sudo = (module: string, method: string, args: Record<string, unknown>) =>
    signTransaction(node.spec.genesisHash, alice, {
      nonce: node.nextNonce(alice.address),
      call: { module: "sudo", method: "sudo", args: { call: { module, method, args } } },
    });
  for (let attempt = 0; attempt < 20; attempt++) {
    const a = await node.submit(
      sudo("adminUtils", "sudo_set_max_registrations_per_block", {
        netuid: 1,
        max_registrations_per_block: 1000,
      }),
    );
    const b = await node.submit(
      sudo("adminUtils", "sudo_set_target_registrations_per_interval", {
        netuid: 1,
        target_registrations_per_interval: 1000,
      }),
    );
    const waits = [node.waitForInclusion(a.hash, 10_000), node.waitForInclusion(b.hash, 10_000)];
    await node.produceBlock();
    const results = await Promise.all(waits);
    if (results.every((r) => r.receipt.success)) break;
    if (attempt === 19)
      throw new Error(`cannot raise the limits: ${JSON.stringify(results.map((r) => r.receipt.error))}`);
  }
  const hashes: string[] = [];
  for (let i = 0; i < 255; i++) {
    const tx = signTransaction(node.spec.genesisHash, alice, {
      nonce: node.nextNonce(alice.address),
      call: {
        module: "subtensor",
        method: "burned_register",
        args: { netuid: 1, hotkey: keyPairFromUri(`//Bench/hot${i}`).address },
      },
    });
    hashes.push((await node.submit(tx)).hash);
  }
  const waits = hashes.map((h) => node.waitForInclusion(h, 30_000));
  await node.produceBlock();
  const failed = (await Promise.all(waits)).find((r) => !r.receipt.success);
  if (failed) throw new Error(`burned_register failed: ${JSON.stringify(failed.receipt.error)}`);
  await node.runToNextEpoch(1);
}

const metagraph: NodeBenchCase<InProcess> = {
  name: "node: full metagraph of a 256-uid subnet over JSON-RPC (HTTP)",
  target: "<= 20 ms",
  items: 1,
  itemName: "metagraph",
  async setup() {
    const p = await inProcessNode();
    await fillSubnet(p.node);
    const m = await httpCall<{ n: number }>(p.server.url, "subnet_getMetagraph", [1]);
    if (m.n !== 256) throw new Error(`the subnet has ${m.n} uids`);
    return p;
  },
  async run(p) {
    const res = await fetch(p.server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"jsonrpc":"2.0","id":1,"method":"subnet_getMetagraph","params":[1]}',
    });
    const body = (await res.json()) as { result?: { n: number } };
    if (body.result?.n !== 256) throw new Error("bad metagraph");
  },
  teardown: closeInProcess,
};

interface Subscribers extends InProcess {
  readonly clients: WsClient[];
  received: number;
  resolve: (() => void) | undefined;
}

const SUBSCRIBERS = 1_000;

const newHeads: NodeBenchCase<Subscribers> = {
  name: "node: 1,000 WebSocket subscribers each receiving a new head (block produced + fan-out + delivery)",
  items: SUBSCRIBERS,
  itemName: "notification",
  async setup() {
    const p = await inProcessNode();
    const input: Subscribers = { ...p, clients: [], received: 0, resolve: undefined };
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const c = await WsClient.connect(p.server.url);
      await c.subscribe("subscribe_newHeads", [], () => {
        input.received++;
        if (input.received === SUBSCRIBERS) input.resolve?.();
      });
      input.clients.push(c);
    }
    return input;
  },
  async run(input) {
    input.received = 0;
    const all = new Promise<void>((resolve) => {
      input.resolve = resolve;
    });
    await input.node.produceBlock();
    await all;
  },
  async teardown(input) {
    await Promise.all(input.clients.map((c) => c.close()));
    await closeInProcess(input);
  },
};

export const nodeBenchCases = [txThroughput, metagraph, newHeads];
