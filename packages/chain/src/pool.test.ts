import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { ChainError } from "./errors.js";
import { ACCURACY } from "./pool/balancer.js";
import {
  buyAlpha,
  injectLiquidity,
  maxAddAmount,
  maxRemoveAmount,
  priceRao,
  quoteBuy,
  quoteSell,
  sellAlpha,
  simulateSwap,
  spotPrice,
  spotPriceU64F64,
} from "./pool.js";
import { State } from "./state/state.js";
import { SubnetAlphaIn, SubnetAlphaOut, SubnetTAO, SwapBalancer } from "./storage.js";
import { setupSubnetForTest } from "./testing/subnet.js";

const TAO = 1_000_000_000n;
const NET = 1;

function pool(tao: bigint, alpha: bigint, quoteWeight = ACCURACY / 2n): State {
  const s = State.empty();
  setupSubnetForTest(s, NET, { taoReserve: tao, alphaReserve: alpha });
  SwapBalancer.set(s, NET, quoteWeight);
  return s;
}

/** (w_b/w_q)·(y/x) in rao per alpha, from the storage with plain rationals. */
function expectedPriceRao(s: State): number {
  const wq = Number(SwapBalancer.get(s, NET)) / 1e18;
  return ((((1 - wq) / wq) * Number(SubnetTAO.get(s, NET))) / Number(SubnetAlphaIn.get(s, NET))) * 1e9;
}

describe("pool: the weighted pool on the chain's storage", () => {
  it("prices at (w_b/w_q)·(y/x); root and stable subnets at 1", () => {
    const s = pool(100n * TAO, 400n * TAO);
    assert.equal(priceRao(s, NET), 250_000_000n);
    assert.equal(spotPrice(s, NET), 1n << 30n); // 0.25 in I96F32
    SwapBalancer.set(s, NET, ACCURACY / 4n); // w_q = 0.25: price = 3 · 0.25
    assert.equal(priceRao(s, NET), 750_000_000n);
    assert.equal(spotPriceU64F64(s, 0), 1n << 64n);
    assert.equal(priceRao(s, 0), TAO);
  });

  it("a buy moves the reserves as the reference books them (§5.4) and pays the fee outside the pool", () => {
    const s = pool(100n * TAO, 400n * TAO);
    const quoted = quoteBuy(s, NET, 10n * TAO);
    const r = buyAlpha(s, NET, 10n * TAO);
    assert.deepEqual(r, quoted);
    assert.equal(r.fee, (10n * TAO * 33n) / 65535n);
    assert.equal(SubnetTAO.get(s, NET), 110n * TAO - r.fee);
    assert.equal(SubnetAlphaIn.get(s, NET), 400n * TAO - r.out);
    assert.equal(SubnetAlphaOut.get(s, NET), r.out);
    // at 0.5/0.5 the output is the constant-product one, within the reference's rounding of the power
    const net = 10n * TAO - r.fee;
    const cp = (400n * TAO * net) / (100n * TAO + net);
    assert.ok(r.out <= cp && cp - r.out <= 1n, `${r.out} vs ${cp}`);
  });

  it("a sell returns the alpha fee to the caller and quoteSell prices the fee's own sale", () => {
    const s = pool(100n * TAO, 400n * TAO);
    const q = quoteSell(s, NET, 20n * TAO);
    assert.ok(q);
    const r = sellAlpha(s, NET, 20n * TAO);
    assert.equal(r.out, q.out);
    assert.equal(r.fee, q.fee);
    assert.equal(SubnetAlphaIn.get(s, NET), 420n * TAO - r.fee);
    assert.equal(sellAlpha(s, NET, r.fee, true).out, q.feeTao);
  });

  it("refuses a swap that would pass the price limit instead of losing the refund", () => {
    const s = pool(10n * TAO, 10n * TAO);
    const before = s.dump();
    assert.equal(quoteBuy(s, NET, 9_999n * TAO).out, 0n);
    assert.throws(
      () => buyAlpha(s, NET, 9_999n * TAO),
      (e: unknown) => e instanceof ChainError && e.code === "InsufficientLiquidity",
    );
    assert.deepEqual(s.dump(), before);
    // a pool below MinimumReserve refuses anything
    SubnetAlphaIn.set(s, NET, 999_999n);
    assert.throws(
      () => buyAlpha(s, NET, TAO),
      (e: unknown) => e instanceof ChainError && e.code === "ReservesTooLow",
    );
    assert.equal(quoteSell(pool(999_999n, 10n * TAO), NET, TAO), null);
  });

  it("injection re-weights the pool so that the price does not move (§5.2)", () => {
    const s = pool(1_000n * TAO, 4_000n * TAO);
    const p0 = spotPriceU64F64(s, NET);
    assert.equal(injectLiquidity(s, NET, 3n * TAO, 2n * TAO), true);
    const w = SwapBalancer.get(s, NET);
    assert.notEqual(w, ACCURACY / 2n);
    assert.equal(SubnetTAO.get(s, NET), 1_003n * TAO);
    assert.equal(SubnetAlphaIn.get(s, NET), 4_002n * TAO);
    const p1 = spotPriceU64F64(s, NET);
    const diff = p1 > p0 ? p1 - p0 : p0 - p1;
    assert.ok(diff * 1_000_000_000_000n <= p0, `price moved from ${p0} to ${p1}`);
    // the weight the reference's test expects: y' / (x'·p + y')
    const expected = 1_003 / (4_002 * 0.25 + 1_003);
    assert.ok(Math.abs(Number(w) / 1e18 - expected) < 1e-15);
  });

  it("an injection that would push a weight outside [0.01, 0.99] keeps the weights (the reserves still grow)", () => {
    const s = pool(1_000n * TAO, 1_000n * TAO);
    assert.equal(injectLiquidity(s, NET, 500_000n * TAO, 0n), false);
    assert.equal(SwapBalancer.get(s, NET), ACCURACY / 2n);
    assert.equal(SubnetTAO.get(s, NET), 501_000n * TAO);
  });

  it("the most a limit order may buy stops at or below the limit, one rao more does not (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 10n * TAO, max: 1_000_000n * TAO }),
        fc.bigInt({ min: 10n * TAO, max: 1_000_000n * TAO }),
        fc.integer({ min: 5, max: 95 }),
        fc.integer({ min: 101, max: 400 }),
        (tao, alpha, wPercent, upPercent) => {
          const s = pool(tao, alpha, (ACCURACY * BigInt(wPercent)) / 100n);
          const limit = (priceRao(s, NET) * BigInt(upPercent)) / 100n;
          const max = maxAddAmount(s, NET, limit);
          if (max === 0n) return true;
          const fork = s.fork();
          try {
            buyAlpha(fork, NET, max);
          } catch {
            return true; // the pool refuses (e.g. too deep into its range): no execution at all
          }
          assert.ok(priceRao(fork, NET) <= limit, `bought ${max}, price ${priceRao(fork, NET)} > ${limit}`);
          return true;
        },
      ),
      { numRuns: 60 },
    );
  });

  it("the most a limit order may sell keeps the price (after the fee's own sale) at or above the limit (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 10n * TAO, max: 1_000_000n * TAO }),
        fc.bigInt({ min: 10n * TAO, max: 1_000_000n * TAO }),
        fc.integer({ min: 5, max: 95 }),
        fc.integer({ min: 30, max: 99 }),
        (tao, alpha, wPercent, downPercent) => {
          const s = pool(tao, alpha, (ACCURACY * BigInt(wPercent)) / 100n);
          const limit = (priceRao(s, NET) * BigInt(downPercent)) / 100n;
          const max = maxRemoveAmount(s, NET, limit);
          if (max === 0n) return true;
          const fork = s.fork();
          let fee: bigint;
          try {
            fee = sellAlpha(fork, NET, max).fee;
            sellAlpha(fork, NET, fee, true);
          } catch {
            return true;
          }
          assert.ok(priceRao(fork, NET) >= limit, `sold ${max}, price ${priceRao(fork, NET)} < ${limit}`);
          return true;
        },
      ),
      { numRuns: 60 },
    );
  });

  it("the chain's price agrees with (w_b/w_q)·(y/x) after random swaps and injections (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom("buy", "sell", "inject"),
            amount: fc.bigInt({ min: 1n, max: 50n * TAO }),
            other: fc.bigInt({ min: 0n, max: 50n * TAO }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (ops) => {
          const s = pool(1_000n * TAO, 3_000n * TAO);
          for (const op of ops) {
            try {
              if (op.kind === "buy") buyAlpha(s, NET, op.amount);
              else if (op.kind === "sell") sellAlpha(s, NET, op.amount);
              else injectLiquidity(s, NET, op.amount, op.other);
            } catch (e) {
              assert.ok(e instanceof ChainError);
            }
            const expected = expectedPriceRao(s);
            const actual = Number(priceRao(s, NET));
            assert.ok(Math.abs(actual - expected) <= 1 + expected * 1e-12, `${actual} vs ${expected}`);
          }
          return true;
        },
      ),
      { numRuns: 40 },
    );
  });

  it("quotes a stake with its fee, slippage and price impact; root quotes 1:1", () => {
    const s = pool(100n * TAO, 400n * TAO);
    const q = simulateSwap(s, NET, "buy", 10n * TAO);
    assert.equal(q.tao_fee, (10n * TAO * 33n) / 65535n);
    assert.equal(q.alpha_amount, quoteBuy(s, NET, 10n * TAO).out);
    assert.ok(q.alpha_slippage > 0n);
    assert.ok(q.priceImpact > 0n);
    const r = simulateSwap(s, 0, "sell", 5n * TAO);
    assert.equal(r.tao_amount, 5n * TAO);
    assert.equal(r.priceImpact, 0n);
  });
});

describe("pool: value properties", () => {
  it("no round trip creates value: buying then selling returns less TAO than paid, by at least the fee (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 10n * TAO, max: 100_000n * TAO }),
        fc.bigInt({ min: 10n * TAO, max: 100_000n * TAO }),
        fc.integer({ min: 5, max: 95 }),
        fc.bigInt({ min: 1_000n, max: 1_000n * TAO }),
        (tao, alpha, wPercent, amount) => {
          const s = pool(tao, alpha, (ACCURACY * BigInt(wPercent)) / 100n);
          let back: bigint;
          let buyFee: bigint;
          try {
            const bought = buyAlpha(s, NET, amount);
            buyFee = bought.fee;
            const sold = sellAlpha(s, NET, bought.out);
            back = sold.out + sellAlpha(s, NET, sold.fee, true).out;
          } catch (e) {
            assert.ok(e instanceof ChainError);
            return true;
          }
          assert.ok(back + buyFee <= amount, `paid ${amount}, got back ${back} + fee ${buyFee}`);
          return true;
        },
      ),
      { numRuns: 80 },
    );
  });
});
