/**
 * The node: a single block-producing authority over the engine, the pool, the store and the signature
 * verifier. It is the I/O edge: the clock, the database and the worker threads live here, never in the
 * chain.
 *
 * Block production is serialized (one block at a time): take ready transactions from the pool, prepend
 * the inherents (the dev beacon's pulse), build on the head, persist the block atomically, then commit it
 * to the engine and tell waiters and subscribers.
 */
import {
  beaconPublicKeyOf,
  blake2b256,
  type ChainSpec,
  createGenesis,
  cryptoReady,
  devBeaconSecret,
  encodeTransaction,
  type GenesisConfig,
  type KeyPair,
  keyPairFromUri,
  type Receipt,
  SignatureVerifier,
  type SignedTransaction,
  type State,
  signPulse,
  signTransaction,
  storage,
  transactionHash,
} from "@taonet/chain";
import type { Logger } from "pino";
import type { Block } from "./block.js";
import { type BuiltBlock, Engine } from "./engine.js";
import { NodeError, RpcCode, TransactionRejected } from "./errors.js";
import { Mempool, type MempoolLimits } from "./mempool.js";
import { NodeMetrics } from "./metrics.js";
import { Store, type UndoEntry } from "./store.js";

/**
 * auto: a block every block time; manual: blocks on dev_mine; external: another engine (CometBFT) decides
 * the blocks and hands them to `commitExternal`.
 */
export type Sealing = "auto" | "manual" | "external";

export interface NodeOptions {
  readonly genesis: GenesisConfig;
  /**
   * Start a new chain from this state (a loaded snapshot) instead of the genesis config's state: the
   * chain's parameters are the genesis config's, its first block is the snapshot's block number, and its
   * genesis hash is `fromStateGenesisHash(config hash, state root)`.
   */
  readonly fromState?: State;
  readonly dataDir: string;
  readonly sealing: Sealing;
  /** Milliseconds between blocks with auto sealing (default: the genesis params' blockTimeMs). */
  readonly blockTimeMs?: number;
  /** Keep the state of every block (default false). */
  readonly archive?: boolean;
  /** Blocks whose state stays queryable when not archive (default 256). */
  readonly stateHistory?: number;
  /** Secret URI of the block author (default //Alice on dev chains, //Author otherwise). */
  readonly authorUri?: string;
  /**
   * Publish beacon pulses signed with the dev beacon secret (dev chains only; default true there): the
   * pulse of round r is included in block r · beaconPeriod.
   */
  readonly beacon?: boolean;
  readonly beaconPeriod?: number;
  readonly mempool?: Partial<MempoolLimits>;
  /** Transactions per block at most (default 10 000). */
  readonly maxBlockTxs?: number;
  readonly maxBlockBytes?: number;
  /** fsync every block (default false: a process crash loses nothing, a power loss may lose the last blocks). */
  readonly sync?: boolean;
  /** Worker threads for signature verification (default: the number of cores). */
  readonly verifierThreads?: number;
  readonly logger: Logger;
  /**
   * Where `submit` sends transactions (default: this node's pool). The CometBFT engine forwards them to
   * its CometBFT node, whose CheckTx comes back through `submitLocal`.
   */
  readonly forward?: (tx: SignedTransaction) => Promise<SubmitResult>;
}

export interface Inclusion {
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly index: number;
  readonly receipt: Receipt;
}

export interface SubmitResult {
  readonly hash: string;
  readonly replaced?: string;
}

interface Waiter {
  readonly resolve: (i: Inclusion) => void;
  readonly reject: (e: Error) => void;
}

interface PendingSubmit {
  readonly tx: SignedTransaction;
  readonly resolve: (r: SubmitResult) => void;
  readonly reject: (e: Error) => void;
}

/** What subscribers receive for every committed block. */
export interface BlockNotice {
  readonly block: Block;
  readonly state: State;
}

const BEACON_URI = "//Beacon";

/**
 * The genesis hash of a chain started from a state snapshot: blake2b-256 of the preset's genesis hash and
 * the snapshot's state root (both as 0x-hex, joined by ":"), so that it differs from the preset's chain
 * and from a chain started from any other state.
 */
export function fromStateGenesisHash(presetGenesisHash: string, stateRoot: string): string {
  const root = stateRoot.startsWith("0x") ? stateRoot : `0x${stateRoot}`;
  const digest = blake2b256(new TextEncoder().encode(`${presetGenesisHash}:${root}`));
  return `0x${Buffer.from(digest).toString("hex")}`;
}
/** Future transactions (nonce gap) leave the pool after this many blocks. */
export const FUTURE_TTL_BLOCKS = 600;

export class TaoNode {
  readonly options: NodeOptions;
  readonly spec: ChainSpec;
  readonly engine: Engine;
  readonly mempool: Mempool;
  readonly store: Store;
  readonly metrics = new NodeMetrics();
  readonly log: Logger;
  private readonly verifier: SignatureVerifier;
  private readonly author: KeyPair;
  private readonly beaconKey: KeyPair;
  private readonly beaconSecret: string | undefined;
  private readonly beaconPeriod: number;
  private readonly blockTimeMs: number;
  private readonly stateHistory: number;
  /** The number of the chain's first block (0, or the block a snapshot it started from was taken at). */
  readonly firstBlock: number;
  /** Undo logs of recent blocks (also on disk), so that recent historical queries need no read. */
  private readonly undoCache = new Map<number, UndoEntry[]>();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly listeners = new Set<(n: BlockNotice) => void>();
  private readonly snapshots = new Map<number, number>();
  private nextSnapshot = 1;
  private queue: PendingSubmit[] = [];
  private verifying = false;
  private production: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private lastBlockAt = 0;
  private stopped = false;

  private constructor(
    options: NodeOptions,
    spec: ChainSpec,
    engine: Engine,
    store: Store,
    beaconSecret: string | undefined,
    firstBlock: number,
  ) {
    this.options = options;
    this.firstBlock = firstBlock;
    this.spec = spec;
    this.engine = engine;
    this.store = store;
    this.log = options.logger;
    this.mempool = new Mempool(options.mempool);
    this.verifier = new SignatureVerifier(options.verifierThreads);
    this.author = keyPairFromUri(options.authorUri ?? (spec.params.dev ? "//Alice" : "//Author"));
    this.beaconKey = keyPairFromUri(BEACON_URI);
    this.beaconSecret = beaconSecret;
    this.beaconPeriod = Math.max(1, options.beaconPeriod ?? 1);
    this.blockTimeMs = options.blockTimeMs ?? spec.params.blockTimeMs;
    this.stateHistory = options.stateHistory ?? 256;
  }

  /** Opens (or initializes) the data directory and starts producing blocks if sealing is auto. */
  static async start(options: NodeOptions): Promise<TaoNode> {
    await cryptoReady();
    const created = createGenesis(options.genesis);
    let { spec, state: genesisState } = created;
    if (options.fromState !== undefined) {
      genesisState = options.fromState;
      spec = { ...spec, genesisHash: fromStateGenesisHash(spec.genesisHash, genesisState.root()) };
    }
    const store = await Store.open(options.dataDir, {
      archive: options.archive ?? false,
      stateHistory: options.stateHistory ?? 256,
      sync: options.sync ?? false,
    });
    const log = options.logger;
    try {
      const head = await store.head();
      let engine: Engine;
      let firstBlock: number;
      if (head === undefined) {
        const genesisBlock = Engine.genesisBlock(genesisState);
        firstBlock = genesisBlock.header.number;
        genesisState.compact();
        await store.initGenesis(genesisBlock, genesisState, {
          genesisHash: spec.genesisHash,
          name: spec.name,
          ...(firstBlock !== 0 ? { firstBlock } : {}),
        });
        engine = new Engine(spec, genesisState, genesisBlock);
        log.info(
          {
            genesisHash: spec.genesisHash,
            dataDir: options.dataDir,
            ...(options.fromState !== undefined
              ? { fromState: true, firstBlock, stateRoot: genesisBlock.header.stateRoot }
              : {}),
          },
          "initialized a new chain",
        );
      } else {
        const info = await store.chainInfo();
        if (info?.genesisHash !== spec.genesisHash) {
          throw new NodeError(
            RpcCode.InternalError,
            "GenesisMismatch",
            `the data directory holds chain ${info?.genesisHash} (${info?.name}); this genesis is ${spec.genesisHash}`,
          );
        }
        const t0 = performance.now();
        const state = await store.loadState();
        const block = await store.block(head.number);
        const root = `0x${state.root()}`;
        if (!block || block.hash !== head.hash || block.header.stateRoot !== root) {
          throw new NodeError(
            RpcCode.InternalError,
            "CorruptDatabase",
            `the stored state's root ${root} is not block ${head.number}'s state root ${block?.header.stateRoot}`,
          );
        }
        engine = new Engine(spec, state, block);
        firstBlock = info?.firstBlock ?? 0;
        if (options.fromState !== undefined) {
          log.info(
            { genesisHash: spec.genesisHash },
            "the state snapshot matches the data directory's chain; resuming it (the snapshot is not loaded again)",
          );
        }
        log.info(
          { head: head.number, hash: head.hash, loadMs: Math.round(performance.now() - t0) },
          "resumed from the data directory; state root verified",
        );
      }
      const dev = spec.params.dev;
      const wantBeacon = options.beacon ?? (dev && options.sealing !== "external");
      const secret = devBeaconSecret();
      const beaconUsable =
        wantBeacon && dev && engine.state.read("BeaconPublicKey", "", "") === beaconPublicKeyOf(secret);
      const node = new TaoNode(options, spec, engine, store, beaconUsable ? secret : undefined, firstBlock);
      node.metrics.height.set(engine.head.header.number);
      node.lastBlockAt = Date.now();
      if (options.sealing === "auto") node.schedule();
      return node;
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  get head(): Block {
    return this.engine.head;
  }

  get sealing(): Sealing {
    return this.options.sealing;
  }

  /** Registers a listener for committed blocks; returns the unsubscribe function. */
  onBlock(listener: (n: BlockNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ------------------------------------------------------------------------------------------
  // Transactions

  private nonceOf = (signer: string): number => storage.Account.get(this.engine.state, signer).nonce;

  /**
   * Verifies and admits a transaction to the pool. Signatures of concurrent submissions are verified in
   * one batch on the worker threads. Throws `TransactionRejected` with the reason.
   */
  submit(tx: SignedTransaction): Promise<SubmitResult> {
    if (this.options.forward && !this.stopped) return this.options.forward(tx);
    return this.submitLocal(tx);
  }

  /** Verifies and admits a transaction to this node's own pool (never forwarded). */
  submitLocal(tx: SignedTransaction): Promise<SubmitResult> {
    if (this.stopped)
      return Promise.reject(new NodeError(RpcCode.ShuttingDown, "ShuttingDown", "the node is stopping"));
    return new Promise((resolve, reject) => {
      this.queue.push({ tx, resolve, reject });
      if (!this.verifying) {
        this.verifying = true;
        setImmediate(() => void this.drainQueue());
      }
    });
  }

  private async drainQueue(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      let ok: boolean[];
      try {
        ok = await this.verifier.verify(
          this.spec.genesisHash,
          batch.map((p) => p.tx),
        );
      } catch (err) {
        for (const p of batch) p.reject(err instanceof Error ? err : new Error(String(err)));
        continue;
      }
      batch.forEach((p, i) => {
        try {
          if (!ok[i]) {
            throw new TransactionRejected(
              "BadProof",
              `the signature of ${p.tx.signer} does not verify for this chain and payload`,
            );
          }
          p.resolve(this.admitVerified(p.tx));
        } catch (err) {
          if (err instanceof TransactionRejected) this.metrics.txRejected.inc({ reason: err.code });
          p.reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
      this.metrics.mempoolSize.set(this.mempool.size);
      this.metrics.mempoolBytes.set(this.mempool.byteSize);
    }
    this.verifying = false;
  }

  /** Admission of a transaction whose signature is known to be valid. */
  private admitVerified(tx: SignedTransaction): SubmitResult {
    const pooled = this.mempool.find(tx.signer, tx.nonce);
    // the same signature over a valid payload is the same transaction
    if (pooled && pooled.tx.signature === tx.signature) {
      throw new TransactionRejected("AlreadyImported", `${pooled.hash} is already in the pool`);
    }
    const check = this.engine.checkTx(tx, this.mempool.pendingFees(tx.signer) - (pooled?.fee ?? 0n));
    const hash = check.hash;
    const r = this.mempool.admit(
      { tx, hash, length: check.length, fee: check.fee, block: this.engine.head.header.number },
      this.nonceOf,
    );
    for (const h of r.evicted)
      this.dropWaiters(h, "Evicted", "evicted from the full pool by a ready transaction");
    if (r.replaced) this.dropWaiters(r.replaced, "Replaced", `replaced by ${hash} (higher tip)`);
    return r.replaced ? { hash, replaced: r.replaced } : { hash };
  }

  /** Verifies signatures in one batch on the worker threads (true: valid). */
  verifySignatures(txs: readonly SignedTransaction[]): Promise<boolean[]> {
    return this.verifier.verify(this.spec.genesisHash, txs);
  }

  /** The next nonce of an account counting its transactions in the pool. */
  nextNonce(address: string): number {
    return this.mempool.nextNonce(address, this.nonceOf(address));
  }

  /** Resolves when the transaction is in a committed block (rejects if it is dropped or on timeout). */
  waitForInclusion(hash: string, timeoutMs: number): Promise<Inclusion> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        remove();
        reject(new NodeError(RpcCode.Timeout, "Timeout", `${hash} was not included within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        resolve: (i) => {
          clearTimeout(timer);
          resolve(i);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const remove = () => {
        const list = this.waiters.get(hash);
        if (!list) return;
        const rest = list.filter((w) => w !== waiter);
        if (rest.length > 0) this.waiters.set(hash, rest);
        else this.waiters.delete(hash);
      };
      const list = this.waiters.get(hash);
      if (list) list.push(waiter);
      else this.waiters.set(hash, [waiter]);
    });
  }

  private dropWaiters(hash: string, code: string, message: string): void {
    const list = this.waiters.get(hash);
    if (!list) return;
    this.waiters.delete(hash);
    for (const w of list) w.reject(new NodeError(RpcCode.TransactionDropped, code, `${hash}: ${message}`));
  }

  // ------------------------------------------------------------------------------------------
  // Blocks

  private schedule(): void {
    if (this.stopped) return;
    const wait = Math.max(0, this.lastBlockAt + this.blockTimeMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.produceBlock()
        .catch((err) => this.log.error({ err }, "block production failed"))
        .finally(() => this.schedule());
    }, wait);
  }

  /** Produces one block now (serialized with any other production or revert). */
  produceBlock(): Promise<Block> {
    const run = this.production.then(() => this.produceNow());
    this.production = run.catch(() => undefined);
    return run;
  }

  /** Runs `f` exclusively of block production. */
  private exclusive<T>(f: () => Promise<T>): Promise<T> {
    const run = this.production.then(f);
    this.production = run.catch(() => undefined);
    return run;
  }

  private inherents(number: number): SignedTransaction[] {
    if (this.beaconSecret === undefined || number % this.beaconPeriod !== 0) return [];
    const round = BigInt(number / this.beaconPeriod);
    if (round === 0n || this.engine.state.read("Pulses", round.toString(), "") !== undefined) return [];
    return [
      signTransaction(this.spec.genesisHash, this.beaconKey, {
        nonce: this.nonceOf(this.beaconKey.address),
        call: {
          module: "subtensor",
          method: "write_pulse",
          args: { round: round.toString(), signature: signPulse(this.beaconSecret, round) },
        },
      }),
    ];
  }

  private async produceNow(): Promise<Block> {
    if (this.stopped) throw new NodeError(RpcCode.ShuttingDown, "ShuttingDown", "the node is stopping");
    if (this.options.sealing === "external") {
      throw new NodeError(RpcCode.DevError, "ExternalSealing", "blocks are decided by the consensus engine");
    }
    const t0 = performance.now();
    const parent = this.engine.head;
    const number = parent.header.number + 1;
    const ready = this.mempool.ready(
      this.nonceOf,
      this.options.maxBlockTxs ?? 10_000,
      this.options.maxBlockBytes ?? 8 * 1024 * 1024,
    );
    const timestamp =
      this.options.sealing === "manual"
        ? parent.header.timestamp + this.blockTimeMs
        : Math.max(Date.now(), parent.header.timestamp + 1);
    const txs = [...this.inherents(number), ...ready.map((e) => e.tx)];
    const built = this.engine.buildBlock({ author: this.author.address, timestamp }, txs);
    return this.finish(built, t0, performance.now());
  }

  /**
   * Persists and commits a block built by an external engine on the current head (serialized with any
   * other production), then updates the pool, waiters and subscribers as for a block of our own.
   */
  commitExternal(built: BuiltBlock): Promise<Block> {
    const t0 = performance.now();
    return this.exclusive(() => this.finish(built, t0, t0));
  }

  private async finish(built: BuiltBlock, t0: number, tBuilt: number): Promise<Block> {
    const number = built.block.header.number;
    await this.store.commitBlock(built.block, built.changes);
    this.engine.commit(built);
    const block = built.block;
    // recent undo logs stay in memory for historical queries
    this.undoCache.set(
      number,
      built.changes.map((c) =>
        c.previous === undefined
          ? ([c.item, c.k1, c.k2] as const)
          : ([c.item, c.k1, c.k2, c.previous] as const),
      ),
    );
    this.undoCache.delete(number - Math.min(this.stateHistory, 256));
    // the pool: included transactions leave, and so do stale ones and those the block refused
    const signers = new Set<string>();
    for (const tx of block.transactions) signers.add(tx.signer);
    for (const r of block.receipts) this.mempool.remove(r.hash);
    for (const rej of built.rejected) {
      if (rej.code === "Future") continue;
      const h = transactionHash(rej.tx);
      if (this.mempool.remove(h)) this.dropWaiters(h, rej.code, rej.message);
    }
    for (const h of this.mempool.pruneStale(this.nonceOf, signers))
      this.dropWaiters(h, "Stale", "its nonce was used by another transaction");
    if (number % 16 === 0) {
      for (const h of this.mempool.expireFuture(this.nonceOf, number - FUTURE_TTL_BLOCKS)) {
        this.dropWaiters(h, "Expired", `its nonce gap did not close within ${FUTURE_TTL_BLOCKS} blocks`);
      }
    }
    block.receipts.forEach((receipt, index) => {
      const list = this.waiters.get(receipt.hash);
      if (!list) return;
      this.waiters.delete(receipt.hash);
      for (const w of list) w.resolve({ blockNumber: number, blockHash: block.hash, index, receipt });
    });
    const now = Date.now();
    this.metrics.blockInterval.observe((now - this.lastBlockAt) / 1000);
    this.lastBlockAt = now;
    const seconds = (performance.now() - t0) / 1000;
    this.metrics.blockSeconds.observe(seconds);
    const epochs = block.events.filter((e) => e.name === "EpochRun").length;
    if (epochs > 0) this.metrics.epochBlockSeconds.observe({ epochs: String(epochs) }, (tBuilt - t0) / 1000);
    this.metrics.height.set(number);
    this.metrics.blockTxs.observe(block.transactions.length);
    this.metrics.mempoolSize.set(this.mempool.size);
    this.metrics.mempoolBytes.set(this.mempool.byteSize);
    this.log.debug(
      {
        number,
        hash: block.hash,
        txs: block.transactions.length,
        rejected: built.rejected.length,
        ms: Math.round(seconds * 1000),
      },
      "block",
    );
    const notice: BlockNotice = { block, state: this.engine.state };
    for (const l of this.listeners) {
      try {
        l(notice);
      } catch (err) {
        this.log.error({ err }, "block listener failed");
      }
    }
    return block;
  }

  // ------------------------------------------------------------------------------------------
  // Reads

  async blockAt(numberOrHash: number | string): Promise<Block | undefined> {
    const n = typeof numberOrHash === "number" ? numberOrHash : await this.store.numberOf(numberOrHash);
    if (n === undefined || n > this.head.header.number) return undefined;
    if (n === this.head.header.number) return this.head;
    return this.store.block(n);
  }

  /** Resolves `at` (number, hash, or undefined = head) to a block number at or below the head. */
  async resolveAt(at: number | string | undefined): Promise<number> {
    const head = this.head.header.number;
    if (at === undefined) return head;
    const n = typeof at === "number" ? at : await this.store.numberOf(at);
    if (n === undefined || n > head || n < this.firstBlock) {
      const range = this.firstBlock === 0 ? `the head is ${head}` : `blocks ${this.firstBlock}..${head}`;
      throw new NodeError(RpcCode.NotFound, "UnknownBlock", `no block ${String(at)} (${range})`);
    }
    return n;
  }

  /**
   * Runs a synchronous read against the state at block `at` (default: the head). Past states are rebuilt
   * from the head by applying the undo logs of the blocks after `at` on a fork (never kept across awaits).
   */
  async withState<T>(at: number | string | undefined, read: (s: State) => T): Promise<T> {
    const target = await this.resolveAt(at);
    for (let attempt = 0; attempt < 5; attempt++) {
      const head = this.head.header.number;
      if (target === head) return read(this.engine.state);
      const logs: UndoEntry[][] = [];
      for (let n = head; n > target; n--) {
        const cached = this.undoCache.get(n) ?? (await this.store.undo(n));
        if (!cached) {
          throw new NodeError(
            RpcCode.StateUnavailable,
            "StatePruned",
            `the state at block ${target} was pruned (the last ${this.stateHistory} blocks are kept; run with --archive to keep all)`,
          );
        }
        logs.push(cached);
      }
      if (this.head.header.number !== head) continue; // a block was committed meanwhile: rebuild
      const past = this.engine.state.fork();
      for (const log of logs) {
        for (const u of log) past.write(u[0], u[1], u[2], u.length === 4 ? u[3] : undefined);
      }
      return read(past);
    }
    throw new NodeError(RpcCode.InternalError, "Busy", "the chain advanced too fast to rebuild a past state");
  }

  /** The timelock beacon and how this node publishes its pulses. */
  beaconInfo(): {
    publicKey: string | null;
    lastStoredRound: bigint;
    publishing: boolean;
    periodBlocks: number;
  } {
    const s = this.engine.state;
    return {
      publicKey: (s.read("BeaconPublicKey", "", "") as string | undefined) ?? null,
      lastStoredRound: (s.read("LastStoredRound", "", "") as bigint | undefined) ?? 0n,
      publishing: this.beaconSecret !== undefined,
      periodBlocks: this.beaconPeriod,
    };
  }

  // ------------------------------------------------------------------------------------------
  // Dev methods

  private ensureDev(): void {
    if (!this.spec.params.dev)
      throw new NodeError(RpcCode.MethodNotFound, "DevOnly", "dev methods need the dev preset");
    if (this.options.sealing === "external")
      throw new NodeError(RpcCode.DevError, "ExternalSealing", "dev methods need the embedded engine");
  }

  async mine(n: number): Promise<Block> {
    this.ensureDev();
    let last = this.head;
    for (let i = 0; i < n; i++) last = await this.produceBlock();
    return last;
  }

  /** Mines until an epoch of `netuid` has run (at most `limit` blocks). */
  async runToNextEpoch(netuid: number, limit = 100_000): Promise<Block> {
    this.ensureDev();
    if (!storage.NetworksAdded.get(this.engine.state, netuid)) {
      throw new NodeError(RpcCode.NotFound, "SubnetNotExists", `no subnet ${netuid}`);
    }
    for (let i = 0; i < limit; i++) {
      const b = await this.produceBlock();
      if (b.events.some((e) => e.name === "EpochRun" && e.data.netuid === netuid)) return b;
    }
    throw new NodeError(RpcCode.DevError, "NoEpoch", `no epoch of subnet ${netuid} within ${limit} blocks`);
  }

  /** Sets a free balance through the sudo key (a `force_set_balance` in a new block). */
  async setBalance(address: string, free: bigint): Promise<Inclusion> {
    this.ensureDev();
    const sudo = keyPairFromUri("//Alice");
    if (storage.SudoKey.get(this.engine.state) !== sudo.address) {
      throw new NodeError(RpcCode.DevError, "NoSudo", "dev_setBalance needs //Alice as the sudo key");
    }
    const tx = signTransaction(this.spec.genesisHash, sudo, {
      nonce: this.nextNonce(sudo.address),
      call: {
        module: "sudo",
        method: "sudo",
        args: {
          call: {
            module: "balances",
            method: "force_set_balance",
            args: { who: address, new_free: free.toString() },
          },
        },
      },
    });
    const { hash } = await this.submit(tx);
    const inclusion = this.waitForInclusion(hash, 60_000);
    await this.produceBlock();
    return inclusion;
  }

  /** Remembers the head; `revert(id)` returns to it. */
  snapshot(): number {
    this.ensureDev();
    const id = this.nextSnapshot++;
    this.snapshots.set(id, this.head.header.number);
    return id;
  }

  /** Returns the chain to a snapshot: later blocks are deleted, the pool is emptied. */
  revert(id: number): Promise<Block> {
    this.ensureDev();
    const target = this.snapshots.get(id);
    if (target === undefined)
      return Promise.reject(new NodeError(RpcCode.DevError, "UnknownSnapshot", `no snapshot ${id}`));
    return this.exclusive(async () => {
      const head = this.head.header.number;
      const block = await this.store.block(target);
      if (!block) throw new NodeError(RpcCode.DevError, "UnknownSnapshot", `block ${target} is gone`);
      const values = new Map<string, UndoEntry>();
      for (let n = head; n > target; n--) {
        const log = this.undoCache.get(n) ?? (await this.store.undo(n));
        if (!log)
          throw new NodeError(
            RpcCode.StateUnavailable,
            "StatePruned",
            `the state at block ${target} was pruned`,
          );
        for (const u of log) values.set(`${u[0]}\u0000${u[1]}\u0000${u[2]}`, u);
      }
      const undone = [...values.values()];
      const state = this.engine.state.fork();
      for (const u of undone) state.write(u[0], u[1], u[2], u.length === 4 ? u[3] : undefined);
      if (`0x${state.root()}` !== block.header.stateRoot) {
        throw new NodeError(
          RpcCode.InternalError,
          "CorruptDatabase",
          `reverted state does not match block ${target}`,
        );
      }
      await this.store.revertTo(block, head, undone);
      state.compact();
      this.engine.reset(state, block);
      for (let n = target + 1; n <= head; n++) this.undoCache.delete(n);
      for (const h of this.mempool.clear())
        this.dropWaiters(h, "Reverted", "the chain was reverted to a snapshot");
      for (const [sid, at] of this.snapshots) if (sid >= id || at > target) this.snapshots.delete(sid);
      this.snapshots.set(id, target);
      this.metrics.height.set(target);
      this.log.info({ snapshot: id, block: target }, "reverted");
      return block;
    });
  }

  /** Stops production, waits for the block being written, closes the database and the worker threads. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.production;
    for (const hash of [...this.waiters.keys()])
      this.dropWaiters(hash, "ShuttingDown", "the node is stopping");
    await this.verifier.close();
    await this.store.close();
    this.log.info({ head: this.head.header.number }, "stopped");
  }

  /** Encoded size of a transaction (for limits). */
  static encodedLength(tx: SignedTransaction): number {
    return encodeTransaction(tx).length;
  }
}
