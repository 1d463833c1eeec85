/** Invariants of the epoch over random subnets (fast-check). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fx } from "@taonet/math";
import fc from "fast-check";
import { runEpoch } from "./epoch.js";
import { EpochInputError, epochOutputToJson, parseEpochInput } from "./io.js";
import type { EpochInput, EpochOutput } from "./types.js";

const ONE = fx.ONE;

/** A random subnet: n uids, distinct stakes, sorted weight and bond rows, random activity and masks. */
const subnet: fc.Arbitrary<EpochInput> = fc.integer({ min: 1, max: 14 }).chain((n) => {
  const row = fc
    .uniqueArray(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: 65535 })), {
      selector: ([j]) => j,
      maxLength: n,
    })
    .map((r) => r.sort((a, b) => a[0] - b[0]));
  return fc.record({
    n: fc.constant(n),
    currentBlock: fc.constant(1000),
    tempo: fc.constantFrom(10, 100, 360),
    activityCutoff: fc.constantFrom(50, 500, 5000),
    lastUpdate: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: n, maxLength: n }),
    blockAtRegistration: fc.array(fc.integer({ min: 0, max: 900 }), { minLength: n, maxLength: n }),
    stake: fc
      .uniqueArray(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: n, maxLength: n })
      .map((s) => s.map((v, i) => (i % 5 === 4 ? 0n : v))),
    stakeThreshold: fc.constantFrom(0n, 10n ** 12n),
    ownerUid: fc.option(fc.integer({ min: 0, max: n - 1 }), { nil: null }),
    validatorPermit: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    maxAllowedValidators: fc.integer({ min: 1, max: 20 }),
    weights: fc.array(row, { minLength: n, maxLength: n }),
    bonds: fc.array(row, { minLength: n, maxLength: n }),
    kappa: fc.constantFrom(32767, 6553, 58982),
    bondsPenalty: fc.constantFrom(0, 32767, 65535),
    bondsMovingAverage: fc.constantFrom(900_000, 500_000, 975_000),
    yuma3: fc.boolean(),
    liquidAlpha: fc.boolean(),
    alphaLow: fc.constant(45875),
    alphaHigh: fc.constant(58982),
    alphaSigmoidSteepness: fc.constantFrom(1000, 300, 5000),
    lastMechanismStepBlock: fc.constantFrom(0, 900),
    commitBlocks: fc.option(
      fc.array(fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }), { minLength: n, maxLength: n }),
      { nil: null },
    ),
    raoEmission: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  });
});

const sum = (x: readonly number[]) => x.reduce((a, b) => a + b, 0);
/** A normalized vector sums to 1 up to one truncated unit per entry, or is all zero. */
function assertNormalized(x: readonly number[], what: string): void {
  const s = sum(x);
  assert.ok(s === 0 || (s <= ONE && s >= ONE - x.length), `${what} sums to ${s / ONE}`);
}

describe("epoch invariants", () => {
  it("incentive, dividends and combined emission each sum to 1 or 0", () => {
    fc.assert(
      fc.property(subnet, (input) => {
        const out = runEpoch(input);
        assertNormalized(out.incentive, "incentive");
        assertNormalized(out.dividends, "dividends");
        assertNormalized(out.normalizedCombinedEmission, "combined emission");
        for (const v of out.validatorTrust) assert.ok(v >= 0 && v <= ONE);
      }),
      { numRuns: 400 },
    );
  });

  it("pays out the epoch's emission up to rounding, never more", () => {
    fc.assert(
      fc.property(subnet, (input) => {
        const out = runEpoch(input);
        const paid = out.emission.reduce((a, b) => a + b, 0n);
        const n = BigInt(input.n);
        const slack = n + (n * input.raoEmission) / 2n ** 32n + 1n;
        const anyStake = out.stake.some((s) => s > 0);
        assert.ok(paid <= input.raoEmission, "paid more than emitted");
        if (anyStake) assert.ok(input.raoEmission - paid <= slack, `lost ${input.raoEmission - paid} rao`);
        for (let i = 0; i < input.n; i++) {
          assert.ok(
            (out.serverEmission[i] ?? 0n) + (out.validatorEmission[i] ?? 0n) <= (out.emission[i] ?? 0n) + 1n,
          );
        }
      }),
      { numRuns: 400 },
    );
  });

  it("clipping never raises a weight: clipped rows stay within the consensus and the weights", () => {
    fc.assert(
      fc.property(subnet, (input) => {
        const out = runEpoch(input);
        const w = out.weightsNormalized;
        for (let i = 0; i < input.n; i++) {
          let clippedSum = 0;
          for (const [j, v] of w.row(i)) clippedSum += Math.min(v, out.consensus[j] ?? 0);
          // validator trust is the row sum of the clipped weights (entries above a zero consensus dropped)
          assert.equal(out.validatorTrust[i], clippedSum);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("bonds are written only for uids with a new permit, as u16", () => {
    fc.assert(
      fc.property(subnet, (input) => {
        const out = runEpoch(input);
        for (let i = 0; i < input.n; i++) {
          const row = out.bondsAfter.row(i);
          if (!out.newValidatorPermit[i]) assert.equal(row.length, 0);
          for (const [, u] of row) assert.ok(Number.isInteger(u) && u >= 0 && u <= 65535);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("does not depend on uid order (distinct stakes, rows kept sorted)", () => {
    fc.assert(
      fc.property(
        subnet.chain((input) =>
          fc.tuple(
            fc.constant(input),
            fc.shuffledSubarray([...Array(input.n).keys()], { minLength: input.n }),
          ),
        ),
        ([input, perm]) => {
          const to = (i: number) => perm[i] ?? i; // old uid -> new uid
          const from = new Array<number>(input.n);
          perm.forEach((newUid, old) => {
            from[newUid] = old;
          });
          const pick = <T>(v: readonly T[]) => from.map((old) => v[old] as T);
          const rowsOf = (rows: EpochInput["weights"]) =>
            from.map((old) =>
              [...(rows[old] ?? [])]
                .map(([j, w]) => [to(j), w] as [number, number])
                .sort((a, b) => a[0] - b[0]),
            );
          const permuted: EpochInput = {
            ...input,
            lastUpdate: pick(input.lastUpdate),
            blockAtRegistration: pick(input.blockAtRegistration),
            stake: pick(input.stake),
            validatorPermit: pick(input.validatorPermit),
            ownerUid: input.ownerUid === null ? null : to(input.ownerUid),
            weights: rowsOf(input.weights),
            bonds: rowsOf(input.bonds),
            commitBlocks: input.commitBlocks ? pick(input.commitBlocks) : null,
          };
          const a = runEpoch(input);
          // Equal normalized stakes make permits depend on uid order (stable sort), as they do on chain.
          const nonzero = a.stake.filter((s) => s > 0);
          fc.pre(new Set(nonzero).size === nonzero.length);
          const b = runEpoch(permuted);
          const back = <T>(v: readonly T[]) => input.lastUpdate.map((_, old) => v[to(old)] as T);
          for (const f of [
            "consensus",
            "incentive",
            "dividends",
            "validatorTrust",
            "emission",
            "newValidatorPermit",
          ] as const) {
            assert.deepEqual(back(b[f] as readonly unknown[]), a[f], f);
          }
          const bondsBack = input.lastUpdate.map((_, old) =>
            b.bondsAfter
              .row(to(old))
              .map(([j, u]) => [from[j], u])
              .sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0)),
          );
          assert.deepEqual(
            bondsBack,
            a.bondsAfter.toRows().map((r) => [...r].sort((x, y) => x[0] - y[0])),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is deterministic: the same input gives the same output, whatever ran before", () => {
    fc.assert(
      fc.property(subnet, subnet, (x, y) => {
        const first = epochOutputToJson(runEpoch(x));
        runEpoch(y);
        assert.deepEqual(epochOutputToJson(runEpoch(x)), first);
      }),
      { numRuns: 100 },
    );
  });
});

describe("epoch input validation", () => {
  const valid = {
    n: 2,
    currentBlock: 10,
    tempo: 360,
    activityCutoff: 5000,
    lastUpdate: [1, 1],
    blockAtRegistration: [0, 0],
    stake: ["1000", 0],
    validatorPermit: [true, false],
    maxAllowedValidators: 64,
    weights: [[[1, 65535]], []],
    bonds: [[], []],
    bondsMovingAverage: 900000,
    yuma3: true,
    raoEmission: "1000000000",
  };
  const bad = (patch: Record<string, unknown>, path: RegExp) =>
    assert.throws(
      () => parseEpochInput({ ...valid, ...patch }),
      (e: unknown) => e instanceof EpochInputError && path.test(e.message),
    );

  it("accepts a minimal input with defaults and runs it", () => {
    const input = parseEpochInput(valid);
    assert.equal(input.kappa, 32767);
    const out: EpochOutput = runEpoch(input);
    assert.equal(out.emission.reduce((a, b) => a + b, 0n) <= 1_000_000_000n, true);
  });
  it("names the field of a wrong length", () => bad({ stake: ["1"] }, /^stake: expected 2 entries/));
  it("names a uid out of range", () =>
    bad({ weights: [[[2, 1]], []] }, /^weights\[0\]\[0\]: uid 2 out of range/));
  it("rejects negative rao", () => bad({ raoEmission: -1 }, /^raoEmission: expected a non-negative integer/));
  it("rejects a float amount of rao", () => bad({ stake: [1.5, 0] }, /^stake\[0\]/));
  it("rejects u16 out of range", () =>
    bad({ weights: [[[1, 65536]], []] }, /^weights\[0\]\[0\]\[1\]: expected a u16/));
  it("rejects a missing field", () => bad({ currentBlock: undefined }, /^currentBlock: missing/));
  it("rejects an owner uid out of range", () => bad({ ownerUid: 5 }, /^ownerUid: uid 5 out of range/));
});

describe("stake given as I64F64 bits", () => {
  it("whole-rao bits give exactly the same epoch as rao", () => {
    fc.assert(
      fc.property(subnet, (input) => {
        const bits = runEpoch({ ...input, stakeI64F64: input.stake.map((s) => s << 64n) });
        assert.deepEqual(epochOutputToJson(bits), epochOutputToJson(runEpoch(input)));
      }),
      { numRuns: 100 },
    );
  });

  it("keeps the fraction: the threshold compares the floor, normalization the full value", () => {
    const base = parseEpochInput({
      n: 2,
      currentBlock: 10,
      tempo: 360,
      activityCutoff: 5000,
      lastUpdate: [1, 1],
      blockAtRegistration: [0, 0],
      stake: [0, 0],
      stakeI64F64: [String((1000n << 64n) + (1n << 63n)), String(999n << 64n)],
      stakeThreshold: "1000",
      validatorPermit: [true, true],
      maxAllowedValidators: 64,
      weights: [[], []],
      bonds: [[], []],
      bondsMovingAverage: 900000,
      yuma3: true,
      raoEmission: "1000000000",
    });
    const out = runEpoch(base);
    // 1000.5 passes the threshold of 1000 (floor 1000); 999 does not.
    assert.deepEqual(out.stake, [ONE, 0]);
  });
});
