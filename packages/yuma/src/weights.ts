/**
 * How the chain stores a submitted weight row: `vec_u16_max_upscale_to_u16` (the rule `set_weights`
 * applies before storing, reference math.rs). The values become I32F32 integers; with max m > 32768 each
 * value is multiplied by the truncated ratio 65535 / m, else value * 65535 is divided (truncating) by m;
 * both are then rounded half away from zero and saturated to u16. An all-zero row stays zero.
 */
const U16_MAX = 65535;
const ONE = 1n << 32n;
const HALF = 1n << 31n;

export function maxUpscaleU16(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const max = BigInt(values.reduce((m, v) => Math.max(m, v), 0));
  if (max === 0n) return values.map(() => 0);
  const u16Max = BigInt(U16_MAX);
  const toU16 = (raw: bigint): number => {
    const rounded = (raw + HALF) / ONE; // non-negative: half away from zero, then to integer
    return rounded > u16Max ? U16_MAX : Number(rounded);
  };
  if (max > 32_768n) {
    const ratio = (u16Max << 32n) / max; // safe_div of two integers, truncating
    return values.map((v) => toU16(BigInt(v) * ratio));
  }
  return values.map((v) => toU16(((BigInt(v) * u16Max) << 32n) / max));
}
