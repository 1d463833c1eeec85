/**
 * JSON codecs of state values and keys: each codec validates a JSON value (zod) into the exact JavaScript
 * value the chain stores (bigint for amounts and fixed-point bits, numbers for blocks and u16s, plain
 * objects and arrays), and writes it back as canonical JSON. The state root hashes those JavaScript values,
 * so a codec must give back exactly the types the chain writes.
 *
 * Integers: readers accept a JSON number (a safe integer) or a decimal string; writers emit numbers for the
 * items the chain keeps as JavaScript numbers (blocks, u16, u32) and decimal strings for bigints.
 * Fixed-point values are `{"type": "I96F32", "bits": "<raw bits as a decimal integer>"}`.
 */
import { z } from "zod";
import { type AccountId, isAddress } from "../crypto.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Codec<T> {
  /** The type as docs/state-format.md shows it (e.g. `u64`, `I96F32`, `[u16, u16][]`). */
  readonly doc: string;
  readonly schema: z.ZodType<T>;
  toJson(value: T): Json;
}

const DECIMAL = /^-?(0|[1-9][0-9]*)$/;

function intSchema(min: bigint, max: bigint, what: string): z.ZodType<bigint> {
  return z
    .union([z.number().int("expected an integer"), z.string().regex(DECIMAL, "expected decimal digits")])
    .transform((v, ctx) => {
      if (typeof v === "number" && !Number.isSafeInteger(v)) {
        ctx.addIssue({ code: "custom", message: `${v} is not a safe integer: write it as a decimal string` });
        return z.NEVER;
      }
      const b = BigInt(v);
      if (b < min || b > max) {
        ctx.addIssue({ code: "custom", message: `${v} is out of range for ${what}` });
        return z.NEVER;
      }
      return b;
    });
}

const unsignedMax = (bits: number) => (1n << BigInt(bits)) - 1n;

/** An unsigned integer the chain keeps as a JavaScript number (u8, u16, u32; u64 block numbers). */
export function num(doc: "u8" | "u16" | "u32" | "u64"): Codec<number> {
  const bits = Number(doc.slice(1));
  const max = bits >= 53 ? BigInt(Number.MAX_SAFE_INTEGER) : unsignedMax(bits);
  return {
    doc,
    schema: intSchema(0n, max, doc).transform((b) => Number(b)),
    toJson: (v) => v,
  };
}

/** An integer the chain keeps as a bigint (u64/u128 amounts, i64 flows), written as a decimal string. */
export function big(doc: "u64" | "u128" | "i64" | "i128"): Codec<bigint> {
  const bits = BigInt(doc.slice(1));
  const signed = doc.startsWith("i");
  const min = signed ? -(1n << (bits - 1n)) : 0n;
  const max = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  return { doc, schema: intSchema(min, max, doc), toJson: (v) => v.toString() };
}

export type FixedType = "I96F32" | "U96F32" | "U64F64" | "I64F64" | "I32F32";

/** A fixed-point number kept as its raw bits: `{"type": "I96F32", "bits": "..."}`. */
export function fixed(type: FixedType): Codec<bigint> {
  const [intBits, fracBits] = type
    .slice(1)
    .split("F")
    .map((n) => BigInt(n)) as [bigint, bigint];
  const width = intBits + fracBits;
  const signed = type.startsWith("I");
  const min = signed ? -(1n << (width - 1n)) : 0n;
  const max = signed ? (1n << (width - 1n)) - 1n : (1n << width) - 1n;
  return {
    doc: type,
    schema: z
      .object(
        { type: z.literal(type, `expected "${type}"`), bits: intSchema(min, max, `${type} bits`) },
        `expected {"type": "${type}", "bits": "..."}`,
      )
      .strict()
      .transform((o) => o.bits),
    toJson: (v) => ({ bits: v.toString(), type }),
  };
}

export const bool: Codec<boolean> = { doc: "bool", schema: z.boolean(), toJson: (v) => v };

export const text: Codec<string> = { doc: "string", schema: z.string(), toJson: (v) => v };

/** Bytes as 0x-prefixed lowercase hex. */
export const hex: Codec<string> = {
  doc: "hex",
  schema: z.string().regex(/^0x([0-9a-f]{2})*$/, "expected 0x-prefixed lowercase hex"),
  toJson: (v) => v,
};

export const account: Codec<AccountId> = {
  doc: "AccountId",
  schema: z.string().refine(isAddress, "expected an SS58 address (prefix 42)"),
  toJson: (v) => v,
};

export function literal<const T extends string>(values: readonly [T, ...T[]]): Codec<T> {
  return {
    doc: values.map((v) => JSON.stringify(v)).join(" | "),
    schema: z.enum(values) as unknown as z.ZodType<T>,
    toJson: (v) => v,
  };
}

/** `null` or a value (the reference's OptionQuery items). */
export function option<T>(c: Codec<T>): Codec<T | null> {
  return {
    doc: `${c.doc} | null`,
    schema: c.schema.nullable(),
    toJson: (v) => (v === null ? null : c.toJson(v)),
  };
}

export function vec<T>(c: Codec<T>): Codec<readonly T[]> {
  const paren = c.doc.includes("|") || c.doc.includes("{") ? `(${c.doc})` : c.doc;
  return {
    doc: `${paren}[]`,
    schema: z.array(c.schema),
    toJson: (v) => v.map((x) => c.toJson(x)),
  };
}

export function pair<A, B>(a: Codec<A>, b: Codec<B>): Codec<readonly [A, B]> {
  return {
    doc: `[${a.doc}, ${b.doc}]`,
    schema: z.tuple([a.schema, b.schema]) as unknown as z.ZodType<readonly [A, B]>,
    toJson: (v) => [a.toJson(v[0]), b.toJson(v[1])],
  };
}

type Fields<T> = { readonly [K in keyof T]: Codec<T[K]> };

/** An object with exactly these fields (all required: the chain writes every field). */
export function struct<T extends object>(name: string, fields: Fields<T>): Codec<T> {
  const shape: Record<string, z.ZodType> = {};
  for (const [k, c] of Object.entries(fields) as Array<[string, Codec<unknown>]>) shape[k] = c.schema;
  const doc = `${name} {${Object.entries(fields as Record<string, Codec<unknown>>)
    .map(([k, c]) => `${k}: ${c.doc}`)
    .join(", ")}}`;
  return {
    doc,
    schema: z.object(shape).strict() as unknown as z.ZodType<T>,
    toJson: (v) => {
      const out: { [key: string]: Json } = {};
      for (const [k, c] of Object.entries(fields) as Array<[string, Codec<unknown>]>) {
        out[k] = c.toJson((v as Record<string, unknown>)[k]);
      }
      return out;
    },
  };
}

/** A codec with its own validation and writer (for the few union types). */
export function custom<T>(doc: string, schema: z.ZodType<T>, toJson: (v: T) => Json): Codec<T> {
  return { doc, schema, toJson };
}

// ---------------------------------------------------------------------------------------------------
// Keys: stored as strings (decimal integers, addresses, or composite strings); the JSON object keys of a
// snapshot are those strings.

export interface KeyCodec {
  readonly doc: string;
  /** True when the key is a subnet id (or a netuid + mechanism index), for `--netuid` filtering. */
  readonly netuid?: "netuid" | "index";
  /** Validates a key (a string, or a number for integer keys) and returns its stored form. */
  readonly schema: z.ZodType<string>;
}

function intKey(doc: string, max: bigint, netuid?: "netuid" | "index"): KeyCodec {
  return {
    doc,
    ...(netuid ? { netuid } : {}),
    schema: intSchema(0n, max, doc).transform((b) => b.toString()),
  };
}

export const keys = {
  netuid: intKey("NetUid (u16)", 65_535n, "netuid"),
  /** netuid + mechanism id × 4096 (per-mechanism items). */
  netuidIndex: intKey("NetUidStorageIndex (u16: netuid + mecid × 4096)", 65_535n, "index"),
  uid: intKey("Uid (u16)", 65_535n),
  u32: intKey("u32", unsignedMax(32)),
  u64: intKey("u64", unsignedMax(64)),
  account: {
    doc: "AccountId",
    schema: z.string().refine(isAddress, "expected an SS58 address (prefix 42)"),
  } satisfies KeyCodec,
  /** `<hotkey>/<coldkey>`. */
  hotkeyColdkey: {
    doc: "`<hotkey>/<coldkey>` (two AccountIds)",
    schema: z.string().refine((s) => {
      const parts = s.split("/");
      return parts.length === 2 && parts.every((p) => isAddress(p));
    }, "expected <hotkey address>/<coldkey address>"),
  } satisfies KeyCodec,
  text: { doc: "string", schema: z.string().min(1, "expected a non-empty key") } satisfies KeyCodec,
} as const;

/** The netuid of a mechanism storage index (netuid + mecid × 4096). */
export const netuidOfIndex = (index: number): number => index % 4096;
