/** Port of the reference's `tests/block_emission.rs` (halving schedule), plus exact halving figures. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { State } from "../../state/state.js";
import { BlockEmission, TotalIssuance } from "../../storage.js";
import { blockContext } from "../../testing/coinbase-fixtures.js";
import { coinbaseBlockStep } from "../coinbase.js";
import { blockEmissionForIssuance as emission, mintableEmission, TOTAL_SUPPLY } from "./emission.js";

const S = TOTAL_SUPPLY;
const DEFAULT = 1_000_000_000n;
const U64_MAX = (1n << 64n) - 1n;

describe("block emission (tests/block_emission.rs)", () => {
  it("test_zero_issuance: the full default emission", () => {
    assert.equal(emission(0n), DEFAULT);
  });

  it("test_maximum_issuance: nothing at the total supply", () => {
    assert.equal(emission(S), 0n);
  });

  it("test_issuance_just_below_total_supply", () => {
    const e = emission(S - 1_000_000_000n);
    assert.ok(e > 0n && e < DEFAULT, `${e}`);
  });

  it("test_minimum_non_zero_issuance", () => {
    const e = emission(1n);
    assert.ok(e > 0n && e <= DEFAULT);
  });

  it("test_logarithm_calculation_boundary: half supply is the first halving", () => {
    assert.equal(emission(S / 2n - 1n), DEFAULT);
    assert.equal(emission(S / 2n), DEFAULT / 2n);
    assert.equal(emission(S / 2n + 1n), DEFAULT / 2n);
  });

  it("test_rounding_behavior", () => {
    assert.ok(emission(S / 4n) >= emission(S / 4n + 1n));
  });

  it("test_precision_loss: a unit of issuance moves emission by < 1000", () => {
    const i = S / 2n - 100_000_000_000n;
    const d = emission(i) - emission(i + 1n);
    assert.ok(d < 1000n && d > -1000n);
  });

  it("test_overflow_handling / test_maximum_u64_issuance", () => {
    assert.ok(emission(S - 1n) >= 0n);
    assert.equal(emission(U64_MAX), 0n);
  });

  it("test_underflow_handling / test_division_by_zero_prevention", () => {
    assert.ok(emission(1n) <= DEFAULT);
    assert.equal(emission(0n), DEFAULT);
    assert.equal(emission(S), 0n);
    assert.equal(emission(S + 1n), 0n);
  });

  it("test_emission_rate_decrease: non-increasing over tenths of the supply", () => {
    let last = U64_MAX;
    for (let k = 0n; k <= 10n; k++) {
      const e = emission(k * (S / 10n));
      assert.ok(e <= last);
      last = e;
    }
  });

  it("test_emission_at_key_milestones: 25 %, 50 %, 75 % strictly decreasing (1, 0.5, 0.25 TAO)", () => {
    assert.deepEqual([S / 4n, S / 2n, (3n * S) / 4n].map(emission), [
      1_000_000_000n,
      500_000_000n,
      250_000_000n,
    ]);
  });

  it("test_behavior_near_total_supply", () => {
    assert.ok(emission(S - 1_000_000_000n) > 0n);
    assert.equal(emission(S), 0n);
    assert.equal(emission(S + 1n), 0n);
  });

  it("test_very_small_emissions", () => {
    for (const d of [1_000_000_000n, 10_000_000_000n, 100_000_000_000n, 1_000_000_000_000n]) {
      const e = emission(S - d);
      assert.ok(e > 0n && e < 1_000_000_000n, `${d}: ${e}`);
    }
  });

  it("test_emission_values_across_issuance_range: monotone, never above the default", () => {
    let last = DEFAULT;
    for (let i = 0n; i < S; i += S / 100n) {
      const e = emission(i);
      assert.ok(e <= last && e <= DEFAULT);
      last = e;
    }
  });

  it("test_floating_point_precision_impact", () => {
    for (let i = 1n; i <= 10n; i++) assert.ok(emission(i) <= DEFAULT);
    for (let i = 1n; i <= 10n; i++) assert.ok(emission(S - i * 1_000_000_000n) > 0n);
    const base = emission(S / 2n);
    for (let i = 1n; i <= 10n; i++) assert.ok(base - emission(S / 2n + i) <= 1n);
  });

  it("test_output_stability", () => {
    const first = emission(1_000_000_000n);
    for (let i = 0; i < 100; i++) assert.equal(emission(1_000_000_000n), first);
  });

  it("halvings: 1 TAO below 10.5 M, then 0.5 / 0.25 / 0.125 at 10.5 M, 15.75 M, 18.375 M (chain.md §4.1)", () => {
    const TAO = 1_000_000_000n;
    assert.equal(emission(10_500_000n * TAO - 1n), TAO);
    assert.equal(emission(10_500_000n * TAO), TAO / 2n);
    assert.equal(emission(15_750_000n * TAO - 1n), TAO / 2n);
    assert.equal(emission(15_750_000n * TAO), TAO / 4n);
    assert.equal(emission(18_375_000n * TAO), TAO / 8n);
    assert.equal(emission(19_687_500n * TAO), TAO / 16n);
  });

  it("property: emission is 10^9 / 2^k, non-increasing in issuance", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: S + 10n }), fc.bigInt({ min: 0n, max: S }), (a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        assert.ok(emission(lo) >= emission(hi));
        const e = emission(a);
        if (e > 0n) {
          let k = 0n;
          while (DEFAULT >> k > e) k++;
          assert.equal(e, DEFAULT / (1n << k));
        }
      }),
    );
  });

  it("mint cap: never more than what keeps issuance at 21 M", () => {
    assert.equal(mintableEmission(0n), DEFAULT);
    assert.equal(mintableEmission(S - 1_000_000_000_000n), emission(S - 1_000_000_000_000n));
    assert.equal(mintableEmission(S), 0n);
    assert.equal(mintableEmission(S + 5n), 0n);
  });

  it("test_block_emission_storage_update: BlockEmission caches the block's emission", () => {
    const s = State.empty();
    TotalIssuance.set(s, S / 2n);
    coinbaseBlockStep(blockContext(s, 1));
    assert.equal(BlockEmission.get(s), DEFAULT / 2n);
    // Nothing is emitted to (no subnet): issuance unchanged, the cached value stays.
    coinbaseBlockStep(blockContext(s, 2));
    assert.equal(TotalIssuance.get(s), S / 2n);
    assert.equal(BlockEmission.get(s), DEFAULT / 2n);
  });
});
