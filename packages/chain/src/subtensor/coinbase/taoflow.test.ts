/**
 * The TaoFlow share rule (taoflow.ts): ports of the reference's `tests/subnet_emissions.rs` flow tests
 * (`inplace_pow_normalize_*`, `protocol_normalization_keeps_eligible_subnet_count_from_collapsing`), the
 * flow recording on real transactions, the switch, and properties.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { State } from "../../state/state.js";
import {
  SubnetEmissionEnabled,
  SubnetExcessTao,
  SubnetMovingPrice,
  SubnetTAO,
  SubnetTaoInEmission,
  TotalIssuance,
} from "../../storage.js";
import { TAO, TestChain } from "../../testing/chain.js";
import { addSubnet, stakeTao, taoAccounted } from "../../testing/coinbase-fixtures.js";
import { emissionShares, subnetBlockEmissions } from "./shares.js";
import {
  EmissionShareRule,
  FlowEmaSmoothingFactor,
  FlowNormExponent,
  flowAlpha,
  lnI32F32,
  NetTaoFlowEnabled,
  ONE_F64,
  powNormalize,
  recordProtocolInflow,
  recordTaoInflow,
  SubnetEmaProtocolFlow,
  SubnetEmaTaoFlow,
  SubnetProtocolFlow,
  SubnetTaoFlow,
  safePow,
  TaoFlowCutoff,
  taoFlowShares,
  updateFlowEmas,
} from "./taoflow.js";

const u64f64 = (x: number): bigint => BigInt(Math.round(x * 2 ** 32)) << 32n;
const f = (raw: bigint): number => Number(raw) / 2 ** 64;
const near = (a: number, b: number, eps: number, what = "") =>
  assert.ok(Math.abs(a - b) <= eps, `${what}: ${a} not within ${eps} of ${b}`);
const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);

describe("TaoFlow fixed-point helpers", () => {
  it("ln and safe_pow follow substrate_fixed (ln 1 = 0, ln e ≈ 1, x^1 ≈ x, x^2 ≈ x²)", () => {
    assert.equal(lnI32F32(1n << 32n), 0n);
    assert.equal(lnI32F32(0n), null);
    near(Number(lnI32F32(11674931554n) ?? 0n) / 2 ** 32, 1, 1e-6, "ln e");
    near(Number(lnI32F32(1n << 31n) ?? 0n) / 2 ** 32, -Math.LN2, 1e-6, "ln 0.5");
    near(f(safePow(u64f64(3), ONE_F64)), 3, 1e-6, "3^1");
    near(f(safePow(u64f64(3), 2n * ONE_F64)), 9, 1e-5, "3^2");
    assert.equal(safePow(1n << 20n, ONE_F64), 0n, "below I32F32 precision: 0");
  });

  it("the default smoothing factor is ≈ 3.209e-6 (half-life 216 000 blocks)", () => {
    const s = State.empty();
    near(f(flowAlpha(s)), 0.000003209009576, 1e-15, "alpha");
    near((1 - f(flowAlpha(s))) ** 216_000, 0.5, 1e-3, "half-life");
  });
});

describe("inplace_pow_normalize (ports)", () => {
  it("inplace_pow_normalize_all_zero_inputs_no_panic_and_unchanged", () => {
    assert.deepEqual(powNormalize([0n, 0n, 0n], ONE_F64), [0n, 0n, 0n]);
  });

  it("inplace_pow_normalize_tiny_values_no_panic", () => {
    const before = [1e-9, 2e-9, 3e-9];
    const out = powNormalize(
      before.map((x) => BigInt(Math.round(x * 2 ** 64))),
      2n * ONE_F64,
    );
    before.forEach((v, i) => {
      const expected = (v * 1e18 * v) / 14;
      near(f(out[i] ?? 0n), expected, expected / 100, `value ${i}`);
    });
  });

  it("inplace_pow_normalize_large_values_no_overflow_and_sum_to_one", () => {
    const out = powNormalize([u64f64(1e9), u64f64(5e9), u64f64(1e10)], 2n * ONE_F64);
    near(
      out.map(f).reduce((a, b) => a + b, 0),
      1,
      1e-9,
      "sum",
    );
    for (const v of out) assert.ok(f(v) >= 0 && f(v) <= 1);
  });

  it("inplace_pow_normalize_regular_case_relative_proportions_preserved", () => {
    const [a, b, c] = powNormalize([u64f64(2), u64f64(3), u64f64(5)], ONE_F64).map(f);
    near(a ?? 0, 0.2, 0.001, "a");
    near(b ?? 0, 0.3, 0.001, "b");
    near(c ?? 0, 0.5, 0.001, "c");
    near((a ?? 0) + (b ?? 0) + (c ?? 0), 1, 1e-12, "sum");
  });

  it("inplace_pow_normalize_fractional_exponent", () => {
    for (const p of [1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0]) {
      const out = powNormalize([u64f64(2), u64f64(3), u64f64(5)], BigInt(Math.round(p * 2 ** 32)) << 32n).map(
        f,
      );
      const total = 2 ** p + 3 ** p + 5 ** p;
      [2, 3, 5].forEach((x, i) => {
        const expected = x ** p / total;
        near(out[i] ?? 0, expected, expected / 100, `p=${p} x=${x}`);
      });
      near(
        out.reduce((a, b) => a + b, 0),
        1,
        1e-12,
        `p=${p} sum`,
      );
    }
  });
});

describe("get_shares_flow (ports)", () => {
  it("protocol_normalization_keeps_eligible_subnet_count_from_collapsing", () => {
    const s = State.empty();
    NetTaoFlowEnabled.set(s, true);
    FlowNormExponent.set(s, ONE_F64);
    TaoFlowCutoff.set(s, 0n);
    FlowEmaSmoothingFactor.set(s, (1n << 63n) - 1n);
    EmissionShareRule.set(s, "TaoFlow");
    const subnets = Array.from({ length: 70 }, (_, i) => i + 1);
    for (const [i, netuid] of subnets.entries()) {
      SubnetEmissionEnabled.set(s, netuid, true);
      recordTaoInflow(s, netuid, 100n);
      recordProtocolInflow(s, netuid, 40n + 4n * BigInt(i));
    }
    updateFlowEmas(s, subnets, 1);
    const emissions = subnetBlockEmissions(s, subnets, 1_000_000_000n);

    const rows = subnets.map((n) => ({
      user: f(SubnetEmaTaoFlow.get(s, n)?.ema ?? 0n),
      protocol: f(SubnetEmaProtocolFlow.get(s, n)?.ema ?? 0n),
    }));
    const floor = Math.floor(rows.filter((r) => r.user > 0).length / 2);
    const userPos = rows.reduce((a, r) => a + Math.max(r.user, 0), 0);
    const protoPos = rows.reduce((a, r) => a + Math.max(r.protocol, 0), 0);
    const norm = protoPos > 0 ? Math.min(userPos / protoPos, 1) : 0;
    const unnormalized = rows.filter((r) => r.user > r.protocol).length;
    const expected = rows.filter((r) => r.user > (r.protocol > 0 ? norm * r.protocol : r.protocol)).length;
    const values = [...emissions.values()].map((e) => Number(e) / 2 ** 32);
    const actual = values.filter((e) => e > 0).length;
    near(
      values.reduce((a, b) => a + b, 0),
      1e9,
      1,
      "total emission",
    );
    assert.ok(unnormalized < floor, `unnormalized ${unnormalized} < ${floor}`);
    assert.ok(expected >= floor);
    assert.equal(actual, expected);
    assert.ok(actual > unnormalized);
    // the EMAs were reset into the accumulators' place
    assert.equal(SubnetTaoFlow.get(s, 1), 0n);
    assert.equal(SubnetProtocolFlow.get(s, 1), 0n);
  });

  it("gross flow (NetTaoFlowEnabled false): a negative EMA sets the lower limit and gets 0", () => {
    const s = State.empty();
    NetTaoFlowEnabled.set(s, false);
    SubnetEmaTaoFlow.set(s, 1, { block: 5, ema: -(1000n << 64n) });
    SubnetEmaTaoFlow.set(s, 2, { block: 5, ema: 1000n << 64n });
    SubnetEmaTaoFlow.set(s, 3, { block: 5, ema: 3000n << 64n });
    const shares = taoFlowShares(s, [1, 2, 3]);
    // L = max(TaoFlowCutoff = 0, min(−1000, 0)) = 0: z = 0, 1000, 3000
    assert.equal(shares.get(1), 0n);
    near(f(shares.get(2) ?? 0n), 1 / 4, 1e-6, "sn2");
    near(f(shares.get(3) ?? 0n), 3 / 4, 1e-6, "sn3");
    // a negative cutoff lets the minimum set the limit: L = −1000, z = 0, 2000, 4000
    TaoFlowCutoff.set(s, -(5000n << 64n));
    const low = taoFlowShares(s, [1, 2, 3]);
    assert.equal(low.get(1), 0n);
    near(f(low.get(2) ?? 0n), 1 / 3, 1e-6, "sn2 (L = −1000)");
    near(f(low.get(3) ?? 0n), 2 / 3, 1e-6, "sn3 (L = −1000)");
    // a cutoff above the flows of subnet 2: L = 1500 ⇒ only subnet 3
    TaoFlowCutoff.set(s, 1500n << 64n);
    const cut = taoFlowShares(s, [1, 2, 3]);
    assert.equal(cut.get(2), 0n);
    near(f(cut.get(3) ?? 0n), 1, 1e-9, "sn3 alone");
  });

  it("the EMA is updated once per block and resets the accumulator", () => {
    const s = State.empty();
    recordTaoInflow(s, 1, 1_000_000n);
    updateFlowEmas(s, [1], 7);
    const first = SubnetEmaTaoFlow.get(s, 1);
    assert.equal(first?.block, 7);
    // (1 − a)·0 + a·1e6 with a = 29597889189277 / (2^63 − 1)
    near(f(first?.ema ?? 0n), 1_000_000 * 0.000003209009576, 1e-9, "ema");
    recordTaoInflow(s, 1, 5n);
    updateFlowEmas(s, [1], 7);
    assert.deepEqual(SubnetEmaTaoFlow.get(s, 1), first, "same block: unchanged");
    assert.equal(SubnetTaoFlow.get(s, 1), 5n);
  });
});

const NET_IN = 1;
const NET_OUT = 2;

async function twoSubnets(): Promise<TestChain> {
  const c = await TestChain.create();
  const s = c.state;
  for (const netuid of [NET_IN, NET_OUT])
    addSubnet(s, {
      netuid,
      ownerColdkey: c.addr("//Alice"),
      ownerHotkey: c.addr(`//Alice/owner${netuid}`),
      tempo: 10,
      block: 0,
      tao: 1_000n * TAO,
      payer: c.addr("//Alice"),
      spec: c.spec,
    });
  stakeTao(s, c.spec, c.addr("//Bob"), c.addr("//Alice/owner2"), NET_OUT, 200n * TAO);
  // moving prices as if the subnets had traded for a while (the price rule needs a non-zero sum)
  for (const netuid of [NET_IN, NET_OUT]) SubnetMovingPrice.set(s, netuid, 1n << 31n);
  return c;
}

describe("flow recording on transactions and emission", () => {
  it("ΔSubnetTAO of a block = user flow + protocol flow (stake, unstake, registration, injection)", async () => {
    const c = await twoSubnets();
    c.advance(1);
    const before1 = SubnetTAO.get(c.state, NET_IN);
    const before2 = SubnetTAO.get(c.state, NET_OUT);
    c.expectOk(
      c.block(
        c.tx("//Charlie", "subtensor", "add_stake", {
          hotkey: c.addr("//Alice/owner1"),
          netuid: NET_IN,
          amount_staked: (50n * TAO).toString(),
        }),
        c.tx("//Dave", "subtensor", "burned_register", { netuid: NET_IN, hotkey: c.addr("//Dave/h") }),
        c.tx("//Bob", "subtensor", "remove_stake", {
          hotkey: c.addr("//Alice/owner2"),
          netuid: NET_OUT,
          amount_unstaked: (50n * TAO).toString(),
        }),
      ),
    );
    const s = c.state;
    const user1 = SubnetTaoFlow.get(s, NET_IN);
    const user2 = SubnetTaoFlow.get(s, NET_OUT);
    assert.ok(user1 > 50n * TAO - TAO, `stake + registration inflow ${user1}`);
    assert.ok(user2 < 0n, `unstake outflow ${user2}`);
    for (const [netuid, before] of [
      [NET_IN, before1],
      [NET_OUT, before2],
    ] as const) {
      const protocol = SubnetProtocolFlow.get(s, netuid);
      assert.equal(protocol, SubnetTaoInEmission.get(s, netuid) + SubnetExcessTao.get(s, netuid));
      assert.ok(protocol > 0n);
      assert.equal(SubnetTAO.get(s, netuid) - before, SubnetTaoFlow.get(s, netuid) + protocol);
    }
    // next block: folded into the EMAs (the switch is off: the accumulators stay warm anyway)
    c.advance(1);
    assert.ok((SubnetEmaTaoFlow.get(c.state, NET_IN)?.ema ?? 0n) > 0n);
    assert.ok((SubnetEmaTaoFlow.get(c.state, NET_OUT)?.ema ?? 0n) < 0n);
    assert.equal(SubnetEmaTaoFlow.get(c.state, NET_IN)?.block, c.number);
  });
});

describe("EmissionShareRule switch", () => {
  it("off: shares ignore flows; on: the subnet with inflow outgrows the one with outflow", async () => {
    const c = await twoSubnets();
    c.advance(1);
    c.expectOk(
      c.block(
        c.tx("//Charlie", "subtensor", "add_stake", {
          hotkey: c.addr("//Alice/owner1"),
          netuid: NET_IN,
          amount_staked: (100n * TAO).toString(),
        }),
        c.tx("//Bob", "subtensor", "remove_stake", {
          hotkey: c.addr("//Alice/owner2"),
          netuid: NET_OUT,
          amount_unstaked: (100n * TAO).toString(),
        }),
      ),
    );
    c.advance(1);
    const off = emissionShares(c.state, [NET_IN, NET_OUT]);
    // rewriting the flow EMAs does not move price shares
    const probe = c.state.fork();
    SubnetEmaTaoFlow.set(probe, NET_IN, { block: c.number, ema: -(1n << 90n) });
    SubnetEmaTaoFlow.set(probe, NET_OUT, { block: c.number, ema: 1n << 90n });
    assert.deepEqual(emissionShares(probe, [NET_IN, NET_OUT]), off);

    c.expectError(
      c.block(c.tx("//Bob", "adminUtils", "sudo_set_emission_share_rule", { rule: "TaoFlow" })),
      "BadOrigin",
    );
    c.expectOk(c.block(c.sudo("adminUtils", "sudo_set_emission_share_rule", { rule: "TaoFlow" })));
    assert.equal(EmissionShareRule.get(c.state), "TaoFlow");
    c.advance(1);
    const on = emissionShares(c.state, [NET_IN, NET_OUT]);
    assert.ok((on.get(NET_IN) ?? 0n) > (on.get(NET_OUT) ?? 0n), "inflow subnet has the larger share");
    const tao = (n: number) => SubnetTaoInEmission.get(c.state, n) + SubnetExcessTao.get(c.state, n);
    assert.ok(tao(NET_IN) > tao(NET_OUT), `emission ${tao(NET_IN)} > ${tao(NET_OUT)}`);
  });

  it("the TaoFlow setters: root only, exponent within [1, 2]", async () => {
    const c = await TestChain.create();
    c.expectError(
      c.block(
        c.sudo("adminUtils", "sudo_set_tao_flow_normalization_exponent", {
          exponent: (3n << 64n).toString(),
        }),
      ),
      "InvalidValue",
    );
    c.expectOk(
      c.block(
        c.sudo("adminUtils", "sudo_set_tao_flow_normalization_exponent", {
          exponent: (3n << 63n).toString(),
        }),
        c.sudo("adminUtils", "sudo_set_tao_flow_cutoff", { flow_cutoff: (-(5n << 64n)).toString() }),
        c.sudo("adminUtils", "sudo_set_tao_flow_smoothing_factor", { smoothing_factor: "126847427788335" }),
        c.sudo("adminUtils", "sudo_set_net_tao_flow_enabled", { enabled: false }),
      ),
    );
    assert.equal(FlowNormExponent.get(c.state), 3n << 63n);
    assert.equal(TaoFlowCutoff.get(c.state), -(5n << 64n));
    assert.equal(FlowEmaSmoothingFactor.get(c.state), 126_847_427_788_335n);
    assert.equal(NetTaoFlowEnabled.get(c.state), false);
    c.expectError(
      c.block(c.tx("//Bob", "adminUtils", "sudo_set_net_tao_flow_enabled", { enabled: true })),
      "BadOrigin",
    );
  });
});

describe("TaoFlow properties", () => {
  it("shares are non-negative and sum to 1 within the reference's rounding (or are all 0)", () => {
    const emaArb = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map((x) => x << 44n);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(emaArb, emaArb), { minLength: 1, maxLength: 40 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        (rows, net, pMilli, cutoff) => {
          const s = State.empty();
          NetTaoFlowEnabled.set(s, net);
          FlowNormExponent.set(s, ONE_F64 + (ONE_F64 * BigInt(pMilli)) / 1000n);
          TaoFlowCutoff.set(s, cutoff << 64n);
          const netuids = rows.map((_, i) => i + 1);
          rows.forEach(([u, p], i) => {
            SubnetEmaTaoFlow.set(s, i + 1, { block: 1, ema: u });
            SubnetEmaProtocolFlow.set(s, i + 1, { block: 1, ema: p });
          });
          const shares = [...taoFlowShares(s, netuids).values()];
          for (const v of shares) assert.ok(v >= 0n);
          const total = sum(shares);
          assert.ok(total <= ONE_F64, `sum ${total} <= 1`);
          if (total !== 0n) assert.ok(ONE_F64 - total <= BigInt(rows.length), `sum ${total} ~ 1`);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("issuance is conserved with the switch on over random stake/unstake sequences and blocks", async () => {
    const opArb = fc.record({
      kind: fc.constantFrom("add", "remove", "none"),
      netuid: fc.constantFrom(NET_IN, NET_OUT),
      who: fc.constantFrom("//Bob", "//Charlie"),
      amount: fc.bigInt({ min: TAO / 10n, max: 80n * TAO }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 8 }), async (ops) => {
        const c = await twoSubnets();
        c.expectOk(c.block(c.sudo("adminUtils", "sudo_set_emission_share_rule", { rule: "TaoFlow" })));
        FlowEmaSmoothingFactor.set(c.state, 1n << 60n);
        for (const op of ops) {
          const hotkey = c.addr(`//Alice/owner${op.netuid}`);
          const tx =
            op.kind === "add"
              ? [
                  c.tx(op.who, "subtensor", "add_stake", {
                    hotkey,
                    netuid: op.netuid,
                    amount_staked: op.amount.toString(),
                  }),
                ]
              : op.kind === "remove"
                ? [
                    c.tx(op.who, "subtensor", "remove_stake", {
                      hotkey,
                      netuid: op.netuid,
                      amount_unstaked: op.amount.toString(),
                    }),
                  ]
                : [];
          c.block(...tx);
          assert.equal(TotalIssuance.get(c.state), taoAccounted(c.state), `block ${c.number}`);
        }
        const shares = [...emissionShares(c.state, [NET_IN, NET_OUT]).values()];
        assert.ok(sum(shares) <= ONE_F64);
      }),
      { numRuns: 12 },
    );
  });
});
