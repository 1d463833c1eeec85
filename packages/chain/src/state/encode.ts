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
