import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { formatTao, parseTao, RAO_PER_TAO } from "./units.js";

describe("TAO units", () => {
  it("parses decimal TAO to rao", () => {
    assert.equal(parseTao("1"), RAO_PER_TAO);
    assert.equal(parseTao("0.000000001"), 1n);
    assert.equal(parseTao("12.5"), 12_500_000_000n);
  });
  it("rejects malformed amounts and sub-rao precision", () => {
    assert.throws(() => parseTao("1.0000000001"), /more than 9 decimals/);
    assert.throws(() => parseTao("-1"), /not a TAO amount/);
    assert.throws(() => parseTao("abc"), /not a TAO amount/);
  });
  it("format and parse round-trip", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 21_000_000n * RAO_PER_TAO }),
        (r) => parseTao(formatTao(r)) === r,
      ),
    );
  });
});
