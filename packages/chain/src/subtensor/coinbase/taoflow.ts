/**
 * The TaoFlow emission-share rule (chain.md §4.3 "Previous", live on the reference from 2025-11-04 to
 * 2026-06-22; reference `coinbase/subnet_emissions.rs` `get_shares_flow`, net-flow variant with the
 * protocol-flow normalisation). Off by default: `EmissionShareRule` selects it (taonet's own switch).
 *
 * Flows are recorded whatever the rule (the accumulators and EMAs stay warm):
 * - user flow `SubnetTaoFlow`: + TAO entering the pool from stakes and burned registrations, − TAO paid out
 *   by unstakes (including the block author's part of the fee);
 * - protocol flow `SubnetProtocolFlow`: + TAO injected by emission and spent on chain buys, − TAO taken
 *   out by root-dividend sells.
 * Once per block, before the shares are computed, each emitting subnet's accumulators are folded into
 * their EMAs (`SubnetEmaTaoFlow`, `SubnetEmaProtocolFlow`) and reset.
 *
 * Shares: n_i = S_user,i − c·max(S_proto,i, 0)… (negative protocol EMAs are kept as they are), with
 * c = min(1, Σ S_user⁺ / Σ S_proto⁺) when NetTaoFlowEnabled, else n_i = S_user,i; L = max(TaoFlowCutoff,
 * min_i min(n_i, 0)); z_i = max(n_i − L, 0); share_i = z_i^p / Σ z_j^p with p = FlowNormExponent, computed
 * with the reference's scaling, bisection square root and I32F32 ln/exp.
 *
 * Fixed point: I64F64 (EMAs, cutoff) and U64F64 (offset flows, shares, exponent) as raw bigint bits;
 * multiplication floors, division truncates toward zero, `safe_div` gives 0 on division by zero or overflow.
 */
import { fx } from "@taonet/math";
import { StorageMap, StorageValue } from "../../state/items.js";
import type { State } from "../../state/state.js";

type NetUid = number;

/** An EMA with the block it was last updated at (the reference's `(u64, I64F64)`). */
export interface FlowEma {
  readonly block: number;
  /** I64F64 raw bits. */
  readonly ema: bigint;
}

/** Which rule splits the block's TAO emission among subnets (taonet's switch; the reference has none). */
export type EmissionShareRuleValue = "Price" | "TaoFlow";
export const EMISSION_SHARE_RULES: readonly EmissionShareRuleValue[] = ["Price", "TaoFlow"];

/** taonet's switch: "Price" (newest reference rule, default) or "TaoFlow" (the 2025-11 → 2026-06 rule). */
export const EmissionShareRule = new StorageValue<EmissionShareRuleValue>("EmissionShareRule", "Price");

/** Per-block user TAO flow accumulator (i64, rao). */
export const SubnetTaoFlow = new StorageMap<NetUid, bigint>("SubnetTaoFlow", 0n);
/** EMA of the user TAO flow (OptionQuery). */
export const SubnetEmaTaoFlow = new StorageMap<NetUid, FlowEma | null>("SubnetEmaTaoFlow", null);
/** Per-block protocol TAO flow accumulator (i64, rao): emission + chain buys − root sells. */
export const SubnetProtocolFlow = new StorageMap<NetUid, bigint>("SubnetProtocolFlow", 0n);
/** EMA of the protocol flow (OptionQuery). */
export const SubnetEmaProtocolFlow = new StorageMap<NetUid, FlowEma | null>("SubnetEmaProtocolFlow", null);
/** Drops a dissolved subnet's flow accumulators and EMAs (a reused netuid starts without history). */
export function clearSubnetFlows(s: State, netuid: number): void {
  SubnetTaoFlow.remove(s, netuid);
  SubnetEmaTaoFlow.remove(s, netuid);
  SubnetProtocolFlow.remove(s, netuid);
  SubnetEmaProtocolFlow.remove(s, netuid);
}
/** Net flow (user − normalised protocol) instead of gross user flow; default true. */
export const NetTaoFlowEnabled = new StorageValue<boolean>("NetTaoFlowEnabled", true);
/** Cutoff A of the lower limit (I64F64 raw bits); default 0. */
export const TaoFlowCutoff = new StorageValue<bigint>("TaoFlowCutoff", 0n);
/** Normalisation exponent p (U64F64 raw bits); default 1. */
export const FlowNormExponent = new StorageValue<bigint>("FlowNormExponent", 1n << 64n);
/** EMA smoothing factor as a fraction of i64::MAX: default ≈ 3.209e-6 (half-life 216 000 blocks). */
export const DEFAULT_FLOW_EMA_SMOOTHING_FACTOR = 29_597_889_189_277n;
export const FlowEmaSmoothingFactor = new StorageValue<bigint>(
  "FlowEmaSmoothingFactor",
  DEFAULT_FLOW_EMA_SMOOTHING_FACTOR,
);
/** FlowHalfLife (a constant in the reference): the half-life the default smoothing factor encodes. */
export const FLOW_HALF_LIFE = 216_000;

// ---------------------------------------------------------------------------------------------------
// Fixed point

const I64_MAX = (1n << 63n) - 1n;
const I64_MIN = -(1n << 63n);
const I128_MAX = (1n << 127n) - 1n;
const I128_MIN = -(1n << 127n);
const U128_MAX = (1n << 128n) - 1n;
/** 1.0 in I64F64 / U64F64 raw bits. */
export const ONE_F64 = 1n << 64n;

const sat64 = (v: bigint): bigint => (v > I64_MAX ? I64_MAX : v < I64_MIN ? I64_MIN : v);

/** I64F64. */
export const i64f64 = {
  sat: (v: bigint): bigint => (v > I128_MAX ? I128_MAX : v < I128_MIN ? I128_MIN : v),
  /** `saturating_from_num` of an integer. */
  fromInt: (x: bigint): bigint => i64f64.sat(x << 64n),
  mul: (a: bigint, b: bigint): bigint => i64f64.sat((a * b) >> 64n),
  /** `safe_div`: 0 on division by zero or overflow; truncates toward zero. */
  safeDiv: (a: bigint, b: bigint): bigint => {
    if (b === 0n) return 0n;
    const q = (a << 64n) / b;
    return q > I128_MAX || q < I128_MIN ? 0n : q;
  },
  add: (a: bigint, b: bigint): bigint => i64f64.sat(a + b),
  sub: (a: bigint, b: bigint): bigint => i64f64.sat(a - b),
};

const satU = (v: bigint): bigint => (v < 0n ? 0n : v > U128_MAX ? U128_MAX : v);

/** U64F64 (with the reference's `safe_div`, which is 0 on overflow, unlike `u64f64.div` of fixed.ts). */
export const u64f64x = {
  fromInt: (x: bigint): bigint => satU(x << 64n),
  mul: (a: bigint, b: bigint): bigint => satU((a * b) >> 64n),
  safeDiv: (a: bigint, b: bigint): bigint => {
    if (b === 0n) return 0n;
    const q = (a << 64n) / b;
    return q > U128_MAX ? 0n : q;
  },
  add: (a: bigint, b: bigint): bigint => satU(a + b),
  sub: (a: bigint, b: bigint): bigint => (a > b ? a - b : 0n),
};

/** `checked_sqrt(value, epsilon)` of safe_math (U64F64): bisection, at most 129 steps. */
export function checkedSqrtU64F64(value: bigint, epsilon: bigint): bigint {
  const two = u64f64x.fromInt(2n);
  let high = value;
  let low = 0n;
  let middle = u64f64x.safeDiv(u64f64x.add(high, low), two);
  let check = u64f64x.safeDiv(value, middle);
  let iteration = 0;
  while ((check > middle ? check - middle : middle - check) > epsilon) {
    if (check < middle) high = middle;
    else low = middle;
    middle = u64f64x.safeDiv(u64f64x.add(high, low), two);
    check = u64f64x.safeDiv(value, middle);
    iteration += 1;
    if (iteration > 128) break;
  }
  return middle;
}

const ONE32 = 1n << 32n;
const TWO32 = 2n << 32n;
const I32F32_MAX = fx.I32F32_MAX_B;
const I32F32_MIN = fx.I32F32_MIN_B;
/** log2(e) as substrate_fixed holds it (I9F23 bits 0xB8AA3B), widened to I32F32. */
const LOG2_E_I32F32 = 0xb8aa3bn << 9n;

/** Right shift by one with rounding (`rs`). */
const rs = (x: bigint): bigint => (x >> 1n) + (x & 1n);

/** `log2_inner` for x ≥ 1 (I32F32 raw bits). */
function log2Inner(operand: bigint): bigint {
  let x = operand;
  let result = 0n;
  while (x >= TWO32) {
    result += 1n;
    x = rs(x);
  }
  if (x === ONE32) return result << 32n;
  for (let i = 0; i < 32; i++) {
    x = (x * x) >> 32n;
    result <<= 1n;
    if (x >= TWO32) {
      result |= 1n;
      x = rs(x);
    }
  }
  return result;
}

/**
 * `substrate_fixed::transcendental::ln` on I32F32 raw bits: log2(x) / log2(e). Null where the reference
 * returns Err (x ≤ 0) and where it would panic (1/x overflows I32F32 for x < 2^-31).
 */
export function lnI32F32(x: bigint): bigint | null {
  if (x <= 0n) return null;
  let log2: bigint;
  if (x < ONE32) {
    const inverse = (ONE32 << 32n) / x;
    if (inverse > I32F32_MAX) return null;
    log2 = -log2Inner(inverse);
  } else {
    log2 = log2Inner(x);
  }
  return (log2 << 32n) / LOG2_E_I32F32;
}

/**
 * `safe_pow(val, p)` (U64F64 in and out): exp(p · ln(val)) in I32F32; 0 when ln fails, I32F32::MAX when
 * exp overflows.
 */
export function safePow(val: bigint, p: bigint): bigint {
  const v = val >> 32n > I32F32_MAX ? I32F32_MAX : val >> 32n;
  const ln = lnI32F32(v);
  if (ln === null) return 0n;
  const p32 = p >> 32n > I32F32_MAX ? I32F32_MAX : p >> 32n;
  let prod = (p32 * ln) >> 32n;
  if (prod > I32F32_MAX) prod = I32F32_MAX;
  if (prod < I32F32_MIN) prod = I32F32_MIN;
  const e = fx.expB(prod) ?? I32F32_MAX;
  return e <= 0n ? 0n : e << 32n;
}

function maxOf(values: readonly bigint[]): bigint {
  let max = 0n;
  for (const v of values) if (v > max) max = v;
  return max;
}

/**
 * `inplace_pow_normalize` (U64F64 raw bits): pre-scale so the largest is 1, scale for precision so that
 * count · max^2 fits I32F32, then z^p / Σ z^p. If every value is too small to fit I32F32 the pre-scaled
 * values are returned as they are.
 */
export function powNormalize(values: readonly bigint[], p: bigint): bigint[] {
  const factor = u64f64x.safeDiv(ONE_F64, maxOf(values));
  const scaled = values.map((v) => u64f64x.mul(factor, v));
  const flowMax = maxOf(scaled);
  const maxTimesCount = u64f64x.mul(u64f64x.fromInt(BigInt(values.length)), u64f64x.mul(flowMax, flowMax));
  const i32f32Max = u64f64x.fromInt((1n << 31n) - 1n);
  const precisionMin = u64f64x.safeDiv(i32f32Max, u64f64x.fromInt((1n << 64n) - 1n));
  if (maxTimesCount < precisionMin) return scaled;
  const epsilon = u64f64x.safeDiv(ONE_F64, u64f64x.fromInt(1_000n));
  const flowFactor = checkedSqrtU64F64(u64f64x.safeDiv(i32f32Max, maxTimesCount), epsilon);
  const powered = scaled.map((v) => safePow(u64f64x.mul(flowFactor, v), p));
  let sum = 0n;
  for (const v of powered) sum += v;
  return powered.map((v) => u64f64x.safeDiv(v, sum));
}

// ---------------------------------------------------------------------------------------------------
// Recording

/** `u64 as i64` then a saturating i64 add. */
function addFlow(map: StorageMap<NetUid, bigint>, s: State, netuid: number, delta: bigint): void {
  if (delta === 0n) return;
  map.update(s, netuid, (v) => sat64(v + delta));
}

const asI64 = (tao: bigint): bigint => BigInt.asIntN(64, tao);

/** `record_tao_inflow`: TAO a user put into the subnet's pool (stake, burned registration). */
export function recordTaoInflow(s: State, netuid: number, tao: bigint): void {
  addFlow(SubnetTaoFlow, s, netuid, asI64(tao));
}

/** `record_tao_outflow`: TAO the pool paid out to a user (unstake, incl. the block author's fee part). */
export function recordTaoOutflow(s: State, netuid: number, tao: bigint): void {
  addFlow(SubnetTaoFlow, s, netuid, -asI64(tao));
}

/** `record_protocol_inflow`: emission TAO injected into the pool or spent on a chain buy. */
export function recordProtocolInflow(s: State, netuid: number, tao: bigint): void {
  addFlow(SubnetProtocolFlow, s, netuid, asI64(tao));
}

/** `record_protocol_outflow`: TAO taken out of the pool by a root-dividend sell. */
export function recordProtocolOutflow(s: State, netuid: number, tao: bigint): void {
  addFlow(SubnetProtocolFlow, s, netuid, -asI64(tao));
}

// ---------------------------------------------------------------------------------------------------
// EMAs

/** The smoothing factor a = FlowEmaSmoothingFactor / i64::MAX (I64F64). */
export function flowAlpha(s: State): bigint {
  const factor = FlowEmaSmoothingFactor.get(s);
  const asFixed = factor > I64_MAX ? I128_MAX : i64f64.fromInt(factor);
  return i64f64.safeDiv(asFixed, i64f64.fromInt(I64_MAX));
}

/** One EMA step: (1 − a)·last + a·flow (I64F64, saturating). */
export function emaStep(alpha: bigint, last: bigint, flow: bigint): bigint {
  return i64f64.add(i64f64.mul(i64f64.sub(ONE_F64, alpha), last), i64f64.mul(alpha, i64f64.fromInt(flow)));
}

function updateEma(
  s: State,
  accumulator: StorageMap<NetUid, bigint>,
  emas: StorageMap<NetUid, FlowEma | null>,
  netuid: number,
  now: number,
  alpha: bigint,
): void {
  const last = emas.get(s, netuid);
  if (last !== null && last.block === now) return;
  const ema = emaStep(alpha, last?.ema ?? 0n, accumulator.get(s, netuid));
  emas.set(s, netuid, { block: now, ema });
  accumulator.remove(s, netuid);
}

/**
 * The per-block EMA update of `get_ema_flow` / `update_ema_protocol_flow`: each emitting subnet's
 * accumulated user and protocol flows are folded into their EMAs and reset, once per block (a second
 * call in the same block does nothing). Runs before the shares are computed, whatever the share rule.
 */
export function updateFlowEmas(s: State, toEmit: readonly number[], now: number): void {
  const alpha = flowAlpha(s);
  for (const netuid of toEmit) {
    updateEma(s, SubnetTaoFlow, SubnetEmaTaoFlow, netuid, now, alpha);
    updateEma(s, SubnetProtocolFlow, SubnetEmaProtocolFlow, netuid, now, alpha);
  }
}

// ---------------------------------------------------------------------------------------------------
// Shares

/**
 * The flow each subnet is scored on (I64F64): the user EMA, minus the positive protocol EMA scaled by
 * c = min(1, Σ user⁺ / Σ protocol⁺) when NetTaoFlowEnabled (a negative protocol EMA is subtracted as is).
 */
export function netFlows(s: State, toEmit: readonly number[]): bigint[] {
  const user = toEmit.map((n) => SubnetEmaTaoFlow.get(s, n)?.ema ?? 0n);
  if (!NetTaoFlowEnabled.get(s)) return user;
  const protocol = toEmit.map((n) => SubnetEmaProtocolFlow.get(s, n)?.ema ?? 0n);
  let userPositive = 0n;
  let protocolPositive = 0n;
  toEmit.forEach((_, i) => {
    const u = user[i] ?? 0n;
    const p = protocol[i] ?? 0n;
    userPositive = i64f64.add(userPositive, u > 0n ? u : 0n);
    protocolPositive = i64f64.add(protocolPositive, p > 0n ? p : 0n);
  });
  let norm = 0n;
  if (protocolPositive > 0n) {
    const ratio = i64f64.safeDiv(userPositive, protocolPositive);
    norm = ratio < ONE_F64 ? ratio : ONE_F64;
  }
  return toEmit.map((_, i) => {
    const p = protocol[i] ?? 0n;
    const scaled = p > 0n ? i64f64.mul(norm, p) : p;
    return i64f64.sub(user[i] ?? 0n, scaled);
  });
}

/** `get_lower_limit`: L = max(TaoFlowCutoff, min_i min(flow_i, 0)). */
export function lowerLimit(s: State, flows: readonly bigint[]): bigint {
  let min = 0n;
  for (const f of flows) if (f < min) min = f;
  const cutoff = TaoFlowCutoff.get(s);
  return cutoff > min ? cutoff : min;
}

/**
 * `get_shares_flow` (U64F64 shares by netuid), from the EMAs as updated this block (`updateFlowEmas`).
 */
export function taoFlowShares(s: State, toEmit: readonly number[]): Map<number, bigint> {
  const flows = netFlows(s, toEmit);
  const limit = lowerLimit(s, flows);
  const offsets = flows.map((f) => (f > limit ? i64f64.sub(f, limit) : 0n));
  const shares = powNormalize(offsets, FlowNormExponent.get(s));
  const out = new Map<number, bigint>();
  toEmit.forEach((netuid, i) => {
    out.set(netuid, shares[i] ?? 0n);
  });
  return out;
}

/** Whether the TaoFlow rule splits the emission (EmissionShareRule = "TaoFlow"). */
export function taoFlowActive(s: State): boolean {
  return EmissionShareRule.get(s) === "TaoFlow";
}
