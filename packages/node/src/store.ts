/**
 * Durable storage in LevelDB (classic-level). Everything a block changes is written in ONE atomic batch:
 * the block (header, transactions, receipts), its events, the hash and transaction indexes, the state
 * diff applied to the flat state, the block's undo log, and the head pointer. A crash (even kill -9) at
 * any moment leaves either the whole block or none of it.
 *
 * Keys (UTF-8 strings) → values (canonical encoding of @taonet/chain):
 *   meta:head               { number, hash }
 *   meta:chain              { genesisHash, name }
 *   blk:<number, 12 digits> the Block
 *   hash:<block hash>       number
 *   tx:<tx hash>            [block number, index]
 *   st:<item>\0<k1>\0<k2>   the state entry's value (the head state, flat)
 *   undo:<number>           [[item, k1, k2] | [item, k1, k2, previous value], ...] — how to go from block
 *                           n back to n − 1; kept for the last `stateHistory` blocks (all with archive)
 *
 * Restart loads the flat state (its size, not the number of blocks, sets the startup time) and checks its
 * root against the head block's state root.
 */
import { decode, encode, State } from "@taonet/chain";
import { ClassicLevel } from "classic-level";
import type { Block } from "./block.js";
import type { StateChange } from "./engine.js";

type Db = ClassicLevel<string, Uint8Array>;
type Op = { type: "put"; key: string; value: Uint8Array } | { type: "del"; key: string };

/** An undo entry: [item, k1, k2] = absent before the block; [item, k1, k2, value] = that value. */
export type UndoEntry = readonly [string, string, string] | readonly [string, string, string, unknown];

export interface StoreOptions {
  /** Keep the undo log of every block (historical state at any block). */
  readonly archive: boolean;
  /** Undo logs kept when not archive: the state of the last N blocks is queryable. */
  readonly stateHistory: number;
  /** fsync each block's batch (survives power loss, not only process crashes); slower. */
  readonly sync: boolean;
}

const SEP = "\u0000";
const pad = (n: number) => n.toString().padStart(12, "0");
const blkKey = (n: number) => `blk:${pad(n)}`;
const undoKey = (n: number) => `undo:${pad(n)}`;
const stKey = (item: string, k1: string, k2: string) => `st:${item}${SEP}${k1}${SEP}${k2}`;

/** What the data directory holds: the chain's genesis hash and name, and its first block's number. */
export interface ChainInfo {
  readonly genesisHash: string;
  readonly name: string;
  /** Absent (0) for chains from a genesis; N for a chain started from a snapshot taken at block N. */
  readonly firstBlock?: number;
}

export interface Head {
  readonly number: number;
  readonly hash: string;
}

export class Store {
  readonly options: StoreOptions;
  private readonly db: Db;

  private constructor(db: Db, options: StoreOptions) {
    this.db = db;
    this.options = options;
  }

  static async open(dir: string, options: StoreOptions): Promise<Store> {
    const db: Db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: "utf8", valueEncoding: "view" });
    await db.open();
    return new Store(db, options);
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  private async getValue(key: string): Promise<unknown> {
    const v = await this.db.get(key);
    return v === undefined ? undefined : decode(v);
  }

  async head(): Promise<Head | undefined> {
    return (await this.getValue("meta:head")) as Head | undefined;
  }

  async chainInfo(): Promise<ChainInfo | undefined> {
    return (await this.getValue("meta:chain")) as ChainInfo | undefined;
  }

  /**
   * Writes the first block and the genesis state (a fresh data directory): block 0, or block N for a chain
   * started from a state snapshot taken at block N (no block before it is stored).
   */
  async initGenesis(block: Block, state: State, chain: ChainInfo): Promise<void> {
    const n = block.header.number;
    const ops: Op[] = [
      { type: "put", key: "meta:chain", value: encode(chain) },
      { type: "put", key: blkKey(n), value: encode(block) },
      { type: "put", key: `hash:${block.hash}`, value: encode(n) },
      { type: "put", key: "meta:head", value: encode({ number: n, hash: block.hash }) },
    ];
    for (const [item, l1] of state.dump()) {
      for (const [k1, l2] of l1) {
        for (const [k2, v] of l2) ops.push({ type: "put", key: stKey(item, k1, k2), value: encode(v) });
      }
    }
    await this.db.batch(ops, { sync: this.options.sync });
  }

  /** Persists a block atomically (see the file comment). */
  async commitBlock(block: Block, changes: readonly StateChange[]): Promise<void> {
    const n = block.header.number;
    const ops: Op[] = [
      { type: "put", key: blkKey(n), value: encode(block) },
      { type: "put", key: `hash:${block.hash}`, value: encode(n) },
      { type: "put", key: "meta:head", value: encode({ number: n, hash: block.hash }) },
    ];
    block.receipts.forEach((r, i) => {
      ops.push({ type: "put", key: `tx:${r.hash}`, value: encode([n, i]) });
    });
    const undo: UndoEntry[] = [];
    for (const c of changes) {
      const key = stKey(c.item, c.k1, c.k2);
      if (c.value === undefined) ops.push({ type: "del", key });
      else ops.push({ type: "put", key, value: encode(c.value) });
      undo.push(c.previous === undefined ? [c.item, c.k1, c.k2] : [c.item, c.k1, c.k2, c.previous]);
    }
    ops.push({ type: "put", key: undoKey(n), value: encode(undo) });
    if (!this.options.archive && n - this.options.stateHistory >= 1) {
      ops.push({ type: "del", key: undoKey(n - this.options.stateHistory) });
    }
    await this.db.batch(ops, { sync: this.options.sync });
  }

  /** Loads the flat head state (roots are computed by the caller's `compact()`). */
  async loadState(): Promise<State> {
    const state = State.empty();
    for await (const [key, value] of this.db.iterator({ gte: "st:", lt: "st;" })) {
      const [item, k1, k2] = key.slice(3).split(SEP) as [string, string, string];
      state.write(item, k1, k2, decode(value));
    }
    state.compact();
    return state;
  }

  async block(n: number): Promise<Block | undefined> {
    return (await this.getValue(blkKey(n))) as Block | undefined;
  }

  async blocks(from: number, to: number): Promise<Block[]> {
    const out: Block[] = [];
    for await (const value of this.db.values({ gte: blkKey(from), lte: blkKey(to) }))
      out.push(decode(value) as Block);
    return out;
  }

  async numberOf(hash: string): Promise<number | undefined> {
    return (await this.getValue(`hash:${hash}`)) as number | undefined;
  }

  async txLocation(hash: string): Promise<readonly [number, number] | undefined> {
    return (await this.getValue(`tx:${hash}`)) as readonly [number, number] | undefined;
  }

  async undo(n: number): Promise<UndoEntry[] | undefined> {
    return (await this.getValue(undoKey(n))) as UndoEntry[] | undefined;
  }

  /** The oldest block whose state can be reconstructed (undo logs exist for every later block). */
  async oldestUndo(): Promise<number | undefined> {
    for await (const key of this.db.keys({ gte: "undo:", lt: "undo;", limit: 1 }))
      return Number(key.slice(5));
    return undefined;
  }

  /**
   * Dev revert: removes blocks after `target`, writes the reverted flat state and moves the head.
   * `undone` is the state entries as of `target` for every key changed after it.
   */
  async revertTo(target: Block, headNumber: number, undone: readonly UndoEntry[]): Promise<void> {
    const ops: Op[] = [];
    for (let n = target.header.number + 1; n <= headNumber; n++) {
      const b = await this.block(n);
      if (!b) continue;
      ops.push(
        { type: "del", key: blkKey(n) },
        { type: "del", key: `hash:${b.hash}` },
        { type: "del", key: undoKey(n) },
      );
      for (const r of b.receipts) ops.push({ type: "del", key: `tx:${r.hash}` });
    }
    for (const u of undone) {
      const key = stKey(u[0], u[1], u[2]);
      ops.push(u.length === 3 ? { type: "del", key } : { type: "put", key, value: encode(u[3]) });
    }
    ops.push({
      type: "put",
      key: "meta:head",
      value: encode({ number: target.header.number, hash: target.hash }),
    });
    await this.db.batch(ops, { sync: true });
  }
}
