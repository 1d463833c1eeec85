/**
 * Typed accessors for storage items, in the reference's style: `SubnetTAO.get(state, netuid)`.
 * Absent entries read as the item's default (Substrate's ValueQuery); writing the default of a scalar
 * item removes the entry, so the state holds only what differs from defaults.
 */
import type { State } from "./state.js";

type Key = string | number | bigint;

/** Decimal strings of small integers (netuids, uids, mechanism indices), made once: keys are read often. */
const SMALL_KEYS: string[] = [];
function k(v: Key): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" && v >= 0 && v < 70_000 && Number.isInteger(v)) {
    let text = SMALL_KEYS[v];
    if (text === undefined) {
      text = String(v);
      SMALL_KEYS[v] = text;
    }
    return text;
  }
  return v.toString();
}
const isScalar = (v: unknown) => typeof v !== "object" || v === null;

/** A declared storage item: a value, a map (one key) or a double map (two keys). */
export type StorageItem =
  // biome-ignore lint/suspicious/noExplicitAny: the registry holds items of every key and value type
  StorageValue<any> | StorageMap<any, any> | StorageDoubleMap<any, any, any>;

const registry = new Map<string, StorageItem>();

/** Every storage item declared so far, by name (the modules that declare them must have been loaded). */
export function registeredItems(): ReadonlyMap<string, StorageItem> {
  return registry;
}

function register(item: StorageItem): void {
  if (registry.has(item.name)) throw new Error(`storage item ${item.name} is declared twice`);
  registry.set(item.name, item);
}

export class StorageValue<V> {
  readonly kind = "value";
  constructor(
    readonly name: string,
    readonly defaultValue: V,
  ) {
    register(this);
  }

  get(s: State): V {
    const v = s.read(this.name, "", "");
    return v === undefined ? this.defaultValue : (v as V);
  }

  set(s: State, value: V): void {
    s.write(this.name, "", "", isScalar(value) && value === this.defaultValue ? undefined : value);
  }

  update(s: State, f: (v: V) => V): V {
    const v = f(this.get(s));
    this.set(s, v);
    return v;
  }
}

export class StorageMap<K extends Key, V> {
  readonly kind = "map";
  constructor(
    readonly name: string,
    readonly defaultValue: V,
  ) {
    register(this);
  }

  get(s: State, key: K): V {
    const v = s.read(this.name, k(key), "");
    return v === undefined ? this.defaultValue : (v as V);
  }

  has(s: State, key: K): boolean {
    return s.read(this.name, k(key), "") !== undefined;
  }

  set(s: State, key: K, value: V): void {
    s.write(this.name, k(key), "", isScalar(value) && value === this.defaultValue ? undefined : value);
  }

  remove(s: State, key: K): void {
    s.write(this.name, k(key), "", undefined);
  }

  update(s: State, key: K, f: (v: V) => V): V {
    const v = f(this.get(s, key));
    this.set(s, key, v);
    return v;
  }

  /** The keys with a stored value (as strings), unordered. */
  keys(s: State): string[] {
    return s.firstKeys(this.name);
  }
}

export class StorageDoubleMap<K1 extends Key, K2 extends Key, V> {
  readonly kind = "doubleMap";
  constructor(
    readonly name: string,
    readonly defaultValue: V,
  ) {
    register(this);
  }

  get(s: State, k1: K1, k2: K2): V {
    const v = s.read(this.name, k(k1), k(k2));
    return v === undefined ? this.defaultValue : (v as V);
  }

  has(s: State, k1: K1, k2: K2): boolean {
    return s.read(this.name, k(k1), k(k2)) !== undefined;
  }

  set(s: State, k1: K1, k2: K2, value: V): void {
    s.write(this.name, k(k1), k(k2), isScalar(value) && value === this.defaultValue ? undefined : value);
  }

  remove(s: State, k1: K1, k2: K2): void {
    s.write(this.name, k(k1), k(k2), undefined);
  }

  update(s: State, k1: K1, k2: K2, f: (v: V) => V): V {
    const v = f(this.get(s, k1, k2));
    this.set(s, k1, k2, v);
    return v;
  }

  /** Entries under k1 as (second key string, value), unordered. */
  prefix(s: State, k1: K1): Map<string, V> {
    return s.entries(this.name, k(k1)) as Map<string, V>;
  }

  /** Removes every entry under k1. */
  clearPrefix(s: State, k1: K1): void {
    for (const k2 of s.entries(this.name, k(k1)).keys()) s.write(this.name, k(k1), k2, undefined);
  }

  firstKeys(s: State): string[] {
    return s.firstKeys(this.name);
  }
}
