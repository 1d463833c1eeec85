/**
 * Root setters of the TaoFlow rule (chain.md §11, admin-utils call indices 81/82/83/91), registered in the
 * AdminUtils pallet, plus taonet's own switch `sudo_set_emission_share_rule`. All root only (BadOrigin
 * otherwise), fee-paying as in the reference; each emits a "…Set" event `{ value }` (the reference emits
 * none; the explorer needs one).
 */
import { z } from "zod";
import { fail } from "../../errors.js";
import type { CallContext, CallDef } from "../../types.js";
import {
  EMISSION_SHARE_RULES,
  EmissionShareRule,
  FlowEmaSmoothingFactor,
  FlowNormExponent,
  NetTaoFlowEnabled,
  ONE_F64,
  TaoFlowCutoff,
} from "./taoflow.js";

const rawBits = (min: bigint, max: bigint, what: string) =>
  z
    .union([z.bigint(), z.string().regex(/^-?\d+$/, "expected decimal digits"), z.number().int()])
    .transform((v) => BigInt(v))
    .refine((v) => v >= min && v <= max, `expected ${what}`);

/** I64F64 raw bits (value · 2^64), decimal, may be negative. */
const i64f64Arg = rawBits(-(1n << 127n), (1n << 127n) - 1n, "I64F64 raw bits");
/** U64F64 raw bits (value · 2^64), decimal. */
const u64f64Arg = rawBits(0n, (1n << 128n) - 1n, "U64F64 raw bits (< 2^128)");
const u64Arg = rawBits(0n, (1n << 64n) - 1n, "a u64");

function ensureRoot(ctx: CallContext): void {
  if (ctx.origin.kind !== "root") fail("BadOrigin", "this call is root-only: send it through sudo", "System");
}

function rootCall<A extends Record<string, unknown>>(
  args: z.ZodType<A>,
  apply: (ctx: CallContext, a: A) => void,
): CallDef<A> {
  return {
    args,
    origin: "root",
    pays: true,
    weight: 7_343_000n,
    apply: (ctx, a) => {
      ensureRoot(ctx);
      apply(ctx, a);
    },
  };
}

const emitSet = (ctx: CallContext, name: string, value: unknown) =>
  ctx.emit({ pallet: "AdminUtils", name, data: { value } });

// biome-ignore lint/suspicious/noExplicitAny: each call has its own argument type
export const taoFlowAdminCalls: Record<string, CallDef<any>> = {
  /** `sudo_set_tao_flow_cutoff(flow_cutoff: I64F64)`: the cutoff A of the lower limit. */
  sudo_set_tao_flow_cutoff: rootCall(z.object({ flow_cutoff: i64f64Arg }), (ctx, a) => {
    TaoFlowCutoff.set(ctx.state, a.flow_cutoff);
    emitSet(ctx, "TaoFlowCutoffSet", a.flow_cutoff);
  }),
  /** `sudo_set_tao_flow_normalization_exponent(exponent: U64F64)`: p ∈ [1, 2] (InvalidValue). */
  sudo_set_tao_flow_normalization_exponent: rootCall(z.object({ exponent: u64f64Arg }), (ctx, a) => {
    if (a.exponent < ONE_F64 || a.exponent > 2n * ONE_F64)
      fail("InvalidValue", "the exponent must be between 1 and 2 (U64F64 raw bits)", "AdminUtils");
    FlowNormExponent.set(ctx.state, a.exponent);
    emitSet(ctx, "FlowNormExponentSet", a.exponent);
  }),
  /** `sudo_set_tao_flow_smoothing_factor(smoothing_factor: u64)`: a · i64::MAX. */
  sudo_set_tao_flow_smoothing_factor: rootCall(z.object({ smoothing_factor: u64Arg }), (ctx, a) => {
    FlowEmaSmoothingFactor.set(ctx.state, a.smoothing_factor);
    emitSet(ctx, "FlowEmaSmoothingFactorSet", a.smoothing_factor);
  }),
  /** `sudo_set_net_tao_flow_enabled(enabled: bool)`. */
  sudo_set_net_tao_flow_enabled: rootCall(z.object({ enabled: z.boolean() }), (ctx, a) => {
    NetTaoFlowEnabled.set(ctx.state, a.enabled);
    emitSet(ctx, "NetTaoFlowEnabledSet", a.enabled);
  }),
  /** taonet's switch: `sudo_set_emission_share_rule(rule: "Price" | "TaoFlow")`. */
  sudo_set_emission_share_rule: rootCall(
    z.object({ rule: z.enum(EMISSION_SHARE_RULES as ["Price", "TaoFlow"]) }),
    (ctx, a) => {
      EmissionShareRule.set(ctx.state, a.rule);
      emitSet(ctx, "EmissionShareRuleSet", a.rule);
    },
  ),
};
