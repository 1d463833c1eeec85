import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import * as fx from "./i32f32.js";

const ONE = fx.ONE;
/** Raw values in the number domain, biased toward the epoch's range [0, 1]. */
const proportion = fc.integer({ min: 0, max: ONE });
const domain = fc.oneof(
  proportion,
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.integer({ min: 0, max: 65535 }).map((w) => w * ONE),
);

describe("I32F32 number path agrees with the bigint reference", () => {
  it("mul is floor(a*b/2^32) for mixed signs", () => {
    fc.assert(
      fc.property(domain, domain, (a, b) => {
        const ref = fx.mulB(BigInt(a), BigInt(b));
        fc.pre(ref >= -(2n ** 52n) && ref <= 2n ** 52n);
        assert.equal(BigInt(fx.mul(a, b)), ref);
      }),
      { numRuns: 20000 },
    );
  });

  it("mul on products that need the split path", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2 ** 26, max: 2 ** 40 }),
        fc.integer({ min: 2 ** 26, max: 2 ** 33 }),
        (a, b) => {
          assert.equal(BigInt(fx.mul(a, b)), fx.mulB(BigInt(a), BigInt(b)));
          assert.equal(BigInt(fx.mul(-a, b)), fx.mulB(BigInt(-a), BigInt(b)));
        },
      ),
      { numRuns: 20000 },
    );
  });

  it("div is trunc(a*2^32/b), 0 on division by zero", () => {
    fc.assert(
      fc.property(domain, domain, (a, b) => {
        const ref = fx.divB(BigInt(a), BigInt(b));
        fc.pre(ref >= -(2n ** 52n) && ref <= 2n ** 52n);
        assert.equal(BigInt(fx.div(a, b)), ref);
      }),
      { numRuns: 20000 },
    );
    assert.equal(fx.div(ONE, 0), 0);
  });

  it("div on the fast path with divisors of any size", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 37 - 1 }), fc.integer({ min: 1, max: 2 ** 52 }), (a, b) => {
        const ref = fx.divB(BigInt(a), BigInt(b));
        fc.pre(ref <= 2n ** 52n);
        assert.equal(BigInt(fx.div(a, b)), ref);
      }),
      { numRuns: 50000 },
    );
  });

  it("div with large dividends", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 52 }),
        fc.integer({ min: 2 ** 36, max: 2 ** 52 }),
        (a, b) => {
          assert.equal(BigInt(fx.div(a, b)), fx.divB(BigInt(a), BigInt(b)));
        },
      ),
    );
  });

  it("expSafe equals the bigint series everywhere", () => {
    fc.assert(
      fc.property(fc.integer({ min: -25 * ONE, max: 25 * ONE }), (x) => {
        assert.equal(fx.expSafe(x), fx.expSafeB(BigInt(x)));
      }),
      { numRuns: 3000 },
    );
  });

  it("u16 proportions round-trip by the chain's truncation rules", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), (u) => {
        const x = fx.u16ProportionToFixed(u);
        assert.equal(BigInt(x), fx.divB(BigInt(u) << 32n, 65535n << 32n));
        // Reading a stored proportion back and storing it again loses at most one unit.
        const back = fx.proportionToU16(x);
        assert.ok(back === u || back === u - 1);
      }),
    );
  });
});

describe("I32F32 conversions", () => {
  it("fromF64 rounds to nearest, ties to even", () => {
    assert.equal(fx.fromF64(0.5), 2 ** 31);
    assert.equal(fx.fromF64(1 / 3), 1431655765);
    assert.equal(fx.fromF64(2 ** -33), 0); // exactly half an ulp: tie to even (0)
    assert.equal(fx.fromF64(3 * 2 ** -33), 2); // 1.5 ulp: tie to even (2)
  });

  it("fromF32 rounds the literal to f32 first", () => {
    assert.equal(fx.fromF32(0.1), fx.fromF64(Math.fround(0.1)));
    assert.notEqual(fx.fromF32(0.1), fx.fromF64(0.1));
  });

  it("round is half away from zero", () => {
    assert.equal(fx.round(fx.fromF64(2.5)), 3 * ONE);
    assert.equal(fx.round(fx.fromF64(-2.5)), -3 * ONE);
    assert.equal(fx.round(fx.fromF64(2.49)), 2 * ONE);
  });

  it("toU16 floors and saturates", () => {
    assert.equal(fx.toU16(-5 * ONE), 0);
    assert.equal(fx.toU16(70000 * ONE), 65535);
    assert.equal(fx.toU16(fx.fromF64(12.9)), 12);
  });

  it("exp of 1 is e with 23 fractional bits, as substrate_fixed's constant", () => {
    assert.equal(fx.expSafe(ONE), 22802600n << 9n);
    assert.equal(fx.expSafe(0), fx.ONE_B);
  });

  it("exp_safe clamps to [-20, 20]", () => {
    assert.equal(fx.expSafeB(100n << 32n), fx.expSafeB(20n << 32n));
    assert.equal(fx.expSafeB(-100n << 32n), fx.expSafeB(-20n << 32n));
    // The 31-term series is accurate for small inputs (and, as in the reference, not near the clamp).
    const e2 = Number(fx.expSafe(2 * ONE)) / ONE;
    assert.ok(Math.abs(e2 - Math.exp(2)) < 1e-6);
    const e20 = Number(fx.expSafeB(20n << 32n)) / ONE;
    assert.ok(e20 < Math.exp(20) && e20 > 1e8);
  });
});
