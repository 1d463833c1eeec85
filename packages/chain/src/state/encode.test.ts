import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { encode, encodeTransient } from "./encode.js";

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
