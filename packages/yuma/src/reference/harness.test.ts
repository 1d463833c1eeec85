/**
 * Checks of the test harness itself against the reference: the weight max-upscale that `set_weights`
 * applies before storing (`vec_u16_max_upscale_to_u16`, vectors from `tests/math.rs` plus the stored
 * weights of the epoch tests) and the mock-side conversions the ported tests rely on.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fx } from "@taonet/math";
import {
  alphaToU16,
  assertApproxFx,
  assertPrinted,
  assertPrintedRows,
  assertPrintedVector,
  distributeNodes,
  effectiveActivityCutoff,
  formatFixed,
  maxUpscaleU16,
} from "../testing/harness.js";
import { readVectorFile } from "../testing/vectors.js";

interface UpscaleItem {
  input_u16: number[];
  expected: number[];
}

const math = readVectorFile("math_primitives.json") as {
  cases: Array<{ id: string; items: UpscaleItem[] }>;
};
const upscale = math.cases.find((c) => c.id === "vec_u16_max_upscale_to_u16");

describe("harness: vec_u16_max_upscale_to_u16", () => {
  it("has the vector case", () => {
    assert.ok(upscale && upscale.items.length > 0);
  });
  for (const [k, item] of (upscale?.items ?? []).entries()) {
    it(`item ${k}: [${item.input_u16.join(", ")}]`, () => {
      assert.deepEqual(maxUpscaleU16(item.input_u16), item.expected);
    });
  }
  it("keeps the stored values of the Yuma-3 and log tests", () => {
    assert.deepEqual(maxUpscaleU16([65535, 0]), [65535, 0]);
    assert.deepEqual(maxUpscaleU16([32767, 0, 32767]), [65535, 0, 65535]);
    assert.deepEqual(maxUpscaleU16([127, 127]), [65535, 65535]);
    assert.deepEqual(maxUpscaleU16([]), []);
  });
});

describe("harness: mock conversions", () => {
  it("set_alpha_values_32(0.1, 0.3) stores floor(x * 65535)", () => {
    assert.equal(alphaToU16(0.1), 6553);
    assert.equal(alphaToU16(0.3), 19660);
  });
  it("effective activity cutoff from the per-mille factor", () => {
    assert.equal(effectiveActivityCutoff(360, 13_889), 5000);
    assert.equal(effectiveActivityCutoff(1, 13_889), 13);
    assert.equal(effectiveActivityCutoff(0, 13_889), 1);
    assert.equal(effectiveActivityCutoff(65534, 13_889), 910201);
  });
  it("distribute_nodes layouts", () => {
    assert.deepEqual(distributeNodes(2, 8, 0), { validators: [0, 1], servers: [2, 3, 4, 5, 6, 7] });
    assert.deepEqual(distributeNodes(2, 8, 1), { validators: [0, 4], servers: [1, 2, 3, 5, 6, 7] });
    const random = distributeNodes(4, 8, 2);
    assert.deepEqual(
      [...random.validators, ...random.servers].sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7],
    );
  });
});

describe("harness: assertions in the reference's terms", () => {
  const twoThirds = Math.floor((2 * 2 ** 32) / 3); // 0.66666666651...
  it("I32F32 printed as the reference prints it", () => {
    assertPrinted(twoThirds, "0.6666666665", "two thirds");
    assert.equal(formatFixed(Math.floor(2 ** 32 / 3)), "0.3333333333");
    assert.equal(formatFixed(2 ** 32), "1");
    assert.equal(formatFixed(0), "0");
    assert.equal(formatFixed(2 ** 30), "0.25");
    assert.throws(() => assertPrinted(twoThirds, "0.6666666666", "two thirds"));
    assert.throws(() => assertPrinted(twoThirds, "0.667", "two thirds"));
    assert.throws(() => assertPrinted(twoThirds + 1, "0.6666666665", "two thirds plus one ulp"));
    assertPrinted(2 ** 31, "0.5", "half");
    assert.throws(() => assertPrinted(2 ** 31 - 1, "0.5", "half minus one ulp"));
  });
  it("printed vectors and rows", () => {
    assertPrintedVector([0, 2 ** 32, twoThirds], "[0, 1, 0.6666666665]", "vector");
    assert.throws(() => assertPrintedVector([0, 2 ** 32], "[0, 1, 0]", "vector"));
    const rows: Array<Array<[number, number]>> = [
      [
        [3, 2 ** 32],
        [4, 0],
      ],
      [],
      [[2, 2 ** 31]],
    ];
    assertPrintedRows(rows, "[[(3, 1), (4, 0)], [], [(2, 0.5)]]", "rows");
    assert.throws(() => assertPrintedRows(rows, "[[(3, 1)], [], [(2, 0.5)]]", "rows"));
    assert.throws(() => assertPrintedRows(rows, "[[(3, 1), (4, 0)], [], [(3, 0.5)]]", "rows"));
    assert.throws(() => assertPrintedRows(rows, "[[(3, 1), (4, 0)], [(2, 0.5)]]", "rows"));
  });
  it("assert_approx_eq", () => {
    const eps = fx.fromF64(1e-3);
    assertApproxFx(fx.fromF64(0.1013), fx.fromF32(0.1013), eps, "equal");
    assert.throws(() => assertApproxFx(fx.fromF64(0.1025), fx.fromF32(0.1013), eps, "off by 1.2e-3"));
  });
});
