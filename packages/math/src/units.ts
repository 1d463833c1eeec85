/** TAO and rao: 1 TAO = 10^9 rao. Amounts are bigint rao everywhere; these convert at the edges. */

export const RAO_PER_TAO = 1_000_000_000n;
const DECIMALS = 9;

/** Parses a decimal TAO amount ("1", "0.5", "12.000000001") to rao; throws on more than 9 decimals. */
export function parseTao(text: string): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m)
    throw new RangeError(`not a TAO amount: "${text}" (expected digits with an optional decimal point)`);
  const whole = m[1] ?? "0";
  const frac = m[2] ?? "";
  if (frac.length > DECIMALS)
    throw new RangeError(`"${text}" has more than ${DECIMALS} decimals (1 rao = 1e-9 TAO)`);
  return BigInt(whole) * RAO_PER_TAO + BigInt(frac.padEnd(DECIMALS, "0"));
}

/** Formats rao as a decimal TAO string without trailing zeros ("1.5", "0.000000001", "2"). */
export function formatTao(rao: bigint): string {
  const neg = rao < 0n;
  const abs = neg ? -rao : rao;
  const whole = abs / RAO_PER_TAO;
  const frac = (abs % RAO_PER_TAO).toString().padStart(DECIMALS, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}
