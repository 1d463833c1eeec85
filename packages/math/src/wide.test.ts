import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bondsMovingAverageAlpha, fixedTimesRao, normalizeStakeToI32F32 } from "./wide.js";

describe("wide fixed-point helpers", () => {
  it("normalizes stake as floor(2^32 * s / sum)", () => {
    assert.deepEqual(normalizeStakeToI32F32([1n, 1n, 1n]), [1431655765, 1431655765, 1431655765]);
    assert.deepEqual(normalizeStakeToI32F32([0n, 0n]), [0, 0]);
  });
  it("converts a proportion to rao with floor (1e9 split ten ways gives 99 999 999)", () => {
    const tenth = normalizeStakeToI32F32(Array.from({ length: 10 }, () => 1n))[0] ?? 0;
    assert.equal(fixedTimesRao(tenth, 1_000_000_000n), 99_999_999n);
    assert.equal(fixedTimesRao(2 ** 32, 1_000_000_000n), 1_000_000_000n);
  });
  it("derives the bonds EMA alpha from the moving average per million", () => {
    // 0.9 in I64F64 truncated to I32F32 is 3865470566; alpha = 2^32 - that.
    assert.equal(bondsMovingAverageAlpha(900_000), 2 ** 32 - 3865470566);
    assert.equal(bondsMovingAverageAlpha(0), 2 ** 32);
  });
});
