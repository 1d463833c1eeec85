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
 * The state root is an LtHash (lattice homomorphic hash, 1024 16-bit lanes) over every (key, value):
 * adding or removing an entry adds or subtracts its lanes, so the root of a block costs the number of
 * keys it changed, not the size of the state. Root = SHA-256 of the lanes.
 */
import { createHash } from "node:crypto";
import { encode } from "./encode.js";

const TOMBSTONE: unique symbol = Symbol("deleted");
type Slot = unknown;
type Level2 = Map<string, Slot>;
type Level1 = Map<string, Level2>;
type Tree = Map<string, Level1>;

const LANES = 1024;

function digestOf(item: string, k1: string, k2: string, value: unknown): Buffer {
  return createHash("sha256").update(`${item}\u0000${k1}\u0000${k2}\u0000`).update(encode(value)).digest();
}

function lanesOf(digest: Uint8Array): Uint16Array {
  const bytes = createHash("shake256", { outputLength: LANES * 2 })
    .update(digest)
    .digest();
  return new Uint16Array(bytes.buffer, bytes.byteOffset, LANES);
}

function addLanes(acc: Uint16Array, lanes: Uint16Array, sign: 1 | -1): void {
  for (let i = 0; i < LANES; i++) acc[i] = ((acc[i] ?? 0) + sign * (lanes[i] ?? 0)) & 0xffff;
}

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

/** The committed bottom of a state: values, their digests, and the LtHash of all of them. */
class Base {
  readonly tree: Tree = new Map();
  readonly digests = new Map<string, Buffer>();
  readonly lanes = new Uint16Array(LANES);
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
      const l2 = level(this.layers[i] as Tree, item, k1, false);
      if (l2?.has(k2)) {
        const v = l2.get(k2);
        return v === TOMBSTONE ? undefined : v;
      }
    }
    return level(this.base.tree, item, k1, false)?.get(k2);
  }

  write(item: string, k1: string, k2: string, value: unknown): void {
    if (this.frozen) throw new Error("this state was forked and is read-only; write to the fork");
    level(this.layers[this.layers.length - 1] as Tree, item, k1, true).set(
      k2,
      value === undefined ? TOMBSTONE : value,
    );
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

  /** Every (item, k1, k2) written in the layers, with its final value (undefined = deleted). */
  private changes(): Map<string, { item: string; k1: string; k2: string; value: unknown }> {
    const out = new Map<string, { item: string; k1: string; k2: string; value: unknown }>();
    for (const layer of this.layers) {
      for (const [item, l1] of layer) {
        for (const [k1, l2] of l1) {
          for (const [k2, v] of l2) {
            out.set(`${item}\u0000${k1}\u0000${k2}`, {
              item,
              k1,
              k2,
              value: v === TOMBSTONE ? undefined : v,
            });
          }
        }
      }
    }
    return out;
  }

  /** The state root: 32 bytes, hex. */
  root(): string {
    const acc = Uint16Array.from(this.base.lanes);
    for (const [key, c] of this.changes()) {
      const old = this.base.digests.get(key);
      if (old) addLanes(acc, lanesOf(old), -1);
      if (c.value !== undefined) addLanes(acc, lanesOf(digestOf(c.item, c.k1, c.k2, c.value)), 1);
    }
    return createHash("sha256").update(acc).digest("hex");
  }

  /**
   * Folds every layer into the base. Other states forked from the same base become invalid, so only the
   * owner of the newest state (the node) calls this.
   */
  compact(): void {
    for (const [key, c] of this.changes()) {
      const old = this.base.digests.get(key);
      if (old) addLanes(this.base.lanes, lanesOf(old), -1);
      const l2 = level(this.base.tree, c.item, c.k1, true);
      if (c.value === undefined) {
        l2.delete(c.k2);
        this.base.digests.delete(key);
      } else {
        l2.set(c.k2, c.value);
        const d = digestOf(c.item, c.k1, c.k2, c.value);
        this.base.digests.set(key, d);
        addLanes(this.base.lanes, lanesOf(d), 1);
      }
    }
    this.layers.length = 0;
    this.layers.push(new Map());
    this.own = 0;
    this.frozen = false;
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
