/**
 * State snapshots as JSON, in the reference's storage names (docs/state-format.md):
 *
 *   { "format": "taonet-state/1",
 *     "items": { "TotalIssuance": "…", "SubnetTAO": { "1": "…" }, "Weights": { "1": { "0": [[0, 65535]] } } } }
 *
 * A value item maps to its value, a map to {key: value}, a double map to {key1: {key2: value}}. Only the
 * entries the state holds are written (absent entries read as the item's default). `dumpState` then
 * `loadState` gives back a state with the same entries, the same JavaScript values and the same state
 * root; `canonicalJson` writes a snapshot with sorted keys, so dump → load → dump is byte-identical.
 * Pure: no I/O (the CLI and the node read and write the files).
 */
import type { z } from "zod";
import "../runtime.js"; // declares every storage item (the registry must be complete)
import { registeredItems, type StorageItem } from "../state/items.js";
import { State } from "../state/state.js";
import { type Json, netuidOfIndex } from "./codec.js";
import { type ItemSchema, STATE_SCHEMA } from "./schema.js";

export const STATE_FORMAT = "taonet-state/1";

export interface StateSnapshot {
  readonly format: typeof STATE_FORMAT;
  /** Present when the snapshot was restricted to one subnet (entries of other subnets left out). */
  readonly netuid?: number;
  readonly items: { readonly [item: string]: Json };
}

export interface DumpOptions {
  /** Keep only the entries of this subnet in items keyed by netuid (global items are kept whole). */
  readonly netuid?: number;
}

/** An invalid snapshot: `item` and `key` say where (the message repeats them). */
export class StateFormatError extends Error {
  constructor(
    message: string,
    readonly item?: string,
    readonly key?: readonly string[],
  ) {
    super(message);
    this.name = "StateFormatError";
  }
}

/** The schema of an item, or an error naming it. */
export function itemSchema(name: string): { item: StorageItem; schema: ItemSchema } {
  const item = registeredItems().get(name);
  const schema = STATE_SCHEMA[name];
  if (!item || !schema) throw new StateFormatError(`unknown storage item "${name}"`, name);
  return { item, schema };
}

const keepKey = (schema: ItemSchema, position: number, key: string, netuid: number | undefined): boolean => {
  if (netuid === undefined) return true;
  const kind = schema.keys[position]?.netuid;
  if (kind === "netuid") return Number(key) === netuid;
  if (kind === "index") return netuidOfIndex(Number(key)) === netuid;
  return true;
};

/** Every stored entry of the state, as a snapshot object (see the module comment). */
export function dumpState(state: State, options: DumpOptions = {}): StateSnapshot {
  const { netuid } = options;
  const items: { [item: string]: Json } = {};
  for (const [name, level1] of state.dump()) {
    const { schema } = itemSchema(name);
    const toJson = (v: unknown) => schema.value.toJson(v);
    if (schema.keys.length === 0) {
      const v = level1.get("")?.get("");
      if (v !== undefined) items[name] = toJson(v);
      continue;
    }
    const out: { [key: string]: Json } = {};
    for (const [k1, level2] of level1) {
      if (!keepKey(schema, 0, k1, netuid)) continue;
      if (schema.keys.length === 1) {
        const v = level2.get("");
        if (v !== undefined) out[k1] = toJson(v);
        continue;
      }
      const inner: { [key: string]: Json } = {};
      for (const [k2, v] of level2) if (keepKey(schema, 1, k2, netuid)) inner[k2] = toJson(v);
      if (Object.keys(inner).length > 0) out[k1] = inner;
    }
    if (Object.keys(out).length > 0) items[name] = out;
  }
  return { format: STATE_FORMAT, ...(netuid === undefined ? {} : { netuid }), items };
}

const where = (name: string, keyPath: readonly string[]) =>
  keyPath.length === 0 ? name : `${name}[${keyPath.map((k) => JSON.stringify(k)).join("][")}]`;

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const path = issue.path.length > 0 ? ` (at ${issue.path.join(".")})` : "";
  return `${issue.message}${path}`;
}

/** Validates one value of an item; throws a StateFormatError naming the item and key. */
export function parseItemValue(name: string, keyPath: readonly string[], json: unknown): unknown {
  const { schema } = itemSchema(name);
  const parsed = schema.value.schema.safeParse(json);
  if (!parsed.success) {
    throw new StateFormatError(
      `${where(name, keyPath)}: ${issueText(parsed.error)}; expected ${schema.value.doc}`,
      name,
      keyPath,
    );
  }
  return parsed.data;
}

/** Validates the keys of an item (strings or numbers) and returns their stored form. */
export function parseItemKeys(name: string, raw: readonly unknown[]): string[] {
  const { schema } = itemSchema(name);
  if (raw.length !== schema.keys.length) {
    throw new StateFormatError(
      `${name} takes ${schema.keys.length} key(s) (${schema.keys.map((k) => k.doc).join(", ") || "none"}), got ${raw.length}`,
      name,
    );
  }
  return raw.map((k, i) => {
    const codec = schema.keys[i];
    const parsed = codec?.schema.safeParse(k);
    if (!codec || !parsed?.success) {
      throw new StateFormatError(
        `${where(name, raw.map(String))}: key ${i + 1} ${JSON.stringify(k)} is not a ${codec?.doc ?? "key"}`,
        name,
        raw.map(String),
      );
    }
    return parsed.data;
  });
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A state from a snapshot (validated: every item, key and value; errors name the item and key). Entries
 * are written as they are, including values equal to the default, so the state root equals the dumped
 * state's.
 */
export function loadState(json: unknown): State {
  if (!isObject(json)) throw new StateFormatError("a state snapshot is a JSON object");
  if (json.format !== STATE_FORMAT) {
    throw new StateFormatError(`"format" must be "${STATE_FORMAT}" (got ${JSON.stringify(json.format)})`);
  }
  const items = json.items;
  if (!isObject(items)) throw new StateFormatError('"items" must be an object of storage items');
  const state = State.empty();
  for (const [name, body] of Object.entries(items)) {
    const { schema } = itemSchema(name);
    if (schema.keys.length === 0) {
      state.write(name, "", "", parseItemValue(name, [], body));
      continue;
    }
    if (!isObject(body))
      throw new StateFormatError(`${name}: expected an object keyed by ${schema.keys[0]?.doc}`, name);
    for (const [rawK1, inner] of Object.entries(body)) {
      if (schema.keys.length === 1) {
        const [k1] = parseItemKeys(name, [rawK1]) as [string];
        state.write(name, k1, "", parseItemValue(name, [rawK1], inner));
        continue;
      }
      if (!isObject(inner)) {
        throw new StateFormatError(
          `${where(name, [rawK1])}: expected an object keyed by ${schema.keys[1]?.doc}`,
          name,
          [rawK1],
        );
      }
      for (const [rawK2, v] of Object.entries(inner)) {
        const [k1, k2] = parseItemKeys(name, [rawK1, rawK2]) as [string, string];
        state.write(name, k1, k2, parseItemValue(name, [rawK1, rawK2], v));
      }
    }
  }
  return state;
}

/** One item's stored value at `keys` as JSON (the item's default when absent). */
export function readItemJson(state: State, name: string, rawKeys: readonly unknown[]): Json {
  const { item, schema } = itemSchema(name);
  const [k1 = "", k2 = ""] = parseItemKeys(name, rawKeys);
  const v = state.read(name, k1, k2);
  return schema.value.toJson(v === undefined ? item.defaultValue : v);
}

/**
 * Writes one item's value as the chain's own accessors do (writing the default of a scalar item removes
 * the entry); `null` for an option item removes it too.
 */
export function writeItemJson(state: State, name: string, rawKeys: readonly unknown[], json: unknown): void {
  const { item } = itemSchema(name);
  const k = parseItemKeys(name, rawKeys);
  const v = parseItemValue(name, k, json);
  if (item.kind === "value") item.set(state, v);
  else if (item.kind === "map") item.set(state, k[0], v);
  else item.set(state, k[0], k[1], v);
}

// ---------------------------------------------------------------------------------------------------
// Canonical JSON

const INDEX = /^(0|[1-9][0-9]*)$/;

/** Key order: integer keys numerically, then the others by UTF-16 code units. */
export function compareKeys(a: string, b: string): number {
  const ai = INDEX.test(a);
  const bi = INDEX.test(b);
  if (ai && bi) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ai !== bi) return ai ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const hasObject = (v: unknown): boolean =>
  Array.isArray(v) ? v.some(hasObject) : typeof v === "object" && v !== null;

function write(v: unknown, indent: string, out: string[]): void {
  if (v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "string") {
    out.push(JSON.stringify(v));
    return;
  }
  if (typeof v === "bigint") {
    out.push(JSON.stringify(v.toString()));
    return;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push("[]");
      return;
    }
    if (!hasObject(v)) {
      // arrays of scalars and tuples on one line
      out.push(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)));
      return;
    }
    const inner = `${indent}  `;
    out.push("[\n");
    v.forEach((x, i) => {
      out.push(inner);
      write(x, inner, out);
      out.push(i + 1 < v.length ? ",\n" : "\n");
    });
    out.push(`${indent}]`);
    return;
  }
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    const keysSorted = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort(compareKeys);
    if (keysSorted.length === 0) {
      out.push("{}");
      return;
    }
    const inner = `${indent}  `;
    out.push("{\n");
    keysSorted.forEach((k, i) => {
      out.push(`${inner}${JSON.stringify(k)}: `);
      write(o[k], inner, out);
      out.push(i + 1 < keysSorted.length ? ",\n" : "\n");
    });
    out.push(`${indent}}`);
    return;
  }
  throw new TypeError(`cannot write a ${typeof v} as JSON`);
}

/**
 * Canonical JSON text: object keys sorted (integer keys numerically first), two-space indentation, arrays
 * without objects on one line, bigints as decimal strings, a final newline.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, "", out);
  out.push("\n");
  return out.join("");
}

/** A JSON-ready copy of any value the chain produces (bigints → decimal strings, bytes → 0x-hex). */
export function toJsonValue(v: unknown): Json {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
  if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString("hex")}`;
  if (v instanceof Map) {
    const o: { [k: string]: Json } = {};
    for (const [k, x] of v) o[String(k)] = toJsonValue(x);
    return o;
  }
  if (v instanceof Set) return [...v].map(toJsonValue);
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (typeof v === "object") {
    const o: { [k: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = toJsonValue(x);
    return o;
  }
  return String(v);
}
