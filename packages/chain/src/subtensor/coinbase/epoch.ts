/**
 * A subnet's epoch as the chain runs it (chain.md §4.6 step 2, yuma.md §3–§4): the EpochInput is read
 * from state (stake = the stake weight with childkey inheritance, chain.md §6.4), Yuma runs once per mechanism (`runEpochWithMechanisms`), and the outputs are persisted:
 * per subnet Active, Emission, Consensus, Dividends, ValidatorTrust, ValidatorPermit, StakeWeight; per
 * mechanism index (netuid + mecid · 4096) Incentive and the Bonds rows.
 */
import {
  type EpochInput,
  type MechanismInput,
  type MechanismsOutput,
  runEpochWithMechanisms,
} from "@taonet/yuma";
import type { AccountId } from "../../crypto.js";
import type { State } from "../../state/state.js";
import {
  Active,
  ActivityCutoffFactorMilli,
  AlphaSigmoidSteepness,
  AlphaValues,
  BlockAtRegistration,
  Bonds,
  BondsMovingAverage,
  BondsPenalty,
  CommitRevealWeightsEnabled,
  Consensus,
  Dividends,
  Emission,
  Incentive,
  Kappa,
  Keys,
  LastMechansimStepBlock,
  LastUpdate,
  LiquidAlphaOn,
  MaxAllowedValidators,
  MechanismCountCurrent,
  MechanismEmissionSplit,
  RevealPeriodEpochs,
  StakeThreshold,
  StakeWeight,
  SubnetEpochIndex,
  SubnetOwnerHotkey,
  SubnetworkN,
  Tempo,
  Uids,
  ValidatorPermit,
  ValidatorTrust,
  WeightCommits,
  Weights,
  Yuma3On,
} from "../../storage.js";
import { inheritedAlpha, inheritedTao } from "../children.js";
import { taoWeightU96 } from "./shares.js";

/** Mechanism storage index: netuid + mecid · 4096. */
export const mechanismIndex = (netuid: number, mecid: number): number => netuid + mecid * 4096;

/** Effective activity cutoff in blocks: max(floor(ActivityCutoffFactorMilli · tempo / 1000), 1). */
export function activityCutoffBlocks(s: State, netuid: number): number {
  const blocks = Math.floor((ActivityCutoffFactorMilli.get(s, netuid) * Tempo.get(s, netuid)) / 1000);
  return Math.max(blocks, 1);
}

/** Uid of the subnet owner's hotkey when it is registered on the subnet. */
export function ownerUid(s: State, netuid: number): number | null {
  const hotkey = SubnetOwnerHotkey.get(s, netuid);
  return hotkey === null ? null : Uids.get(s, netuid, hotkey);
}

/**
 * Per uid, the block of the earliest commit that has not expired (null: none). A commit of epoch e
 * expires once the current epoch index exceeds e + RevealPeriodEpochs; the epoch runs after its slot
 * advanced SubnetEpochIndex, which is the reference's look-ahead for an epoch firing this block.
 */
function commitBlocksOf(s: State, netuid: number, index: number, n: number): Array<number | null> {
  const current = SubnetEpochIndex.get(s, netuid);
  const period = RevealPeriodEpochs.get(s, netuid);
  const out: Array<number | null> = new Array(n).fill(null);
  for (const [hotkey, queue] of WeightCommits.prefix(s, index)) {
    const uid = Uids.get(s, netuid, hotkey);
    if (uid === null || uid >= n) continue;
    for (const commit of queue) {
      if (current > commit.commitEpoch + period) continue;
      const prev = out[uid];
      out[uid] =
        prev === null || prev === undefined ? commit.commitBlock : Math.min(prev, commit.commitBlock);
      break;
    }
  }
  return out;
}

export interface SubnetEpochResult {
  /** Hotkey per uid (null for an empty uid). */
  readonly hotkeys: ReadonlyArray<AccountId | null>;
  readonly output: MechanismsOutput;
  readonly input: EpochInput;
}

/** Builds the epoch's input from state (without running it). */
export function epochInput(
  s: State,
  netuid: number,
  now: number,
  raoEmission: bigint,
): { input: EpochInput; mechanisms: MechanismInput[]; hotkeys: Array<AccountId | null> } {
  const n = SubnetworkN.get(s, netuid);
  const taoWeight = taoWeightU96(s);
  const hotkeys: Array<AccountId | null> = new Array(n);
  const blockAtRegistration: number[] = new Array(n);
  const stake: bigint[] = new Array(n);
  const stakeI64F64: bigint[] = new Array(n);
  let fractional = false;
  for (let uid = 0; uid < n; uid++) {
    const hotkey = Keys.get(s, netuid, uid);
    hotkeys[uid] = hotkey;
    blockAtRegistration[uid] = BlockAtRegistration.get(s, netuid, uid);
    if (hotkey === null) {
      stake[uid] = 0n;
      stakeI64F64[uid] = 0n;
      continue;
    }
    // Inherited alpha + tao_weight · inherited root stake (childkeys, `get_stake_weights_for_network`)
    // in I64F64: (alpha << 64) + root · w_U96F32 << 32, exactly.
    const alpha = inheritedAlpha(s, hotkey, netuid);
    const root = netuid === 0 ? 0n : inheritedTao(s, hotkey, netuid);
    const weightedRoot = (root * taoWeight) << 32n;
    const raw = (alpha << 64n) + weightedRoot;
    if ((raw & ((1n << 64n) - 1n)) !== 0n) fractional = true;
    stakeI64F64[uid] = raw;
    stake[uid] = raw >> 64n;
  }

  const crOn = CommitRevealWeightsEnabled.get(s, netuid);
  const count = Math.max(MechanismCountCurrent.get(s, netuid), 1);
  const mechanisms: MechanismInput[] = [];
  for (let m = 0; m < count; m++) {
    const index = mechanismIndex(netuid, m);
    const weights: Array<ReadonlyArray<readonly [number, number]>> = new Array(n);
    const bonds: Array<ReadonlyArray<readonly [number, number]>> = new Array(n);
    for (let uid = 0; uid < n; uid++) {
      weights[uid] = Weights.get(s, index, uid);
      bonds[uid] = Bonds.get(s, index, uid);
    }
    const stored = LastUpdate.get(s, index);
    const lastUpdate = Array.from({ length: n }, (_, i) => stored[i] ?? 0);
    mechanisms.push({
      weights,
      bonds,
      lastUpdate,
      commitBlocks: crOn ? commitBlocksOf(s, netuid, index, n) : null,
    });
  }

  const [alphaLow, alphaHigh] = AlphaValues.get(s, netuid);
  const first = mechanisms[0];
  const input: EpochInput = {
    n,
    currentBlock: now,
    tempo: Tempo.get(s, netuid),
    activityCutoff: activityCutoffBlocks(s, netuid),
    lastUpdate: first?.lastUpdate ?? [],
    blockAtRegistration,
    stake,
    ...(fractional ? { stakeI64F64 } : {}),
    stakeThreshold: StakeThreshold.get(s),
    ownerUid: ownerUid(s, netuid),
    validatorPermit: ValidatorPermit.get(s, netuid),
    maxAllowedValidators: MaxAllowedValidators.get(s, netuid),
    weights: first?.weights ?? [],
    bonds: first?.bonds ?? [],
    kappa: Kappa.get(s, netuid),
    bondsPenalty: BondsPenalty.get(s, netuid),
    bondsMovingAverage: BondsMovingAverage.get(s, netuid),
    yuma3: Yuma3On.get(s, netuid),
    liquidAlpha: LiquidAlphaOn.get(s, netuid),
    alphaLow,
    alphaHigh,
    alphaSigmoidSteepness: AlphaSigmoidSteepness.get(s, netuid),
    lastMechanismStepBlock: LastMechansimStepBlock.get(s, netuid),
    commitBlocks: first?.commitBlocks ?? null,
    raoEmission,
  };
  return { input, mechanisms, hotkeys };
}

/** Runs the subnet's epoch on `raoEmission` alpha and persists its outputs. */
export function runSubnetEpoch(
  s: State,
  netuid: number,
  now: number,
  raoEmission: bigint,
): SubnetEpochResult {
  const { input, mechanisms, hotkeys } = epochInput(s, netuid, now, raoEmission);
  const output = runEpochWithMechanisms(input, mechanisms, MechanismEmissionSplit.get(s, netuid));
  const { n } = input;
  output.mechanisms.forEach((mech, m) => {
    const index = mechanismIndex(netuid, m);
    Incentive.set(s, index, mech.incentiveU16);
    const { ptr, col, val } = mech.bondsAfter;
    const previous = mechanisms[m]?.bonds;
    for (let uid = 0; uid < n; uid++) {
      const start = ptr[uid] ?? 0;
      const end = ptr[uid + 1] ?? 0;
      if (start === end) {
        // An empty row is no entry (the storage default): remove a stored row, write nothing otherwise.
        if ((previous?.[uid]?.length ?? 0) > 0) Bonds.remove(s, index, uid);
        continue;
      }
      const row = new Array<readonly [number, number]>(end - start);
      for (let k = start; k < end; k++) row[k - start] = [col[k] ?? 0, val[k] ?? 0];
      Bonds.set(s, index, uid, row);
    }
  });
  Active.set(s, netuid, output.active);
  Emission.set(s, netuid, output.emission);
  Consensus.set(s, netuid, output.consensusU16);
  Dividends.set(s, netuid, output.dividendsU16);
  ValidatorTrust.set(s, netuid, output.validatorTrustU16);
  ValidatorPermit.set(s, netuid, output.newValidatorPermit);
  StakeWeight.set(s, netuid, output.stakeWeightU16);
  return { hotkeys, output, input };
}
