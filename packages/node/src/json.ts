/**
 * JSON for the wire: bigint values (rao, alpha, I96F32 raw bits) become decimal strings, byte arrays
 * become 0x-hex strings. Nothing else is changed.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString("hex")}`;
    return v;
  });
}

/** The same conversion as a value (for building responses that are serialized later). */
export function jsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString("hex")}`;
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = jsonValue(v);
    return out;
  }
  return value;
}
