/**
 * I32F32 fixed point (64-bit signed, 32 fractional bits) with the semantics of `substrate_fixed`
 * as the reference chain uses it: floor multiply, truncating divide, division by zero = 0.
 *
 * Two representations of the raw bits:
 * - `number` (the hot path): an exact integer with |raw| < 2^52, i.e. |value| < 2^20. Every epoch
 *   quantity stays far inside that (proportions in [0, 1], weights <= 65535). The operations below are
 *   exact for operands and results in that range; they never round.
 * - `bigint` (the reference path, suffix `B`): the whole I32F32 range with saturation, used where values
 *   can be large (the exp series, conversions) and by tests as the oracle for the number path.
 */

/** 2^32: the raw value of 1.0. */
export const ONE = 4294967296;
export const ONE_B = 4294967296n;
export const HALF = 2147483648;
/** Largest raw magnitude accepted by the number path (2^52). */
export const NUMBER_RAW_LIMIT = 4503599627370496;

export const I32F32_MAX_B = (1n << 63n) - 1n;
export const I32F32_MIN_B = -(1n << 63n);

const TWO16 = 65536;
/** Divisors below this (2^36, value < 16) take the exact number path in `div`. */
const FAST_DIVISOR_LIMIT = 68719476736;

/** Products below this magnitude (2^80) take the imul path of `mul`. */
const MUL_FAST_LIMIT = 2 ** 80;

/**
 * I32F32 multiply: floor(a*b / 2^32) (round toward -infinity, as an arithmetic shift does), any signs.
 * The low 32 bits of the product come exactly from `Math.imul`; the float product then only has to be
 * right to within half of 2^32, which it is far below 2^80. Exact for results below 2^52.
 */
export function mul(a: number, b: number): number {
  const p = a * b;
  if (p < MUL_FAST_LIMIT && p > -MUL_FAST_LIMIT) {
    return Math.round((p - (Math.imul(a, b) >>> 0)) / ONE);
  }
  return Number(mulB(BigInt(a), BigInt(b)));
}

/** floor(n / d) for 0 <= n < 2^52, 0 < d: exact, correcting the float quotient by one if needed. */
function floorDivExact(n: number, d: number): number {
  let q = Math.floor(n / d);
  let r = n - q * d;
  if (r < 0) {
    q -= 1;
    r += d;
  } else if (r >= d) {
    q += 1;
  }
  return q;
}

/** trunc(a * 2^32 / b) for a >= 0, b > 0 (number path, requires b < 2^36). */
function divTruncNonNeg(a: number, b: number): number {
  // Long division in three steps of 32 + 16 + 16 bits keeps every intermediate below 2^52.
  const q0 = floorDivExact(a, b);
  const r0 = a - q0 * b;
  const n1 = r0 * TWO16;
  const q1 = floorDivExact(n1, b);
  const r1 = n1 - q1 * b;
  const q2 = floorDivExact(r1 * TWO16, b);
  return q0 * ONE + q1 * TWO16 + q2;
}

/**
 * I32F32 `safe_div`: trunc(a * 2^32 / b), 0 when b = 0 or the quotient overflows I32F32.
 * Fast path (0 <= a < 2^37, b > 0): a float estimate of the quotient, corrected with the exact
 * remainder r = a*2^32 - q*b. r's low 32 bits come exactly from `Math.imul`; the float value of r is
 * right to far better than 2^31, which picks the one candidate with those low bits.
 */
export function div(a: number, b: number): number {
  if (a >= 0 && a < FAST_DIVIDEND_LIMIT && b > 0 && a < b * 1048576) {
    let q = Math.floor((a / b) * ONE);
    const low = -Math.imul(q, b) >>> 0;
    let r = low + Math.round((a * ONE - q * b - low) / ONE) * ONE;
    while (r < 0) {
      q--;
      r += b;
    }
    while (r >= b) {
      q++;
      r -= b;
    }
    return q;
  }
  return divSlow(a, b);
}

const FAST_DIVIDEND_LIMIT = 137438953472; // 2^37

function divSlow(a: number, b: number): number {
  if (b === 0) return 0;
  const ma = a < 0 ? -a : a;
  const mb = b < 0 ? -b : b;
  let q: number;
  if (mb < FAST_DIVISOR_LIMIT) {
    if (ma / mb >= 2147483648) return 0; // overflow of the integer part: safe_div yields 0
    q = divTruncNonNeg(ma, mb);
  } else {
    const qb = (BigInt(ma) << 32n) / BigInt(mb);
    if (qb > I32F32_MAX_B) return 0;
    q = Number(qb);
  }
  return a < 0 !== b < 0 ? -q : q;
}

/** I32F32 from an integer (exact). */
export function fromInt(n: number): number {
  return n * ONE;
}

/** The real value of raw bits (exact for the number path: raw < 2^53). */
export function toNumber(raw: number): number {
  return raw / ONE;
}

/** Round-to-nearest, ties-to-even of a double to an integer (`from_num` of a float). */
function roundTiesEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** `I32F32::from_num(f64)`: nearest representable value, ties to even. */
export function fromF64(x: number): number {
  return roundTiesEven(x * ONE);
}

/** `I32F32::from_num(f32)` for a Rust f32 literal: the literal is first rounded to f32. */
export function fromF32(x: number): number {
  return roundTiesEven(Math.fround(x) * ONE);
}

/** `round()`: half away from zero, to an integer-valued I32F32. */
export function round(raw: number): number {
  const whole = raw < 0 ? -Math.floor((-raw + HALF) / ONE) : Math.floor((raw + HALF) / ONE);
  return whole * ONE;
}

/** `saturating_to_num::<u16>()`: floor toward -infinity of the value, clamped to [0, 65535]. */
export function toU16(raw: number): number {
  const v = Math.floor(raw / ONE);
  return Math.min(Math.max(v, 0), 65535);
}

/** `fixed_proportion_to_u16`: floor(x * 65535) clamped to u16 (the on-chain storage of proportions). */
export function proportionToU16(raw: number): number {
  // x * I32F32(65535) is exact (65535 * 2^32 has no fractional bits), then truncation to u16.
  return toU16(raw * 65535);
}

/** `u16_proportion_to_fixed`: I32F32(u) / I32F32(65535), truncating. */
export function u16ProportionToFixed(u: number): number {
  return floorDivExact(u * ONE, 65535);
}

/** floor(n * 2^32 / d) for integers 0 <= n <= d < 2^20, d > 0: normalizing integer shares exactly. */
export function intRatio(n: number, d: number): number {
  return floorDivExact(n * ONE, d);
}

// ---------------------------------------------------------------------------------------------
// bigint reference path

function saturate(v: bigint): bigint {
  return v > I32F32_MAX_B ? I32F32_MAX_B : v < I32F32_MIN_B ? I32F32_MIN_B : v;
}

/** `saturating_mul`. */
export function mulB(a: bigint, b: bigint): bigint {
  return saturate((a * b) >> 32n);
}

/** `checked_mul`: undefined on overflow. */
export function checkedMulB(a: bigint, b: bigint): bigint | undefined {
  const r = (a * b) >> 32n;
  return r > I32F32_MAX_B || r < I32F32_MIN_B ? undefined : r;
}

/** `safe_div`: 0 when dividing by zero or on overflow. */
export function divB(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  const q = (a << 32n) / b;
  return q > I32F32_MAX_B || q < I32F32_MIN_B ? 0n : q;
}

/** `saturating_div`: clamps on overflow; division by zero saturates by the sign of the dividend. */
export function saturatingDivB(a: bigint, b: bigint): bigint {
  if (b === 0n) return a === 0n ? 0n : a > 0n ? I32F32_MAX_B : I32F32_MIN_B;
  return saturate((a << 32n) / b);
}

/** `checked_div`: undefined on division by zero or overflow. */
export function checkedDivB(a: bigint, b: bigint): bigint | undefined {
  if (b === 0n) return undefined;
  const q = (a << 32n) / b;
  return q > I32F32_MAX_B || q < I32F32_MIN_B ? undefined : q;
}

/** `saturating_add`. */
export function addB(a: bigint, b: bigint): bigint {
  return saturate(a + b);
}

/** e as `substrate_fixed` holds it: an I9F23 constant (23 fractional bits), widened to I32F32. */
export const E_I9F23_AS_I32F32_B = 22802600n << 9n;

/**
 * `substrate_fixed::transcendental::exp` for I32F32: 1 + x + sum_{i=2..31} t_i with
 * t_i = checked_mul(t_{i-1}, |x|) then checked_div by i; 1/result for negative x.
 * Returns undefined where the reference returns Err (overflow).
 */
export function expB(x: bigint): bigint | undefined {
  if (x === 0n) return ONE_B;
  if (x === ONE_B) return E_I9F23_AS_I32F32_B;
  const neg = x < 0n;
  const op = neg ? -x : x;
  let result = op + ONE_B;
  let term = op;
  for (let i = 2n; i < 32n; i++) {
    const t = checkedMulB(term, op);
    if (t === undefined) return undefined;
    const d = checkedDivB(t, i << 32n);
    if (d === undefined) return undefined;
    term = d;
    result = result + term;
    if (result > I32F32_MAX_B) return undefined;
  }
  if (neg) return checkedDivB(ONE_B, result);
  return result;
}

const EXP_CLAMP_B = 20n << 32n;

/** `exp_safe`: input clamped to [-20, 20]; on error 0 for non-positive input, max otherwise. */
export function expSafeB(x: bigint): bigint {
  const safe = x < -EXP_CLAMP_B ? -EXP_CLAMP_B : x > EXP_CLAMP_B ? EXP_CLAMP_B : x;
  const r = expB(safe);
  if (r === undefined) return safe <= 0n ? 0n : I32F32_MAX_B;
  return r;
}

/** Below this |x| (10.0) every term of the exp series fits the number path. */
const EXP_NUMBER_LIMIT = 10 * ONE;
const E_I9F23_AS_I32F32 = Number(E_I9F23_AS_I32F32_B);

/**
 * `exp` (the series) on the number path for |x| <= 10, where every term stays below 2^52;
 * identical results to `expB`. Returns undefined outside that range (use the bigint path).
 */
export function expSmall(x: number): number | undefined {
  if (x > EXP_NUMBER_LIMIT || x < -EXP_NUMBER_LIMIT) return undefined;
  if (x === 0) return ONE;
  if (x === ONE) return E_I9F23_AS_I32F32;
  const op = x < 0 ? -x : x;
  let result = op + ONE;
  let term = op;
  for (let i = 2; i < 32; i++) {
    // checked_div(term * op, i): the divisor has no fractional bits, so this is trunc(product / i).
    term = floorDivExact(mul(term, op), i);
    if (term === 0) break; // every later term is 0 as well
    result += term;
  }
  return x < 0 ? div(ONE, result) : result;
}

/** `exp_safe` with a number input; identical results to `expSafeB`. */
export function expSafe(x: number): bigint {
  const small = expSmall(x);
  return small === undefined ? expSafeB(BigInt(x)) : BigInt(small);
}

/** Raw bits (number path) from a decimal-string-free description: used by tests and parsers. */
export function isRaw(value: number): boolean {
  return Number.isInteger(value) && Math.abs(value) <= NUMBER_RAW_LIMIT;
}
