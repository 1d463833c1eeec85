/**
 * Argument schemas and origin helpers shared by the call tables: every call validates its arguments
 * with these, so the same input gets the same error wherever it appears.
 */
import { z } from "zod";
import { type AccountId, isAddress } from "./crypto.js";
import { fail } from "./errors.js";
import type { CallContext } from "./types.js";

const U64_MAX = (1n << 64n) - 1n;

/** An SS58 address (prefix 42). */
export const address = z.string().refine(isAddress, "expected an SS58 address (prefix 42)");

/** A netuid (u16). */
export const netuid = z.number().int().min(0).max(65_535);

/** A u64 amount in rao: a bigint, a decimal string or a safe integer. */
export const raoU64 = z
  .union([z.bigint(), z.string().regex(/^\d+$/, "expected rao as decimal digits"), z.number().int().min(0)])
  .transform((v) => BigInt(v))
  .refine((v) => v <= U64_MAX, "expected a u64 amount");

/** The signing account of a signed call (BadOrigin otherwise). */
export const signer = (ctx: CallContext): AccountId =>
  ctx.origin.kind === "signed" ? ctx.origin.who : fail("BadOrigin", "a signed origin is required", "System");
