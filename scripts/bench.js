#!/usr/bin/env node
// `npm run bench`: measures the hot paths and writes docs/benchmarks.md. Not a test.
// Each case: warm-up runs, then the median (and min/max) of timed runs, in one process.
// Options: --quick (short runs, no file written), --only=TEXT (cases whose name contains TEXT).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { stakingBench } from "../packages/chain/dist/bench/staking-bench.js";
import { transfersBench } from "../packages/chain/dist/bench/transfers-bench.js";
import { weightsBench } from "../packages/chain/dist/bench/weights-bench.js";
import { epochBenchCases } from "../packages/yuma/dist/bench/epoch-bench.js";

const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7);
/** Internal: run exactly the case with this name and print its result as JSON (one process per case). */
const single = process.argv.find((a) => a.startsWith("--single="))?.slice(9);

/**
 * Every case as { name, target?, items, itemName, setup, run, teardown?, warmup?, minRuns? }; setup/run
 * may be async.
 */
const cases = [
  ...epochBenchCases.map((c) => ({ ...c, items: c.weights, itemName: "weight" })),
  transfersBench,
  stakingBench,
  weightsBench,
];
try {
  const { nodeBenchCases } = await import("../packages/node/dist/bench/node-bench.js");
  cases.push(...nodeBenchCases);
} catch (err) {
  if (err?.code !== "ERR_MODULE_NOT_FOUND") throw err; // the node is not built yet
}
try {
  const { coinbaseBenchCases } = await import("../packages/chain/dist/bench/coinbase-bench.js");
  cases.push(...coinbaseBenchCases);
} catch {
  // the epoch-heavy block benchmark is not built yet
}
try {
  const { metagraphBenchCases } = await import("../packages/sdk/dist/bench/metagraph-bench.js");
  cases.push(...metagraphBenchCases);
} catch {
  // the SDK is not built yet
}

async function measure(c) {
  const input = await c.setup();
  // heavy cases (a node process, thousands of signed transactions per run) may ask for fewer runs
  const warmup = c.warmup ?? (quick ? 2 : 4);
  const minRuns = c.minRuns ?? (quick ? 5 : 11);
  for (let i = 0; i < warmup; i++) await c.run(input);
  const times = [];
  const budgetMs = quick ? 500 : 4000;
  const start = performance.now();
  while (times.length < minRuns || (performance.now() - start < budgetMs && times.length < 200)) {
    const t0 = performance.now();
    await c.run(input);
    times.push(performance.now() - t0);
  }
  await c.teardown?.(input);
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)],
    min: times[0],
    max: times[times.length - 1],
    runs: times.length,
  };
}

if (single !== undefined) {
  const c = cases.find((x) => x.name === single);
  if (!c) throw new Error(`no bench case ${single}`);
  process.stdout.write(`${JSON.stringify(await measure(c))}\n`);
  process.exit(0);
}

// Each case runs in its own process, so that one case's heap does not slow the next one's GC.
const rows = [];
for (const c of cases) {
  if (only && !c.name.includes(only)) continue;
  const args = [
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    `--single=${c.name}`,
    ...(quick ? ["--quick"] : []),
  ];
  const out = execFileSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 20 });
  const r = JSON.parse(out.trim().split("\n").pop() ?? "{}");
  const perItemNs = (r.median * 1e6) / c.items;
  const rate = (c.items / r.median) * 1000;
  rows.push({ ...c, ...r, perItemNs, rate });
  console.log(
    `${c.name.padEnd(60)} median ${r.median.toFixed(2).padStart(9)} ms  (min ${r.min.toFixed(2)}, max ${r.max.toFixed(2)}, ${r.runs} runs)  ${Math.round(rate).toLocaleString("en-US")} ${c.itemName}s/s${c.target ? `  target ${c.target}` : ""}`,
  );
}

if (!quick && !only) {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const lines = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (do not edit by hand). Each case runs in its own Node process: warm-up runs,",
    "then the median (min, max) of timed runs.",
    "",
    `Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
    "",
    "| case | items | median | min | max | runs | per item | rate | target |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.items.toLocaleString("en-US")} ${r.itemName}s | ${r.median.toFixed(2)} ms | ${r.min.toFixed(2)} ms | ${r.max.toFixed(2)} ms | ${r.runs} | ${r.perItemNs.toFixed(0)} ns | ${Math.round(r.rate).toLocaleString("en-US")}/s | ${r.target ?? ""} |`,
    ),
    "",
    "Notes:",
    "",
    "- Epoch cases: synthetic subnets where every validator sets weights on every miner, bonds carried from a",
    "  previous epoch (`packages/yuma/src/bench/synthetic.ts`); single thread. Targets (the epoch engine issue):",
    "  512 uids (64 validators x 448 miners) <= 5 ms; 4,096 uids (256 validators) <= 150 ms; close to linear in",
    "  the number of weights (see the per-item column). For scale: the reference's Python simulator (PyTorch",
    "  float32, dense, not bit-exact) takes 24 ms and 5.2 s for those two sizes (`shared/reference/measurements.md`).",
    "- Runs with `node --max-semi-space-size=128` (as `npm run bench` starts it, and as a node process should run):",
    "  an epoch-heavy block allocates ~100 MB of short-lived objects, and with V8's default 16 MB young",
    "  generation most of them are promoted and collected by full GCs (the 128-epoch block then measured a",
    "  ~1.7 s median, min 1.1 s).",
    "- Transfers: 1,000 `transfer_keep_alive` from 6 senders to 1,000 new accounts; sr25519 signatures verified on",
    "  worker threads (one per core, `SignatureVerifier`), then `applyBlock` with the signatures marked verified",
    "  (fees, nonces, existential deposit, events, receipts and the state root included).",
    "- set_weights block: 2,048 signed `set_weights` of 256 uids each (64 validators on each of 32 subnets),",
    "  verified on worker threads then applied; no target was set.",
    "- Epoch-heavy block: 128 subnets of 256 uids (64 validators weighting 192 miners, bonds carried), every epoch",
    "  due in the block: emission, injection, 128 Yuma epochs, distribution to all stake pools, moving prices, and",
    "  the state root of the ~140 000 storage entries the block changes.",
    "- Node, transactions: the real `tao node start` process (dev preset, 1 s blocks, dev beacon on); the bench",
    "  process posts 12,000 pre-signed transfers from 6 senders as JSON-RPC batches of 250 (4 in flight) and",
    "  polls until every one is included: admission (zod, batched signature checks on worker threads, pool)",
    "  and inclusion (block building, one LevelDB batch per block) included. The wait for the next block",
    "  boundary counts too. Both processes share the machine's cores.",
    "- Node, metagraph: an in-process node with a 256-uid subnet after one epoch; one HTTP request for",
    "  `subnet_getMetagraph` per run (client in the same process).",
    "- Node, subscribers: 1,000 WebSocket clients (in the same process as the node) subscribed to new heads; a",
    "  run produces a block and ends when every client has received its notification.",
    "- SDK metagraph sync: `getMetagraph(client, netuid, { lite })` over one WebSocket to a real `tao node start`",
    "  process (dev preset, 20 ms blocks) holding a started subnet of 256 registered uids; the time includes the",
    "  node computing the metagraph, JSON over loopback, parsing and the bigint columns.",
    "",
  ];
  writeFileSync(new URL("../docs/benchmarks.md", import.meta.url), lines.join("\n"));
  console.log("wrote docs/benchmarks.md");
}
process.exit(0);
