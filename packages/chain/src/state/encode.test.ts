import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { decode, encode, encodeTransient } from "./encode.js";

describe("canonical encoding", () => {
  it("does not depend on object key order", () => {
    assert.deepEqual(encode({ a: 1, b: [2n, "x"] }), encode({ b: [2n, "x"], a: 1 }));
  });
  it("distinguishes types and values", () => {
    const values: unknown[] = [
      0,
      0n,
      "0",
      false,
      null,
      [],
      {},
      [0],
      -1,
      -1n,
      2n ** 70n,
      "é",
      new Uint8Array([0]),
    ];
    const encoded = values.map((v) => Buffer.from(encode(v)).toString("hex"));
    assert.equal(new Set(encoded).size, values.length);
  });
  it("is injective on random JSON-like values, and the transient form has the same bytes", () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.integer(), fc.bigInt(), fc.string(), fc.boolean(), fc.constant(null)),
      node: fc.oneof({ depthSize: "small" }, tie("leaf"), fc.array(tie("node"), { maxLength: 4 })),
    })).node;
    fc.assert(
      fc.property(value, value, (a, b) => {
        const ea = Buffer.from(encode(a));
        assert.deepEqual(Buffer.from(encodeTransient(a)), ea);
        if (
          JSON.stringify(a, (_, v) => (typeof v === "bigint" ? `${v}n` : v)) !==
          JSON.stringify(b, (_, v) => (typeof v === "bigint" ? `${v}n` : v))
        ) {
          assert.notDeepEqual(ea, Buffer.from(encode(b)));
        }
      }),
      { numRuns: 500 },
    );
  });
  it("rejects floats", () => {
    assert.throws(() => encode(0.5), /non-integer/);
  });
});

describe("decode", () => {
  const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    leaf: fc.oneof(
      fc.constant(null),
      fc.boolean(),
      // the zigzag form of a number is exact for |v| <= 2^52 (the chain's numbers are far smaller)
      fc.integer({ min: -(2 ** 52), max: 2 ** 52 }),
      fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
      fc.string({ unit: "grapheme" }),
      fc.uint8Array({ maxLength: 40 }),
    ),
    node: fc.oneof(
      { depthSize: "small" },
      tie("leaf"),
      fc.array(tie("node"), { maxLength: 5 }),
      fc.dictionary(fc.string(), tie("node"), { maxKeys: 5, noNullPrototype: true }),
    ),
  })).node;

  it("is the inverse of encode (property)", () => {
    fc.assert(
      fc.property(value, (v) => {
        const bytes = encode(v);
        const back = decode(bytes);
        assert.deepEqual(encode(back), bytes);
        assert.deepEqual(back, v);
      }),
      { numRuns: 300 },
    );
  });

  it("rejects truncated, trailing and unknown bytes", () => {
    const bytes = encode({ a: [1n, "x"] });
    assert.throws(() => decode(bytes.subarray(0, bytes.length - 1)), /end of input/);
    assert.throws(() => decode(new Uint8Array([...bytes, 0])), /trailing/);
    assert.throws(() => decode(new Uint8Array([9])), /unknown tag/);
    const proto = decode(encode(JSON.parse('{"__proto__": 1}'))) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(proto), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(proto, "__proto__")?.value, 1);
  });
});
