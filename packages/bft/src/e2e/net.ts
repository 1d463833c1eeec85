/** Test harness: a testnet whose processes this test owns (attached, killed by pid), and its checks. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Call,
  createGenesis,
  cryptoReady,
  devGenesis,
  type KeyPair,
  keyPairFromUri,
  signTransaction,
} from "@taonet/chain";
import { CometRpc, findCometbft } from "../cometbft.js";
import { initTestnet, type Proc, type StartOptions, startValidator, type TestnetLayout } from "../testnet.js";

/** Why the CometBFT tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  return findCometbft()
    ? undefined
    : "cometbft not found on PATH or in ~/go/bin (go install github.com/cometbft/cometbft/cmd/cometbft@v0.38.17)";
}

let portBlock = 0;

export async function rpcCall<T>(url: string, method: string, params: unknown = {}): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string; data?: { name: string } } };
  if (body.error) throw new Error(`${method}: ${body.error.data?.name ?? ""} ${body.error.message}`);
  return body.result as T;
}

export interface BlockView {
  readonly number: number;
  readonly hash: string;
  readonly stateRoot: string;
  readonly transactions: string[];
}

export class Net {
  readonly layout: TestnetLayout;
  readonly procs: Array<{ app: Proc; comet: Proc } | undefined>;

  private constructor(layout: TestnetLayout) {
    this.layout = layout;
    this.procs = layout.nodes.map(() => undefined);
  }

  /** A fresh network in a temporary directory (ports from `TAONET_TEST_BASE_PORT`, default 28600). */
  static create(validators = 4): Net {
    const dir = mkdtempSync(join(tmpdir(), "taonet-bft-"));
    // 40 ports per network, below the ephemeral range; spread by pid so parallel test files do not collide
    const base =
      Number(process.env.TAONET_TEST_BASE_PORT ?? 20000) + ((process.pid * 7 + portBlock++ * 13) % 100) * 100;
    return new Net(initTestnet({ dir, validators, basePort: base }));
  }

  get size(): number {
    return this.layout.nodes.length;
  }

  rpc(i: number): string {
    return (this.layout.nodes[i] as { rpc: string }).rpc;
  }

  comet(i: number): CometRpc {
    return new CometRpc((this.layout.nodes[i] as { cometRpc: string }).cometRpc);
  }

  async start(i: number, opts: StartOptions = {}): Promise<void> {
    this.procs[i] = await startValidator(this.layout, i, opts);
  }

  async startAll(): Promise<void> {
    // apps first (they only listen), then CometBFT nodes: start them together so they find their peers
    await Promise.all(this.layout.nodes.map((n) => this.start(n.index)));
  }

  /** SIGKILL both processes of validator i (a crash at an arbitrary moment). */
  async kill(i: number): Promise<void> {
    const p = this.procs[i];
    if (!p) return;
    p.comet.child.kill("SIGKILL");
    p.app.child.kill("SIGKILL");
    await Promise.all([p.comet.exited, p.app.exited]);
    this.procs[i] = undefined;
  }

  /** SIGKILL validator i's application only; its CometBFT exits on the broken connection (else killed after 15 s). */
  async killApp(i: number): Promise<{ cometExited: boolean }> {
    const p = this.procs[i];
    if (!p) return { cometExited: true };
    p.app.child.kill("SIGKILL");
    await p.app.exited;
    const cometExited = await Promise.race([
      p.comet.exited.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 15_000)),
    ]);
    if (!cometExited) {
      p.comet.child.kill("SIGKILL");
      await p.comet.exited;
    }
    this.procs[i] = undefined;
    return { cometExited };
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.layout.nodes.map((n) => this.kill(n.index)));
  }

  cleanup(): void {
    rmSync(this.layout.dir, { recursive: true, force: true });
  }

  /** Validator i's Ed25519 consensus public key, 0x-hex. */
  validatorPubKey(i: number): string {
    const home = (this.layout.nodes[i] as { home: string }).home;
    const key = JSON.parse(readFileSync(join(home, "config", "priv_validator_key.json"), "utf8")) as {
      pub_key: { value: string };
    };
    return `0x${Buffer.from(key.pub_key.value, "base64").toString("hex")}`;
  }

  /** CometBFT's current validator set as seen by validator i: pubkey (0x-hex) → power. */
  async validators(i: number): Promise<Map<string, number>> {
    const r = await this.comet(i).call<{
      validators: Array<{ pub_key: { value: string }; voting_power: string }>;
    }>("validators", {});
    return new Map(
      r.validators.map((v) => [
        `0x${Buffer.from(v.pub_key.value, "base64").toString("hex")}`,
        Number(v.voting_power),
      ]),
    );
  }

  log(i: number, which: "app" | "cometbft"): string {
    try {
      return readFileSync(join(this.layout.dir, `node${i}`, `${which}.log`), "utf8");
    } catch {
      return "";
    }
  }

  async height(i: number): Promise<number> {
    return (await this.comet(i).status()).height;
  }

  /** Waits until every listed validator's taonet head is at least `h`. */
  async waitHeight(h: number, nodes: readonly number[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const heads = await Promise.all(
        nodes.map((i) =>
          rpcCall<{ number: number }>(this.rpc(i), "chain_getHead").then(
            (b) => b.number,
            () => -1,
          ),
        ),
      );
      if (heads.every((x) => x >= h)) return;
      if (Date.now() > deadline)
        throw new Error(`height ${h} not reached within ${timeoutMs} ms (heads ${heads.join(", ")})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  block(i: number, n: number): Promise<BlockView> {
    return rpcCall<BlockView>(this.rpc(i), "chain_getBlock", { block: n });
  }

  /**
   * Every listed node has the same taonet block (hash, state root) at every height 1..h, and CometBFT's
   * header h+1 carries that state root as its app hash. Returns the number of heights compared.
   */
  async assertAgree(h: number, nodes: readonly number[]): Promise<number> {
    for (let n = 1; n <= h; n++) {
      const blocks = await Promise.all(nodes.map((i) => this.block(i, n)));
      const first = blocks[0] as BlockView;
      for (const [k, b] of blocks.entries()) {
        if (b.hash !== first.hash || b.stateRoot !== first.stateRoot) {
          throw new Error(
            `height ${n}: validator ${nodes[k]} has ${b.hash} / ${b.stateRoot}, validator ${nodes[0]} ${first.hash} / ${first.stateRoot}`,
          );
        }
      }
      const cometHash = await this.comet(nodes[0] as number)
        .headerAppHash(n + 1)
        .catch(() => undefined);
      if (cometHash !== undefined && `0x${cometHash.toLowerCase()}` !== first.stateRoot) {
        throw new Error(
          `height ${n}: CometBFT's app hash ${cometHash} is not taonet's state root ${first.stateRoot}`,
        );
      }
    }
    return h;
  }
}

/** Signed dev transfers from `//Alice`-funded dev accounts. */
export class Wallet {
  readonly genesisHash: string;
  private constructor(genesisHash: string) {
    this.genesisHash = genesisHash;
  }

  static async create(): Promise<Wallet> {
    await cryptoReady();
    return new Wallet(createGenesis(devGenesis()).spec.genesisHash);
  }

  transfer(from: KeyPair, nonce: number, to: string, value: bigint): unknown {
    return this.sign(from, nonce, {
      module: "balances",
      method: "transfer_keep_alive",
      args: { dest: to, value: value.toString() },
    });
  }

  /** A signed transaction as JSON for the RPC. */
  sign(from: KeyPair, nonce: number, call: Call): unknown {
    const tx = signTransaction(this.genesisHash, from, { nonce, call });
    return JSON.parse(JSON.stringify(tx, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
  }

  static key(uri: string): KeyPair {
    return keyPairFromUri(uri);
  }
}
