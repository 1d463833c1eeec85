/** Pure parts of the SDK: weights normalisation, IP encoding, pool quotes, metagraph diffs, error decoding. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DynamicInfo } from "@taonet/chain";
import fc from "fast-check";
import { hyperparameterCall } from "./actions/admin.js";
import { changedUids, type MetagraphLite } from "./actions/metagraph.js";
import { priceToNumber } from "./actions/public.js";
import { wireValue } from "./actions/send.js";
import { ipToInt, quoteBuyFrom, quoteSellFrom } from "./actions/wallet.js";
import { normalizeWeights } from "./actions/weights.js";
import {
  DispatchError,
  InvalidArgumentError,
  RpcError,
  rpcErrorOf,
  TransactionDroppedError,
  TransactionRejectedError,
} from "./errors.js";

describe("normalizeWeights", () => {
  it("keeps u16 integers, max-upscales floats", () => {
    assert.deepEqual(normalizeWeights([0, 1], [1, 3]), [1, 3]);
    assert.deepEqual(normalizeWeights([0, 1], [0.25, 0.75]), [21845, 65535]);
    assert.deepEqual(normalizeWeights([0, 1], [0, 0]), [0, 0]);
  });
  it("rejects bad input before anything is signed", () => {
    for (const [u, w] of [
      [[0, 1], [1]],
      [
        [0, 0],
        [1, 1],
      ],
      [[0], [-1]],
      [[0], [Number.NaN]],
      [[70000], [1]],
    ] as const)
      assert.throws(() => normalizeWeights(u, w), InvalidArgumentError);
  });
  it("the largest float weight becomes 65535 and order is kept", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 }), (ks) => {
        const ws = ks.map((k) => k + 0.5);
        const out = normalizeWeights(
          ws.map((_, i) => i),
          ws,
        );
        assert.equal(Math.max(...out), 65535);
        for (let i = 0; i < ws.length; i++)
          for (let j = 0; j < ws.length; j++)
            if ((ws[i] as number) > (ws[j] as number)) assert.ok((out[i] as number) >= (out[j] as number));
      }),
      { numRuns: 200 },
    );
  });
});

describe("ipToInt", () => {
  it("encodes IPv4 and IPv6", () => {
    assert.deepEqual(ipToInt("1.2.3.4"), { ip: 0x01020304n, ipType: 4 });
    assert.deepEqual(ipToInt("::1"), { ip: 1n, ipType: 6 });
    assert.deepEqual(ipToInt("2001:db8::ff"), { ip: (0x2001n << 112n) | (0xdb8n << 96n) | 0xffn, ipType: 6 });
    assert.throws(() => ipToInt("256.1.1.1"), InvalidArgumentError);
    assert.throws(() => ipToInt("example.com"), InvalidArgumentError);
  });
});

describe("pool quotes (from DynamicInfo)", () => {
  const pool = (taoIn: bigint, alphaIn: bigint): DynamicInfo =>
    ({ netuid: 1, taoIn, alphaIn, price: (taoIn << 32n) / alphaIn }) as unknown as DynamicInfo;
  it("constant product with the fee on the input; never more out than the reserve", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1_000_000n, max: 10n ** 18n }),
        fc.bigInt({ min: 1_000_000n, max: 10n ** 18n }),
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        (tao, alpha, amount) => {
          const d = pool(tao, alpha);
          const buy = quoteBuyFrom(d, amount);
          assert.ok(buy.out < alpha && buy.out >= 0n);
          assert.equal(buy.fee, (amount * 33n) / 65535n);
          // k never decreases
          assert.ok((tao + amount - buy.fee) * (alpha - buy.out) >= tao * alpha);
          const sell = quoteSellFrom(d, amount);
          assert.ok(sell.out < tao && sell.out >= 0n);
          assert.ok((alpha + amount - sell.fee) * (tao - sell.out) >= tao * alpha);
        },
      ),
      { numRuns: 300 },
    );
  });
  it("slippage grows with size", () => {
    const d = pool(10n ** 12n, 10n ** 12n);
    assert.ok(quoteBuyFrom(d, 10n ** 11n).slippagePpm > quoteBuyFrom(d, 10n ** 9n).slippagePpm);
    assert.equal(quoteBuyFrom(d, 10n ** 9n).priceBefore, 1_000_000_000n);
  });
  it("root (netuid 0) trades 1:1", () => {
    const d = { netuid: 0, taoIn: 0n, alphaIn: 0n, price: 1n << 32n } as unknown as DynamicInfo;
    assert.equal(quoteBuyFrom(d, 5n).out, 5n);
    assert.equal(priceToNumber(1n << 31n), 0.5);
  });
});

describe("changedUids", () => {
  const mg = (stakes: bigint[]): MetagraphLite =>
    ({
      n: stakes.length,
      hotkeys: stakes.map((_, i) => `h${i}`),
      totalStake: stakes,
      incentives: stakes.map(() => 0),
    }) as unknown as MetagraphLite;
  it("reports every uid first, then only rows that differ (and new uids)", () => {
    assert.deepEqual(changedUids(undefined, mg([1n, 2n])), [0, 1]);
    assert.deepEqual(changedUids(mg([1n, 2n]), mg([1n, 3n])), [1]);
    assert.deepEqual(changedUids(mg([1n, 2n]), mg([1n, 2n, 0n])), [2]);
    assert.deepEqual(changedUids(mg([1n, 2n]), mg([1n, 2n])), []);
  });
});

describe("calls and errors", () => {
  it("hyperparameterCall reads the setter's argument name from the chain", () => {
    assert.deepEqual(hyperparameterCall(3, "tempo", 20), {
      module: "adminUtils",
      method: "sudo_set_tempo",
      args: { netuid: 3, tempo: 20 },
    });
    assert.deepEqual(hyperparameterCall(3, "alpha_values", { alpha_low: 1, alpha_high: 2 }).args, {
      netuid: 3,
      alpha_low: 1,
      alpha_high: 2,
    });
    assert.throws(() => hyperparameterCall(3, "alpha_values", 1), InvalidArgumentError);
  });
  it("wire values: bigint as decimal strings, bytes as hex", () => {
    assert.deepEqual(wireValue({ a: 1n, b: [2n], c: new Uint8Array([1, 255]), d: undefined }), {
      a: "1",
      b: ["2"],
      c: "0x01ff",
    });
  });
  it("JSON-RPC errors become typed errors with the reference name and a hint", () => {
    const rej = rpcErrorOf("author_submitTransaction", {
      code: -32010,
      message: "nonce 1 was already used",
      data: { name: "Stale" },
    });
    assert.ok(rej instanceof TransactionRejectedError);
    assert.equal(rej.code, "Stale");
    assert.ok(rej.hint);
    assert.ok(
      rpcErrorOf("x", { code: -32011, message: "", data: { name: "Replaced" } }) instanceof
        TransactionDroppedError,
    );
    const nf = rpcErrorOf("subnet_getInfo", {
      code: -32012,
      message: "subnet 9 does not exist",
      data: { name: "SubnetNotExists" },
    });
    assert.ok(nf instanceof RpcError && nf.kind === "NotFound" && nf.code === "SubnetNotExists");
    const d = new DispatchError(
      { code: "SettingWeightsTooFast", pallet: "SubtensorModule", message: "wait 10 blocks" },
      { txHash: "0x", blockNumber: 5, call: "subtensor.set_weights" },
    );
    assert.equal(d.code, "SettingWeightsTooFast");
    assert.match(
      d.toString(),
      /SettingWeightsTooFast: subtensor.set_weights failed in block 5: wait 10 blocks — /,
    );
  });
});
