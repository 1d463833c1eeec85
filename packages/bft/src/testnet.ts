/**
 * A local multi-validator network on loopback ports: N CometBFT homes (`cometbft init`) sharing one
 * genesis with N validators and persistent peers, each with its own taonet application process
 * (`tao node start --engine cometbft`) and data directory.
 *
 * Layout under `dir`: `testnet.json` (ports, node ids, pids), and per validator `node<i>/cometbft` (home),
 * `node<i>/taonet` (the app's database), `node<i>/app.log`, `node<i>/cometbft.log`.
 * Ports of validator i: base + 10·i + {0: p2p, 1: CometBFT RPC, 2: taonet RPC, 3: ABCI}.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CometRpc, findCometbft } from "./cometbft.js";

export const TAO_BIN = fileURLToPath(new URL("../../cli/bin/tao.js", import.meta.url));

export interface ConsensusTimeouts {
  readonly proposeMs: number;
  readonly prevoteMs: number;
  readonly precommitMs: number;
  /** Wait after a commit before the next height (sets the block interval on an idle network). */
  readonly commitMs: number;
}

/** Fast timeouts for a loopback network (tests, benchmarks). */
export const FAST_TIMEOUTS: ConsensusTimeouts = {
  proposeMs: 1000,
  prevoteMs: 300,
  precommitMs: 300,
  commitMs: 300,
};

export interface TestnetOptions {
  readonly dir: string;
  readonly validators?: number;
  readonly basePort?: number;
  readonly timeouts?: ConsensusTimeouts;
  readonly chainId?: string;
  readonly preset?: "dev" | "mainnet";
  /** CometBFT log level (default "error"). */
  readonly cometLogLevel?: string;
}

export interface NodeLayout {
  readonly index: number;
  readonly home: string;
  readonly dataDir: string;
  readonly nodeId: string;
  readonly p2pPort: number;
  readonly cometRpcPort: number;
  readonly rpcPort: number;
  readonly abciPort: number;
  readonly cometRpc: string;
  readonly rpc: string;
  appPid?: number | undefined;
  cometPid?: number | undefined;
}

export interface TestnetLayout {
  readonly dir: string;
  readonly chainId: string;
  readonly preset: "dev" | "mainnet";
  readonly nodes: NodeLayout[];
}

const layoutFile = (dir: string) => join(dir, "testnet.json");

export function readLayout(dir: string): TestnetLayout {
  return JSON.parse(readFileSync(layoutFile(dir), "utf8")) as TestnetLayout;
}

export function writeLayout(layout: TestnetLayout): void {
  writeFileSync(layoutFile(layout.dir), `${JSON.stringify(layout, null, 2)}\n`);
}

/** Sets `key = value` in a TOML section ("" for the top level) of CometBFT's config.toml. */
export function setToml(
  text: string,
  section: string,
  key: string,
  value: string | number | boolean,
): string {
  const lines = text.split("\n");
  let current = "";
  const v = typeof value === "string" ? JSON.stringify(value) : String(value);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const h = /^\[([^\]]+)\]\s*$/.exec(line);
    if (h) current = h[1] as string;
    else if (current === section && new RegExp(`^${key}\\s*=`).test(line)) {
      lines[i] = `${key} = ${v}`;
      return lines.join("\n");
    }
  }
  throw new Error(`config.toml has no ${section ? `[${section}] ` : ""}${key}`);
}

function cometBin(): string {
  const bin = findCometbft();
  if (!bin) throw new Error("cometbft is not installed (see docs/cometbft.md: go install ...)");
  return bin;
}

/** Node id: the first 20 bytes of sha256 of the node key's Ed25519 public key, hex. */
function nodeIdOf(home: string): string {
  const key = JSON.parse(readFileSync(join(home, "config", "node_key.json"), "utf8")) as {
    priv_key: { value: string };
  };
  const pub = Buffer.from(key.priv_key.value, "base64").subarray(32);
  return createHash("sha256").update(pub).digest().subarray(0, 20).toString("hex");
}

const ms = (n: number) => `${n}ms`;

/** Creates the homes, the shared genesis and the configs (replacing anything in `dir`). */
export function initTestnet(opts: TestnetOptions): TestnetLayout {
  const n = opts.validators ?? 4;
  if (n < 1) throw new Error("at least one validator");
  const base = opts.basePort ?? 26600;
  const t = opts.timeouts ?? FAST_TIMEOUTS;
  const bin = cometBin();
  rmSync(opts.dir, { recursive: true, force: true });
  mkdirSync(opts.dir, { recursive: true });
  const nodes: NodeLayout[] = [];
  for (let i = 0; i < n; i++) {
    const home = join(opts.dir, `node${i}`, "cometbft");
    const r = spawnSync(bin, ["init", "--home", home], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`cometbft init failed: ${r.stderr}`);
    const p = base + 10 * i;
    nodes.push({
      index: i,
      home,
      dataDir: join(opts.dir, `node${i}`, "taonet"),
      nodeId: nodeIdOf(home),
      p2pPort: p,
      cometRpcPort: p + 1,
      rpcPort: p + 2,
      abciPort: p + 3,
      cometRpc: `http://127.0.0.1:${p + 1}`,
      rpc: `http://127.0.0.1:${p + 2}`,
    });
  }
  const chainId = opts.chainId ?? "taonet-testnet";
  const genesis = JSON.parse(
    readFileSync(join(nodes[0]?.home as string, "config", "genesis.json"), "utf8"),
  ) as Record<string, unknown>;
  genesis.chain_id = chainId;
  genesis.genesis_time = new Date().toISOString();
  genesis.initial_height = "1";
  genesis.validators = nodes.map((node) => {
    const key = JSON.parse(readFileSync(join(node.home, "config", "priv_validator_key.json"), "utf8")) as {
      address: string;
      pub_key: unknown;
    };
    return { address: key.address, pub_key: key.pub_key, power: "10", name: `validator${node.index}` };
  });
  const genesisText = `${JSON.stringify(genesis, null, 2)}\n`;
  for (const node of nodes) {
    writeFileSync(join(node.home, "config", "genesis.json"), genesisText);
    const cfgPath = join(node.home, "config", "config.toml");
    let cfg = readFileSync(cfgPath, "utf8");
    const peers = nodes
      .filter((o) => o !== node)
      .map((o) => `${o.nodeId}@127.0.0.1:${o.p2pPort}`)
      .join(",");
    const set = (section: string, key: string, value: string | number | boolean) => {
      cfg = setToml(cfg, section, key, value);
    };
    set("", "moniker", `validator${node.index}`);
    set("", "proxy_app", `tcp://127.0.0.1:${node.abciPort}`);
    set("", "log_level", opts.cometLogLevel ?? "error");
    set("rpc", "laddr", `tcp://127.0.0.1:${node.cometRpcPort}`);
    set("rpc", "max_open_connections", 2000);
    set("rpc", "max_request_batch_size", 100);
    set("rpc", "max_body_bytes", 16_000_000);
    set("p2p", "laddr", `tcp://127.0.0.1:${node.p2pPort}`);
    set("p2p", "persistent_peers", peers);
    set("p2p", "addr_book_strict", false);
    set("p2p", "allow_duplicate_ip", true);
    set("p2p", "pex", false);
    set("mempool", "size", 50_000);
    set("mempool", "cache_size", 200_000);
    set("consensus", "timeout_propose", ms(t.proposeMs));
    set("consensus", "timeout_propose_delta", ms(Math.ceil(t.proposeMs / 2)));
    set("consensus", "timeout_prevote", ms(t.prevoteMs));
    set("consensus", "timeout_prevote_delta", ms(Math.ceil(t.prevoteMs / 2)));
    set("consensus", "timeout_precommit", ms(t.precommitMs));
    set("consensus", "timeout_precommit_delta", ms(Math.ceil(t.precommitMs / 2)));
    set("consensus", "timeout_commit", ms(t.commitMs));
    set("tx_index", "indexer", "null");
    set("instrumentation", "prometheus", false);
    writeFileSync(cfgPath, cfg);
  }
  const layout: TestnetLayout = { dir: opts.dir, chainId, preset: opts.preset ?? "dev", nodes };
  writeLayout(layout);
  return layout;
}

export interface Proc {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
}

function launch(
  cmd: string,
  args: readonly string[],
  logFile: string,
  detached: boolean,
  env: NodeJS.ProcessEnv,
): Proc {
  const fd = openSync(logFile, "a");
  const child = spawn(cmd, args, { stdio: ["ignore", fd, fd], detached, env });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  if (detached) child.unref();
  return { child, exited };
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  proc?: Proc,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc?.exited.then(() => {
    exited = true;
  });
  for (;;) {
    if (exited) throw new Error(`${what}: the process exited`);
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface StartOptions {
  readonly detached?: boolean;
  /** Extra environment of the taonet application (e.g. the fault-injection switch of tests). */
  readonly appEnv?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

/** Starts validator i: its taonet application (waits for its RPC), then its CometBFT. */
export async function startValidator(
  layout: TestnetLayout,
  i: number,
  opts: StartOptions = {},
): Promise<{ app: Proc; comet: Proc }> {
  const node = layout.nodes[i];
  if (!node) throw new Error(`no validator ${i}`);
  const dir = join(layout.dir, `node${i}`);
  const detached = opts.detached ?? false;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const app = launch(
    process.execPath,
    [
      "--max-semi-space-size=64",
      TAO_BIN,
      "node",
      "start",
      "--engine",
      "cometbft",
      "--preset",
      layout.preset,
      "--data-dir",
      node.dataDir,
      "--rpc-port",
      String(node.rpcPort),
      "--abci",
      `tcp://127.0.0.1:${node.abciPort}`,
      "--cometbft-rpc",
      node.cometRpc,
      "--log-level",
      "warn",
    ],
    join(dir, "app.log"),
    detached,
    { ...process.env, ...opts.appEnv },
  );
  await waitFor(
    `validator ${i} app`,
    async () => (await fetch(`${node.rpc}/health`)).status < 500,
    timeoutMs,
    app,
  );
  const comet = launch(
    cometBin(),
    ["start", "--home", node.home],
    join(dir, "cometbft.log"),
    detached,
    process.env,
  );
  await waitFor(
    `validator ${i} cometbft`,
    async () => {
      await new CometRpc(node.cometRpc).status();
      return true;
    },
    timeoutMs,
    comet,
  );
  node.appPid = app.child.pid;
  node.cometPid = comet.child.pid;
  return { app, comet };
}

/** Sends `signal` to a pid recorded in the layout (only those: never by name). */
export function signalPid(pid: number | undefined, signal: NodeJS.Signals): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

export function isAlive(pid: number | undefined): boolean {
  return pid !== undefined && signalPid(pid, 0 as unknown as NodeJS.Signals);
}

export interface ValidatorStatus {
  readonly index: number;
  readonly alive: { readonly app: boolean; readonly cometbft: boolean };
  readonly height?: number;
  readonly appHash?: string;
  readonly catchingUp?: boolean;
  readonly taonetHead?: number;
  readonly rpc: string;
  readonly cometRpc: string;
  readonly error?: string;
}

export async function testnetStatus(layout: TestnetLayout): Promise<ValidatorStatus[]> {
  return Promise.all(
    layout.nodes.map(async (n) => {
      const base = {
        index: n.index,
        alive: { app: isAlive(n.appPid), cometbft: isAlive(n.cometPid) },
        rpc: n.rpc,
        cometRpc: n.cometRpc,
      };
      try {
        const s = await new CometRpc(n.cometRpc).status();
        const head = await fetch(n.rpc, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "chain_getHead", params: {} }),
          signal: AbortSignal.timeout(5000),
        }).then((r) => r.json() as Promise<{ result?: { number: number } }>);
        return {
          ...base,
          height: s.height,
          appHash: s.appHash,
          catchingUp: s.catchingUp,
          ...(head.result ? { taonetHead: head.result.number } : {}),
        };
      } catch (err) {
        return { ...base, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
}

export function testnetExists(dir: string): boolean {
  return existsSync(layoutFile(dir));
}
