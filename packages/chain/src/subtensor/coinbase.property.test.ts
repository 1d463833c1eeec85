/**
 * Properties of the coinbase over random subnets, stakes, weights and blocks (real `applyBlock`):
 * - TAO is conserved: TotalIssuance = Σ free balances + Σ SubnetTAO after every block (only the spent
 *   part of the minted emission adds to it);
 * - alpha is never created out of thin air: on every subnet, the alpha owned by stake positions plus the
 *   pending buckets and the protocol-owned alpha never exceed SubnetAlphaOut.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { applyBlock } from "../block.js";
import { cryptoReady, keyPairFromUri } from "../crypto.js";
import { createGenesis, DEV_ACCOUNTS, devGenesis } from "../genesis.js";
import type { State } from "../state/state.js";
import {
  MaxEpochsPerBlock,
  MinerBurned,
  OwnerCutEnabled,
  PendingOwnerCut,
  PendingRootAlphaDivs,
  PendingServerEmission,
  PendingValidatorEmission,
  RecycleOrBurn,
  SubnetAlphaOut,
  SubnetMovingPrice,
  SubnetProtocolAlpha,
  TaoWeight,
  TotalHotkeyAlpha,
  TotalIssuance,
  ValidatorPermit,
} from "../storage.js";
import {
  addSubnet,
  registerNeuron,
  setWeightsRow,
  stakeTao,
  taoAccounted,
} from "../testing/coinbase-fixtures.js";
import type { ChainSpec } from "../types.js";

const TAO = 1_000_000_000n;
let spec: ChainSpec;
let genesis: State;
let coldkeys: string[];

before(async () => {
  await cryptoReady();
  ({ spec, state: genesis } = createGenesis(devGenesis()));
  coldkeys = DEV_ACCOUNTS.map((n) => keyPairFromUri(`//${n}`).address);
});

const subnetArb = fc.record({
  tempo: fc.integer({ min: 2, max: 6 }),
  poolTao: fc.bigInt({ min: 10n * TAO, max: 2_000n * TAO }),
  priceMilli: fc.integer({ min: 5, max: 5_000 }),
  movingPriceMilli: fc.integer({ min: 0, max: 3_000 }),
  emissionEnabled: fc.boolean(),
  started: fc.boolean(),
  burnedMilli: fc.integer({ min: 0, max: 1_000 }),
  recycle: fc.boolean(),
  ownerCut: fc.boolean(),
  neurons: fc.array(
    fc.record({
      stake: fc.bigInt({ min: 0n, max: 500n * TAO }),
      root: fc.bigInt({ min: 0n, max: 300n * TAO }),
      permit: fc.boolean(),
      weights: fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 0, maxLength: 6 }),
    }),
    { minLength: 1, maxLength: 6 },
  ),
});

const scenarioArb = fc.record({
  subnets: fc.array(subnetArb, { minLength: 1, maxLength: 3 }),
  taoWeight: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  maxEpochs: fc.integer({ min: 1, max: 3 }),
  blocks: fc.integer({ min: 3, max: 16 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function setUp(sc: Scenario): State {
  const s = genesis.fork();
  TaoWeight.set(s, sc.taoWeight);
  MaxEpochsPerBlock.set(s, sc.maxEpochs);
  sc.subnets.forEach((sub, i) => {
    const netuid = i + 1;
    const owner = coldkeys[i % coldkeys.length] as string;
    addSubnet(s, {
      netuid,
      ownerColdkey: owner,
      ownerHotkey: `owner-${netuid}`,
      tempo: sub.tempo,
      block: 0,
      tao: sub.poolTao,
      alpha: (sub.poolTao * 1000n) / BigInt(sub.priceMilli),
      payer: owner,
      spec,
      started: sub.started,
      emissionEnabled: sub.emissionEnabled,
    });
    SubnetMovingPrice.set(s, netuid, (BigInt(sub.movingPriceMilli) << 32n) / 1000n);
    MinerBurned.set(s, netuid, (BigInt(sub.burnedMilli) << 32n) / 1000n);
    if (sub.recycle) RecycleOrBurn.set(s, netuid, "Recycle");
    OwnerCutEnabled.set(s, netuid, sub.ownerCut);
    const permits = [true];
    sub.neurons.forEach((nrn, j) => {
      const hotkey = `hk-${netuid}-${j}`;
      const coldkey = coldkeys[(i + j + 1) % coldkeys.length] as string;
      registerNeuron(s, netuid, hotkey, coldkey, 0);
      if (nrn.stake > 0n) stakeTao(s, spec, coldkey, hotkey, netuid, nrn.stake);
      if (nrn.root > 0n) stakeTao(s, spec, coldkey, hotkey, 0, nrn.root);
      permits.push(nrn.permit);
    });
    // the owner (uid 0) may also mine: every neuron weights random uids
    const n = sub.neurons.length + 1;
    sub.neurons.forEach((nrn, j) => {
      const row = nrn.weights.map((w, t) => [(j + 2 + t) % n, w] as const);
      const unique = row.filter((e, idx) => row.findIndex((x) => x[0] === e[0]) === idx);
      setWeightsRow(s, netuid, j + 1, unique, 1);
    });
    ValidatorPermit.set(s, netuid, permits);
  });
  return s;
}

function ownedAlpha(s: State, netuid: number): bigint {
  let total = 0n;
  for (const hotkey of TotalHotkeyAlpha.firstKeys(s)) total += TotalHotkeyAlpha.get(s, hotkey, netuid);
  return total;
}

describe("coinbase properties", () => {
  it("TAO is conserved and alpha is accounted for over random blocks", () => {
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        let s = setUp(sc);
        assert.equal(TotalIssuance.get(s), taoAccounted(s));
        for (let b = 1; b <= sc.blocks; b++) {
          const r = applyBlock(
            spec,
            s,
            { number: b, parentHash: "0x", author: coldkeys[0] as string, timestamp: b },
            [],
          );
          s = r.state;
          assert.equal(TotalIssuance.get(s), taoAccounted(s), `block ${b}`);
          sc.subnets.forEach((_, i) => {
            const netuid = i + 1;
            const claimed =
              ownedAlpha(s, netuid) +
              PendingServerEmission.get(s, netuid) +
              PendingValidatorEmission.get(s, netuid) +
              PendingRootAlphaDivs.get(s, netuid) +
              PendingOwnerCut.get(s, netuid) +
              SubnetProtocolAlpha.get(s, netuid);
            assert.ok(claimed <= SubnetAlphaOut.get(s, netuid), `subnet ${netuid} block ${b}`);
          });
        }
      }),
      { numRuns: 30 },
    );
  });
});
