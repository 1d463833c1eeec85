/**
 * The chain state: named storage items (the reference's names: `TotalIssuance`, `SubnetTAO`,
 * `Weights`, ...) over an in-memory three-level map (item → first key → second key → value).
 *
 * Layers give both purity and transactions without copying the state:
 * - `fork()` returns a new State that reads through to its parent and writes into its own layer; the
 *   parent must not be written to afterwards (it is frozen), so it stays a valid, unchanged state.
 * - `begin()` / `commit()` / `rollback()` nest layers inside one State (a failing transaction is rolled
 *   back, leaving only its fee and nonce).
 * - `compact()` folds all layers into the base (the node does it once a block is final); states that
 *   shared that base become invalid.
 *
 * The state root is a homomorphic set hash over every (item, key, value): each entry's SHA-512 digest,
 * read as 16 lanes of 32 bits, is added to an accumulator (lane-wise, mod 2^32) and subtracted when the
 * entry changes or goes. A block therefore costs the keys it changed, not the size of the state, and the
 * root does not depend on write order. Root = SHA-256 of the accumulator. (An additive hash detects any
 * divergence between replicas; it is not a commitment against an adversary who may choose millions of
 * entries freely — see docs/deviations.md.)
 */
import { createHash, hash } from "node:crypto";
import { encodeTransient } from "./encode.js";

const TOMBSTONE: unique symbol = Symbol("deleted");
type Slot = unknown;
type Level2 = Map<string, Slot>;
type Level1 = Map<string, Level2>;
type Tree = Map<string, Level1>;

const LANES = 16;

/**
 * Entry digests (SHA-512 of the canonical encoding of item, keys and value, as 16 little-endian 32-bit
 * lanes) packed in one growable typed array per layer: a long-lived digest costs no object of its own,
 * which keeps garbage collection cheap when a block changes a hundred thousand entries.
 */
class DigestArena {
  private data = new Uint32Array(LANES * 1024);
  private used = 0;
  private readonly free: number[] = [];

  /** Hashes the entry and stores its digest; returns the slot. */
  put(item: string, k1: string, k2: string, value: unknown): number {
    const d = hash("sha512", encodeTransient(item, k1, k2, value), "buffer") as Buffer;
    const slot = this.free.pop() ?? this.used++;
    if ((slot + 1) * LANES > this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    const o = slot * LANES;
    for (let i = 0; i < LANES; i++) this.data[o + i] = d.readUInt32LE(i * 4);
    return slot;
  }

  /** Copies a digest from another arena. */
  copyFrom(other: DigestArena, slot: number): number {
    const mine = this.free.pop() ?? this.used++;
    if ((mine + 1) * LANES > this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data.set(other.data.subarray(slot * LANES, slot * LANES + LANES), mine * LANES);
    return mine;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  /** acc += sign · digest, lane-wise mod 2^32. */
  addTo(acc: Uint32Array, slot: number, sign: 1 | -1): void {
    const o = slot * LANES;
    for (let i = 0; i < LANES; i++) acc[i] = ((acc[i] ?? 0) + sign * (this.data[o + i] ?? 0)) >>> 0;
  }
}

/** Slot of a digest in its arena; DELETED marks an entry a layer removed. */
const DELETED = -1;

function level(tree: Tree, item: string, k1: string, create: true): Level2;
function level(tree: Tree, item: string, k1: string, create: false): Level2 | undefined;
function level(tree: Tree, item: string, k1: string, create: boolean): Level2 | undefined {
  let l1 = tree.get(item);
  if (!l1) {
    if (!create) return undefined;
    l1 = new Map();
    tree.set(item, l1);
  }
  let l2 = l1.get(k1);
  if (!l2) {
    if (!create) return undefined;
    l2 = new Map();
    l1.set(k1, l2);
  }
  return l2;
}

interface LayerRoot {
  /** The accumulator after this layer. */
  readonly lanes: Uint32Array;
  /** Slot of each entry this layer wrote in `arena` (DELETED for a deletion). */
  readonly digests: DigestTree;
  readonly arena: DigestArena;
}

/** item → k1 → k2 → digest slot, the same shape as the value tree (no key concatenation). */
type DigestTree = Map<string, Map<string, Map<string, number>>>;

function digestIn(tree: DigestTree, item: string, k1: string, k2: string): number | undefined {
  return tree.get(item)?.get(k1)?.get(k2);
}

function setDigest(tree: DigestTree, item: string, k1: string, k2: string, slot: number): void {
  let l1 = tree.get(item);
  if (!l1) {
    l1 = new Map();
    tree.set(item, l1);
  }
  let l2 = l1.get(k1);
  if (!l2) {
    l2 = new Map();
    l1.set(k1, l2);
  }
  l2.set(k2, slot);
}

/** The committed bottom of a state: values, their digests, and the accumulator of all of them. */
class Base {
  readonly tree: Tree = new Map();
  readonly digests: DigestTree = new Map();
  readonly arena = new DigestArena();
  readonly lanes = new Uint32Array(LANES);
}

export class State {
  private readonly base: Base;
  /** Bottom to top; the last one receives writes. */
  private readonly layers: Tree[];
  /** Index of the bottom layer this state owns (layers below belong to its ancestors). */
  private own: number;
  private frozen = false;

  private constructor(base: Base, layers: Tree[]) {
    this.base = base;
    this.layers = layers;
    this.own = layers.length - 1;
  }

  static empty(): State {
    return new State(new Base(), [new Map()]);
  }

  /** A child state reading through this one; this state is frozen from now on. */
  fork(): State {
    this.frozen = true;
    return new State(this.base, [...this.layers, new Map()]);
  }

  /** Opens a nested layer (a transaction) in this state. */
  begin(): void {
    this.layers.push(new Map());
  }

  /** Merges the innermost open layer into the one below. */
  commit(): void {
    if (this.layers.length - 1 <= this.own) throw new Error("commit without begin");
    const top = this.layers.pop();
    const below = this.layers[this.layers.length - 1];
    if (!top || !below) throw new Error("commit without begin");
    State.rootCache.delete(below);
    for (const [item, l1] of top) {
      for (const [k1, l2] of l1) {
        const target = level(below, item, k1, true);
        for (const [k2, v] of l2) target.set(k2, v);
      }
    }
  }

  /** Discards the innermost open layer. */
  rollback(): void {
    if (this.layers.length - 1 <= this.own) throw new Error("rollback without begin");
    this.layers.pop();
  }

  /** Runs `f` in a nested layer: committed if it returns, rolled back if it throws. */
  transaction<T>(f: () => T): T {
    this.begin();
    try {
      const r = f();
      this.commit();
      return r;
    } catch (err) {
      this.rollback();
      throw err;
    }
  }

  read(item: string, k1: string, k2: string): unknown {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const l1 = (this.layers[i] as Tree).get(item);
      if (l1 === undefined) continue;
      const l2 = l1.get(k1);
      if (l2 === undefined) continue;
      const v = l2.get(k2);
      if (v !== undefined || l2.has(k2)) return v === TOMBSTONE ? undefined : v;
    }
    return this.base.tree.get(item)?.get(k1)?.get(k2);
  }

  write(item: string, k1: string, k2: string, value: unknown): void {
    if (this.frozen) throw new Error("this state was forked and is read-only; write to the fork");
    const top = this.layers[this.layers.length - 1] as Tree;
    State.rootCache.delete(top);
    level(top, item, k1, true).set(k2, value === undefined ? TOMBSTONE : value);
  }

  /** The second-level keys present under (item, k1), with their values, in no particular order. */
  entries(item: string, k1: string): Map<string, unknown> {
    const out = new Map<string, unknown>();
    const base = level(this.base.tree, item, k1, false);
    if (base) for (const [k, v] of base) out.set(k, v);
    for (const layer of this.layers) {
      const l2 = level(layer, item, k1, false);
      if (!l2) continue;
      for (const [k, v] of l2) {
        if (v === TOMBSTONE) out.delete(k);
        else out.set(k, v);
      }
    }
    return out;
  }

  /** The first-level keys of an item that have at least one entry. */
  firstKeys(item: string): string[] {
    const keys = new Set<string>();
    const consider = (tree: Tree) => {
      const l1 = tree.get(item);
      if (l1) for (const k of l1.keys()) keys.add(k);
    };
    consider(this.base.tree);
    for (const layer of this.layers) consider(layer);
    return [...keys].filter((k1) => this.entries(item, k1).size > 0);
  }

  /**
   * The digest of every entry a layer wrote (null = deleted) and the accumulator after it, computed
   * once per layer and reused by the states forked above it; dropped when the layer is written again.
   */
  private static readonly rootCache = new WeakMap<Tree, LayerRoot>();

  /** Subtracts from `acc` the digest an entry has below layer `index`, if it has one there. */
  private subtractBelow(acc: Uint32Array, item: string, k1: string, k2: string, index: number): void {
    for (let j = index - 1; j >= 0; j--) {
      const cache = State.rootCache.get(this.layers[j] as Tree);
      if (!cache) continue;
      const slot = digestIn(cache.digests, item, k1, k2);
      if (slot === undefined) continue;
      if (slot !== DELETED) cache.arena.addTo(acc, slot, -1);
      return;
    }
    const slot = digestIn(this.base.digests, item, k1, k2);
    if (slot !== undefined) this.base.arena.addTo(acc, slot, -1);
  }

  /** The state root: 32 bytes, hex. Costs the entries written since the last layer whose root is known. */
  root(): string {
    let start = this.layers.length;
    let acc: Uint32Array = this.base.lanes;
    for (let j = this.layers.length - 1; j >= 0; j--) {
      const cache = State.rootCache.get(this.layers[j] as Tree);
      if (cache) {
        acc = cache.lanes;
        start = j + 1;
        break;
      }
      if (j === 0) start = 0;
    }
    for (let j = start; j < this.layers.length; j++) {
      const layer = this.layers[j] as Tree;
      const lanes = Uint32Array.from(acc);
      const digests: DigestTree = new Map();
      const arena = new DigestArena();
      for (const [item, l1] of layer) {
        const d1 = new Map<string, Map<string, number>>();
        digests.set(item, d1);
        for (const [k1, l2] of l1) {
          const d2 = new Map<string, number>();
          d1.set(k1, d2);
          for (const [k2, v] of l2) {
            this.subtractBelow(lanes, item, k1, k2, j);
            if (v === TOMBSTONE) {
              d2.set(k2, DELETED);
            } else {
              const slot = arena.put(item, k1, k2, v);
              d2.set(k2, slot);
              arena.addTo(lanes, slot, 1);
            }
          }
        }
      }
      State.rootCache.set(layer, { lanes, digests, arena });
      acc = lanes;
    }
    return createHash("sha256").update(acc).digest("hex");
  }

  /**
   * Folds every layer into the base. Other states forked from the same base become invalid, so only the
   * owner of the newest state (the node) calls this.
   */
  compact(): void {
    this.root(); // every layer's digests are now known
    const base = this.base;
    for (const layer of this.layers) {
      const cache = State.rootCache.get(layer) as LayerRoot;
      for (const [item, l1] of layer) {
        for (const [k1, l2] of l1) {
          const target = level(base.tree, item, k1, true);
          for (const [k2, v] of l2) {
            const old = digestIn(base.digests, item, k1, k2);
            if (old !== undefined) base.arena.release(old);
            const slot = digestIn(cache.digests, item, k1, k2) ?? DELETED;
            if (v === TOMBSTONE || slot === DELETED) {
              target.delete(k2);
              base.digests.get(item)?.get(k1)?.delete(k2);
            } else {
              target.set(k2, v);
              setDigest(base.digests, item, k1, k2, base.arena.copyFrom(cache.arena, slot));
            }
          }
        }
      }
      base.lanes.set(cache.lanes);
    }
    this.layers.length = 0;
    this.layers.push(new Map());
    this.own = 0;
    this.frozen = false;
  }

  /**
   * Every entry written since the last `compact()` (in all layers above the base, the newest write of an
   * entry winning), with its value, or `undefined` when the entry was deleted. Unordered. The node persists
   * these as the block's state diff before it compacts.
   */
  changes(): Array<{ item: string; k1: string; k2: string; value: unknown }> {
    const merged: Tree = new Map();
    for (const layer of this.layers) {
      for (const [item, l1] of layer) {
        for (const [k1, l2] of l1) {
          const target = level(merged, item, k1, true);
          for (const [k2, v] of l2) target.set(k2, v);
        }
      }
    }
    const out: Array<{ item: string; k1: string; k2: string; value: unknown }> = [];
    for (const [item, l1] of merged) {
      for (const [k1, l2] of l1) {
        for (const [k2, v] of l2) out.push({ item, k1, k2, value: v === TOMBSTONE ? undefined : v });
      }
    }
    return out;
  }

  /** Every stored entry, for snapshots and tests: item → k1 → k2 → value. */
  dump(): Map<string, Map<string, Map<string, unknown>>> {
    const out = new Map<string, Map<string, Map<string, unknown>>>();
    const items = new Set<string>(this.base.tree.keys());
    for (const layer of this.layers) for (const item of layer.keys()) items.add(item);
    for (const item of [...items].sort()) {
      const l1 = new Map<string, Map<string, unknown>>();
      for (const k1 of this.firstKeys(item).sort()) l1.set(k1, this.entries(item, k1));
      if (l1.size > 0) out.set(item, l1);
    }
    return out;
  }
}
