/**
 * Block emission and its halving schedule (chain.md §4.1; reference `block_emission.rs`,
 * `coinbase/tao.rs`), computed in I96F32 exactly as the reference does:
 *
 *   E(I) = 0 if I ≥ 21 M TAO, else 10^9 / 2^k with k = floor(log2(1 / (1 − I / 21 M)))
 *
 * The quotient I / 21 M and the inverse truncate to 32 fractional bits, and the integer part of the
 * logarithm comes from `substrate_fixed`'s `log2`: halve with rounding (half up) while the value is at
 * least 2, counting the halvings. Just below a power of two the rounding can count one more halving
 * than the exact logarithm; that is what the reference does, so it is what this does.
 * The same function gives each subnet's alpha emission from its alpha issuance.
 */

/** TotalSupply: 21 000 000 TAO in rao. Issuance never exceeds it. */
export const TOTAL_SUPPLY = 21_000_000_000_000_000n;
/** DefaultBlockEmission: 1 TAO per block before the first halving. */
export const DEFAULT_BLOCK_EMISSION = 1_000_000_000n;

const ONE = 1n << 32n;
const TWO = 2n << 32n;

/** `get_block_emission_for_issuance`: rao (or alpha-rao) emitted per block at this issuance. */
export function blockEmissionForIssuance(issuance: bigint): bigint {
  if (issuance >= TOTAL_SUPPLY) return 0n;
  // I / (2 · 10.5e15) in I96F32: floor(I · 2^32 / S).
  const ratio = (issuance << 32n) / TOTAL_SUPPLY;
  // 1 − ratio > 0 because I < S.
  const rest = ONE - ratio;
  // 1 / rest: floor(2^64 / rest) raw.
  let x = (ONE << 32n) / rest;
  // floor(log2(x)): substrate_fixed halves with rounding while x ≥ 2.
  let k = 0n;
  while (x >= TWO) {
    k += 1n;
    x = (x >> 1n) + (x & 1n);
  }
  // 1 / 2^k in I96F32 (floor) times DefaultBlockEmission, floored to an integer.
  if (k >= 64n) return 0n;
  const multiplier = ONE << k;
  const percentage = (ONE << 32n) / multiplier;
  return (percentage * (DEFAULT_BLOCK_EMISSION << 32n)) >> 64n;
}

/** The TAO that may be minted at this issuance: the block emission, capped so issuance stays ≤ 21 M. */
export function mintableEmission(totalIssuance: bigint): bigint {
  const emission = blockEmissionForIssuance(totalIssuance);
  const room = TOTAL_SUPPLY - totalIssuance;
  if (room <= 0n) return 0n;
  return emission < room ? emission : room;
}
