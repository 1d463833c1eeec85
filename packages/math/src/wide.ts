/**
 * The wider fixed-point types the epoch touches at its edges, as bigint raw bits:
 * I64F64 (stake normalization) and I96F32 (converting normalized emission to rao).
 */

const U64_MAX = (1n << 64n) - 1n;

/**
 * Stake normalization as the epoch does it: each u64 stake becomes I64F64, is divided by the sum
 * (`(a << 64) / sum`, truncating) and converted to I32F32 by dropping 32 fractional bits (floor).
 * Net effect: floor(2^32 * stake_i / sum). All zeros when the sum is zero. Returns I32F32 raw numbers.
 */
export function normalizeStakeToI32F32(stakes: readonly bigint[]): number[] {
  let sum = 0n;
  for (const s of stakes) sum += s;
  if (sum === 0n) return stakes.map(() => 0);
  return stakes.map((s) => Number((s << 32n) / sum));
}

/**
 * `I96F32::from(x) * I96F32::from(rao)` then `saturating_to_num::<u64>()`:
 * floor(x_raw * rao / 2^32), clamped to [0, u64::MAX]. `xRaw` is an I32F32 raw value.
 */
export function fixedTimesRao(xRaw: number, rao: bigint): bigint {
  if (xRaw <= 0 || rao === 0n) return 0n;
  const v = (BigInt(xRaw) * rao) >> 32n;
  return v > U64_MAX ? U64_MAX : v;
}

/** `I64F64(bma) / I64F64(1_000_000)` converted to I32F32 (floor), then `1 - that`: the bonds EMA alpha. */
export function bondsMovingAverageAlpha(bondsMovingAverage: number): number {
  const ratio64 = (BigInt(bondsMovingAverage) << 64n) / 1_000_000n;
  const ratio32 = ratio64 >> 32n;
  return Number((1n << 32n) - ratio32);
}
