/**
 * Benchmark (not a test): the block in which 128 subnets of 256 uids run their epochs. Each subnet has
 * 64 staked validators that weight all 192 miners (bonds carried from a previous epoch), a started pool
 * with a moving price, and every epoch is due. Cases: the whole block (`applyBlock`: registration step,
 * coinbase with 128 epochs and distributions, moving prices, state root) and the coinbase step alone.
 */
import { applyBlock } from "../block.js";
import { devParams } from "../genesis.js";
import { increaseStake } from "../stake.js";
import { State } from "../state/state.js";
import {
  Active,
  BlockAtRegistration,
  Bonds,
  CommitRevealWeightsEnabled,
  FirstEmissionBlockNumber,
  IsNetworkMember,
  Keys,
  LastEpochBlock,
  LastMechansimStepBlock,
  LastUpdate,
  MaxAllowedValidators,
  MaxEpochsPerBlock,
  NetworksAdded,
  Number_,
  OwnedHotkeys,
  Owner,
  PendingOwnerCut,
  PendingServerEmission,
  PendingValidatorEmission,
  SubnetAlphaIn,
  SubnetMechanism,
  SubnetMovingPrice,
  SubnetOwner,
  SubnetOwnerHotkey,
  SubnetTAO,
  SubnetworkN,
  SubtokenEnabled,
  Tempo,
  TotalIssuance,
  TotalNetworks,
  Uids,
  ValidatorPermit,
  Weights,
  Yuma3On,
} from "../storage.js";
import { runCoinbase } from "../subtensor/coinbase.js";
import type { BlockContext, ChainSpec } from "../types.js";

export interface CoinbaseBenchInput {
  readonly spec: ChainSpec;
  readonly parent: State;
  readonly block: number;
}

export interface CoinbaseBenchCase {
  readonly name: string;
  readonly target?: string;
  /** Weights processed per run (Yuma's work unit, as the epoch cases count). */
  readonly weights: number;
  readonly items: number;
  readonly itemName: string;
  setup(): CoinbaseBenchInput;
  run(input: CoinbaseBenchInput): void;
}

const SUBNETS = 128;
const VALIDATORS = 64;
const MINERS = 192;
const N = VALIDATORS + MINERS;
const BLOCK = 10_000;

function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export interface CoinbaseBenchOptions {
  /** Subnets whose epochs are due (default 128). */
  readonly subnets?: number;
  /** Nominator coldkeys staking to every hotkey besides its owner (default 0). */
  readonly nominators?: number;
}

/** The state before the block: `subnets` subnets (default 128) whose epochs are all due at BLOCK. */
export function coinbaseBenchState(options: CoinbaseBenchOptions = {}): CoinbaseBenchInput {
  const subnets = options.subnets ?? SUBNETS;
  const nominators = options.nominators ?? 0;
  const s = State.empty();
  const rand = lcg(7);
  Number_.set(s, BLOCK - 1);
  MaxEpochsPerBlock.set(s, subnets);
  NetworksAdded.set(s, 0, true);
  TotalIssuance.set(s, 5_000_000_000_000_000n);
  for (let netuid = 1; netuid <= subnets; netuid++) {
    const owner = `owner-${netuid}`;
    NetworksAdded.set(s, netuid, true);
    SubnetMechanism.set(s, netuid, 1);
    SubnetOwner.set(s, netuid, owner);
    SubnetOwnerHotkey.set(s, netuid, `hk-${netuid}-0`);
    Tempo.set(s, netuid, 360);
    LastEpochBlock.set(s, netuid, BLOCK - 360);
    LastMechansimStepBlock.set(s, netuid, BLOCK - 360);
    FirstEmissionBlockNumber.set(s, netuid, 1);
    SubtokenEnabled.set(s, netuid, true);
    Yuma3On.set(s, netuid, true);
    CommitRevealWeightsEnabled.set(s, netuid, false);
    MaxAllowedValidators.set(s, netuid, VALIDATORS);
    SubnetTAO.set(s, netuid, BigInt(Math.floor(1e12 * (1 + rand() * 10))));
    SubnetAlphaIn.set(s, netuid, BigInt(Math.floor(1e13 * (1 + rand() * 10))));
    SubnetMovingPrice.set(s, netuid, BigInt(Math.floor(2 ** 32 * 0.05 * (1 + rand()))));
    SubnetworkN.set(s, netuid, N);
    const owned: string[] = [];
    for (let uid = 0; uid < N; uid++) {
      const hotkey = `hk-${netuid}-${uid}`;
      Keys.set(s, netuid, uid, hotkey);
      Uids.set(s, netuid, hotkey, uid);
      IsNetworkMember.set(s, hotkey, netuid, true);
      BlockAtRegistration.set(s, netuid, uid, uid);
      const coldkey = uid === 0 ? owner : `ck-${netuid}-${uid}`;
      Owner.set(s, hotkey, coldkey);
      if (uid === 0) owned.push(hotkey);
      else OwnedHotkeys.set(s, coldkey, [hotkey]);
      for (let k = 0; k < nominators; k++)
        increaseStake(s, hotkey, `nominator-${k}`, netuid, BigInt(Math.floor(1e9 * (1 + rand() * 100))));
      if (uid < VALIDATORS) {
        increaseStake(s, hotkey, coldkey, netuid, BigInt(Math.floor(1e12 * (1 + rand() * 100))));
        // each validator scores every miner around a shared quality, with noise (max-upscaled)
        const raw: number[] = [];
        for (let j = VALIDATORS; j < N; j++) {
          const quality = ((j * 2654435761) % 1000) / 1000;
          raw.push(Math.max(0, quality + (rand() - 0.5) * 0.2));
        }
        const max = Math.max(...raw);
        const row = raw.map((v, m) => [VALIDATORS + m, Math.round((v / max) * 65535)] as const);
        Weights.set(s, netuid, uid, row);
        Bonds.set(
          s,
          netuid,
          uid,
          row.map(([j, w]) => [j, Math.floor(w / 3)] as const),
        );
      }
    }
    OwnedHotkeys.set(s, owner, owned);
    LastUpdate.set(
      s,
      netuid,
      Array.from({ length: N }, () => BLOCK - 10),
    );
    ValidatorPermit.set(
      s,
      netuid,
      Array.from({ length: N }, (_, uid) => uid < VALIDATORS),
    );
    Active.set(
      s,
      netuid,
      Array.from({ length: N }, () => true),
    );
  }
  TotalNetworks.set(s, subnets + 1);
  // Fold the set-up into the base so a block's state root hashes only what the block changes.
  s.compact();
  const spec: ChainSpec = {
    name: "coinbase-bench",
    genesisHash: "0x00",
    params: { ...devParams, maxEpochsPerBlock: subnets },
  };
  return { spec, parent: s, block: BLOCK };
}

const weights = SUBNETS * VALIDATORS * MINERS;

export const coinbaseBenchCases: CoinbaseBenchCase[] = [
  {
    name: "block with 128 epochs (128 subnets x 256 uids, 64 x 192 weights), applyBlock",
    target: "<= 1 s",
    weights,
    items: SUBNETS,
    itemName: "epoch",
    setup: () => coinbaseBenchState(),
    run({ spec, parent, block }) {
      const r = applyBlock(
        spec,
        parent,
        { number: block, parentHash: "0x", author: "author", timestamp: 0 },
        [],
      );
      if (r.events.filter((e) => e.name === "EpochRun").length !== SUBNETS)
        throw new Error("not every epoch ran");
    },
  },
  {
    name: "coinbase step with 128 epochs (no state root)",
    weights,
    items: SUBNETS,
    itemName: "epoch",
    setup: () => coinbaseBenchState(),
    run({ spec, parent, block }) {
      const state = parent.fork();
      const ctx: BlockContext = {
        state,
        spec,
        header: { number: block, parentHash: "0x", author: "author", timestamp: 0 },
        emit: () => {},
      };
      const r = runCoinbase(ctx, 1_000_000_000n);
      if (r.epochs.length !== SUBNETS) throw new Error("not every epoch ran");
    },
  },
  {
    // Dividends reach nominators through the hotkey's share pool (one write per hotkey), so the cost
    // does not grow with the number of nominators.
    name: "epoch + emission distribution: 256 hotkeys x 1,000 nominators each (coinbase step)",
    weights: VALIDATORS * MINERS,
    items: N,
    itemName: "hotkey",
    setup: () => {
      const input = coinbaseBenchState({ subnets: 1, nominators: 1_000 });
      // a tempo's worth of pending emission to distribute
      const s = input.parent.fork();
      PendingServerEmission.set(s, 1, 180_000_000_000n);
      PendingValidatorEmission.set(s, 1, 180_000_000_000n);
      PendingOwnerCut.set(s, 1, 79_000_000_000n);
      s.compact();
      return { ...input, parent: s };
    },
    run({ spec, parent, block }) {
      const state = parent.fork();
      const ctx: BlockContext = {
        state,
        spec,
        header: { number: block, parentHash: "0x", author: "author", timestamp: 0 },
        emit: () => {},
      };
      const r = runCoinbase(ctx, 1_000_000_000n);
      if (r.epochs.length !== 1) throw new Error("the epoch did not run");
    },
  },
];
