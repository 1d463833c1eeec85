/**
 * A small protobuf (proto3) wire codec: enough for the ABCI messages (varints, length-delimited bytes,
 * strings and embedded messages). Field numbers come from CometBFT's `tendermint/abci/types.proto`
 * (v0.38); the schema itself is written in ./abci.ts.
 */

/** Appends fields in order; `finish()` returns the message bytes. */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  private push(b: Uint8Array): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  private varint(v: bigint | number): void {
    let n = BigInt.asUintN(64, BigInt(v));
    const out: number[] = [];
    while (n >= 0x80n) {
      out.push(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    out.push(Number(n));
    this.push(Uint8Array.from(out));
  }

  private tag(field: number, wire: 0 | 2): void {
    this.varint((field << 3) | wire);
  }

  /** uint32 / uint64 / int32 / int64 / enum / bool (proto3: zero values are not written). */
  uint(field: number, v: bigint | number | boolean): this {
    const n = typeof v === "boolean" ? (v ? 1 : 0) : v;
    if (n === 0 || n === 0n) return this;
    this.tag(field, 0);
    this.varint(n);
    return this;
  }

  bytes(field: number, v: Uint8Array | undefined): this {
    if (v === undefined || v.length === 0) return this;
    this.tag(field, 2);
    this.varint(v.length);
    this.push(v);
    return this;
  }

  string(field: number, v: string | undefined): this {
    return v === undefined || v === "" ? this : this.bytes(field, Buffer.from(v, "utf8"));
  }

  /** An embedded message, written even when empty (needed for oneof members such as `flush`). */
  message(field: number, w: ProtoWriter): this {
    const b = w.finish();
    this.tag(field, 2);
    this.varint(b.length);
    this.push(b);
    return this;
  }

  finish(): Uint8Array {
    return Buffer.concat(this.chunks, this.length);
  }
}

export interface ProtoField {
  readonly field: number;
  /** A varint value (wire type 0), or the bytes of a length-delimited one (wire type 2). */
  readonly value: bigint | Uint8Array;
}

export class ProtoError extends Error {
  override readonly name = "ProtoError";
}

/** Reads an unsigned varint at `pos`; returns [value, next position] or undefined if incomplete. */
export function readVarint(buf: Uint8Array, pos: number): [bigint, number] | undefined {
  let result = 0n;
  let shift = 0n;
  for (let i = pos; i < buf.length; i++) {
    const b = buf[i] as number;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, i + 1];
    shift += 7n;
    if (shift > 63n) throw new ProtoError("varint too long");
  }
  return undefined;
}

export function encodeVarint(v: number): Uint8Array {
  const out: number[] = [];
  let n = v;
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Uint8Array.from(out);
}

/** Splits a message into its fields (unknown wire types 1 and 5 are skipped). */
export function readFields(buf: Uint8Array): ProtoField[] {
  const out: ProtoField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const t = readVarint(buf, pos);
    if (!t) throw new ProtoError("truncated tag");
    const field = Number(t[0] >> 3n);
    const wire = Number(t[0] & 7n);
    pos = t[1];
    if (wire === 0) {
      const v = readVarint(buf, pos);
      if (!v) throw new ProtoError("truncated varint");
      out.push({ field, value: v[0] });
      pos = v[1];
    } else if (wire === 2) {
      const l = readVarint(buf, pos);
      if (!l) throw new ProtoError("truncated length");
      const end = l[1] + Number(l[0]);
      if (end > buf.length) throw new ProtoError("truncated bytes");
      out.push({ field, value: buf.subarray(l[1], end) });
      pos = end;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new ProtoError(`unsupported wire type ${wire}`);
  }
  return out;
}

/** Typed access to the fields of one message. */
export class ProtoReader {
  private readonly fields: ProtoField[];

  constructor(buf: Uint8Array) {
    this.fields = readFields(buf);
  }

  private last(field: number): ProtoField | undefined {
    for (let i = this.fields.length - 1; i >= 0; i--)
      if (this.fields[i]?.field === field) return this.fields[i];
    return undefined;
  }

  /** An int64 / uint64 (two's complement for negative int64). */
  int(field: number): bigint {
    const f = this.last(field);
    return typeof f?.value === "bigint" ? BigInt.asIntN(64, f.value) : 0n;
  }

  num(field: number): number {
    return Number(this.int(field));
  }

  bytes(field: number): Uint8Array {
    const f = this.last(field);
    return f?.value instanceof Uint8Array ? f.value : new Uint8Array(0);
  }

  string(field: number): string {
    return Buffer.from(this.bytes(field)).toString("utf8");
  }

  has(field: number): boolean {
    return this.last(field) !== undefined;
  }

  repeatedBytes(field: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const f of this.fields) if (f.field === field && f.value instanceof Uint8Array) out.push(f.value);
    return out;
  }

  message(field: number): ProtoReader {
    return new ProtoReader(this.bytes(field));
  }

  /** The first field present among `fields` (a oneof). */
  oneof(fields: readonly number[]): number | undefined {
    for (const f of this.fields) if (fields.includes(f.field)) return f.field;
    return undefined;
  }
}
