/**
 * The fixed-point types the coinbase computes in, as bigint raw bits (value = raw / 2^frac):
 * U96F32 / I96F32 (32 fractional bits) and U64F64 (64 fractional bits). The reference uses
 * `substrate_fixed`: multiplication floors, division truncates (all operands here are non-negative,
 * so truncation is floor), conversion to an integer floors and saturates at 0, conversions between
 * the types drop the extra fractional bits (floor).
 */

/** U96F32 / I96F32 raw bits of 1.0. */
export const ONE32 = 1n << 32n;
/** U96F32 raw bits of 0.5. */
export const HALF32 = 1n << 31n;
/** U64F64 raw bits of 1.0. */
export const ONE64 = 1n << 64n;
export const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;

const sat = (v: bigint): bigint => (v < 0n ? 0n : v > U128_MAX ? U128_MAX : v);

/** U96F32 arithmetic. */
export const u96 = {
  fromInt: (x: bigint): bigint => sat(x << 32n),
  /** `saturating_mul`: floor((a·b) / 2^32). */
  mul: (a: bigint, b: bigint): bigint => sat((a * b) >> 32n),
  /** `checked_div`: null on division by zero. */
  div: (a: bigint, b: bigint): bigint | null => (b === 0n ? null : sat((a << 32n) / b)),
  /** `safe_div_or(b, or)`. */
  divOr: (a: bigint, b: bigint, or: bigint): bigint => (b === 0n ? or : sat((a << 32n) / b)),
  add: (a: bigint, b: bigint): bigint => sat(a + b),
  /** `saturating_sub` (unsigned: never below 0). */
  sub: (a: bigint, b: bigint): bigint => (a > b ? a - b : 0n),
  /** `saturating_to_num::<u64>()`: floor, clamped to [0, u64::MAX]. */
  toU64: (a: bigint): bigint => {
    if (a <= 0n) return 0n;
    const v = a >> 32n;
    return v > U64_MAX ? U64_MAX : v;
  },
  /** U64F64 → U96F32 (floor). */
  fromU64F64: (a: bigint): bigint => (a <= 0n ? 0n : a >> 32n),
};

/** U64F64 arithmetic. */
export const u64f64 = {
  fromInt: (x: bigint): bigint => (x << 64n > U128_MAX ? U128_MAX : x << 64n),
  mul: (a: bigint, b: bigint): bigint => sat((a * b) >> 64n),
  div: (a: bigint, b: bigint): bigint | null => (b === 0n ? null : sat((a << 64n) / b)),
  sub: (a: bigint, b: bigint): bigint => (a > b ? a - b : 0n),
  /** U96F32 / I96F32 → U64F64 (exact; negative saturates to 0). */
  fromU96F32: (a: bigint): bigint => (a <= 0n ? 0n : sat(a << 32n)),
};

/** The smaller of two bigints (Math.min does not take bigints). */
export function minBig(a: bigint, b: bigint): bigint {
  if (a < b) return a;
  return b;
}

/** `U96F32(u16) / U96F32(65535)`: a u16 proportion (take, owner cut) as U96F32. */
export function u16ProportionU96(value: number): bigint {
  return (BigInt(value) << 32n) / 65535n;
}

/** `U96F32(u64) / U96F32(u64::MAX)`: a u64 proportion (TaoWeight) as U96F32. */
export function u64ProportionU96(value: bigint): bigint {
  return (value << 32n) / U64_MAX;
}
