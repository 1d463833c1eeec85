/**
 * Canonical binary encoding of state values and transaction payloads: one byte string per value,
 * independent of object key order, so that hashes (state root, signing payloads) are deterministic.
 *
 * Tags: 0 null/undefined, 1 false, 2 true, 3 number (safe integer, zigzag LEB128), 4 bigint (sign +
 * magnitude LEB128), 5 string (UTF-8, length-prefixed), 6 bytes, 7 array (length + items),
 * 8 object (entry count + (key, value) sorted by key). Non-integer numbers are rejected: the chain
 * stores no floats.
 */

class Writer {
  private buf = new Uint8Array(256);
  private len = 0;

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  /** Unsigned LEB128 of a non-negative bigint. */
  uvarBig(v: bigint): void {
    let x = v;
    do {
      let b = Number(x & 0x7fn);
      x >>= 7n;
      if (x > 0n) b |= 0x80;
      this.byte(b);
    } while (x > 0n);
  }

  /** Unsigned LEB128 of a non-negative safe integer. */
  uvar(v: number): void {
    let x = v;
    while (x >= 0x80) {
      this.byte((x % 0x80) | 0x80);
      x = Math.floor(x / 0x80);
    }
    this.byte(x);
  }

  /** Writes an ASCII string as length + bytes and returns true; returns false (writing nothing) otherwise. */
  ascii(str: string): boolean {
    const n = str.length;
    for (let i = 0; i < n; i++) if (str.charCodeAt(i) > 0x7f) return false;
    this.uvar(n);
    this.ensure(n);
    for (let i = 0; i < n; i++) this.buf[this.len + i] = str.charCodeAt(i);
    this.len += n;
    return true;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  /** The bytes written so far (a view, valid until the next write or reset). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  reset(): void {
    this.len = 0;
  }
}

const utf8 = new TextEncoder();

function write(w: Writer, v: unknown): void {
  if (v === null || v === undefined) {
    w.byte(0);
  } else if (typeof v === "boolean") {
    w.byte(v ? 2 : 1);
  } else if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new TypeError(`cannot encode non-integer number ${v}`);
    w.byte(3);
    // zigzag keeps small negatives short
    w.uvar(v >= 0 ? v * 2 : -v * 2 - 1);
  } else if (typeof v === "bigint") {
    w.byte(4);
    w.byte(v < 0n ? 1 : 0);
    const m = v < 0n ? -v : v;
    // the same LEB128 bytes; number arithmetic while the magnitude is a safe integer
    if (m <= 9007199254740991n) w.uvar(Number(m));
    else w.uvarBig(m);
  } else if (typeof v === "string") {
    w.byte(5);
    if (!w.ascii(v)) {
      const b = utf8.encode(v);
      w.uvar(b.length);
      w.bytes(b);
    }
  } else if (v instanceof Uint8Array) {
    w.byte(6);
    w.uvar(v.length);
    w.bytes(v);
  } else if (Array.isArray(v)) {
    w.byte(7);
    w.uvar(v.length);
    for (const item of v) write(w, item);
  } else if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    w.byte(8);
    w.uvar(keys.length);
    for (const k of keys) {
      write(w, k);
      write(w, o[k]);
    }
  } else {
    throw new TypeError(`cannot encode a ${typeof v}`);
  }
}

/** The canonical bytes of a value. */
export function encode(value: unknown): Uint8Array {
  const w = new Writer();
  write(w, value);
  return w.finish();
}

const shared = new Writer();

/**
 * The canonical bytes of several values in sequence, in a shared buffer: a view valid only until the next
 * call (for hashing without allocating).
 */
export function encodeTransient(...values: unknown[]): Uint8Array {
  shared.reset();
  for (const v of values) write(shared, v);
  return shared.view();
}

const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * The value of canonical bytes (the inverse of `encode`): numbers, bigints, strings, byte arrays, arrays
 * and plain objects come back as they were encoded (object keys whose value was undefined are absent).
 * Throws a TypeError on malformed or trailing bytes. Used by the node to load stored state.
 */
export function decode(bytes: Uint8Array): unknown {
  let pos = 0;
  const byte = (): number => {
    const b = bytes[pos++];
    if (b === undefined) throw new TypeError("decode: unexpected end of input");
    return b;
  };
  const uvar = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = byte();
      result += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new TypeError("decode: length or number too large");
    }
    return result;
  };
  const uvarBig = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = byte();
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
  };
  const take = (n: number): Uint8Array => {
    if (pos + n > bytes.length) throw new TypeError("decode: unexpected end of input");
    const out = bytes.slice(pos, pos + n);
    pos += n;
    return out;
  };
  const read = (): unknown => {
    const tag = byte();
    switch (tag) {
      case 0:
        return null;
      case 1:
        return false;
      case 2:
        return true;
      case 3: {
        const z = uvar();
        return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      }
      case 4: {
        const negative = byte() === 1;
        const m = uvarBig();
        return negative ? -m : m;
      }
      case 5:
        return utf8Decoder.decode(take(uvar()));
      case 6:
        return take(uvar());
      case 7: {
        const n = uvar();
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(read());
        return out;
      }
      case 8: {
        const n = uvar();
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const key = read();
          if (typeof key !== "string") throw new TypeError("decode: object key is not a string");
          // a "__proto__" key is data, not the prototype
          Object.defineProperty(out, key, {
            value: read(),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return out;
      }
      default:
        throw new TypeError(`decode: unknown tag ${tag}`);
    }
  };
  const value = read();
  if (pos !== bytes.length) throw new TypeError("decode: trailing bytes");
  return value;
}
