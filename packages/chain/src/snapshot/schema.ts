/**
 * The snapshot schema: for every storage item the chain declares, its key types and value type. A test
 * (schema.test.ts) fails when an item is declared without an entry here, so new items cannot be forgotten.
 * docs/state-format.md is generated from this table (`npm run docs:state` ⇢ `stateFormatDoc()`).
 */

import { z } from "zod";
import type { AccountInfo, AxonInfo, PrometheusInfo, SubnetIdentity, WeightCommit } from "../storage.js";
import type { PendingChildren } from "../subtensor/children.js";
import type { FlowEma } from "../subtensor/coinbase/taoflow.js";
import type { NeuronCertificate } from "../subtensor/neurons.js";
import type { RootClaimTypeValue } from "../subtensor/root-claim-state.js";
import type { TimelockedCommit } from "../subtensor/timelock.js";
import {
  account,
  big,
  bool,
  type Codec,
  custom,
  fixed,
  hex,
  type KeyCodec,
  keys,
  literal,
  num,
  option,
  pair,
  struct,
  text,
  vec,
} from "./codec.js";

export interface ItemSchema {
  readonly keys: readonly KeyCodec[];
  // biome-ignore lint/suspicious/noExplicitAny: one table holds codecs of every value type
  readonly value: Codec<any>;
  /** What the value means, when the type alone does not say it (units, fixed-point meaning). */
  readonly note?: string;
}

const u8 = num("u8");
const u16 = num("u16");
const u32 = num("u32");
/** Block numbers and other u64s the chain keeps as JavaScript numbers. */
const block = num("u64");
const u64n = num("u64");
const u64 = big("u64");
const u128 = big("u128");
const i64 = big("i64");

const value = (v: Codec<unknown>, note?: string): ItemSchema => ({
  keys: [],
  value: v,
  ...(note ? { note } : {}),
});
const map = (k: KeyCodec, v: Codec<unknown>, note?: string): ItemSchema => ({
  keys: [k],
  value: v,
  ...(note ? { note } : {}),
});
const dmap = (k1: KeyCodec, k2: KeyCodec, v: Codec<unknown>, note?: string): ItemSchema => ({
  keys: [k1, k2],
  value: v,
  ...(note ? { note } : {}),
});
const net = keys.netuid;

const accountInfo = struct<AccountInfo>("AccountInfo", { nonce: u32, free: u64 });
const axonInfo = struct<AxonInfo>("AxonInfo", {
  block,
  version: u32,
  ip: custom(
    "u128 as a decimal string",
    z.string().regex(/^(0|[1-9][0-9]*)$/, "expected decimal digits"),
    (v) => v,
  ),
  port: u16,
  ipType: u8,
  protocol: u8,
  placeholder1: u8,
  placeholder2: u8,
});
const prometheusInfo = struct<PrometheusInfo>("PrometheusInfo", {
  block,
  version: u32,
  ip: custom(
    "u128 as a decimal string",
    z.string().regex(/^(0|[1-9][0-9]*)$/, "expected decimal digits"),
    (v) => v,
  ),
  port: u16,
  ipType: u8,
});
const subnetIdentity = struct<SubnetIdentity>("SubnetIdentity", {
  subnetName: text,
  githubRepo: text,
  subnetContact: text,
  subnetUrl: text,
  discord: text,
  description: text,
  logoUrl: text,
  additional: text,
});
const weightCommit = struct<WeightCommit>("WeightCommit", {
  hash: text,
  commitBlock: block,
  commitEpoch: block,
});
const timelockedCommit = struct<TimelockedCommit>("TimelockedCommit", {
  who: account,
  commitBlock: block,
  commit: hex,
  revealRound: u64,
});
const childList = vec(pair(u64, account));
const pendingChildren = struct<PendingChildren>("PendingChildren", {
  children: childList,
  cooldownBlock: block,
});
const flowEma = struct<FlowEma>("FlowEma", { block, ema: fixed("I64F64") });
const certificate = struct<NeuronCertificate>("NeuronCertificate", { algorithm: u8, publicKey: hex });
const sparseRow = vec(pair(u16, u16));
const rootClaimType = custom<RootClaimTypeValue>(
  '"Swap" | "Keep" | {KeepSubnets: {subnets: u16[]}}',
  z.union([
    z.literal("Swap"),
    z.literal("Keep"),
    z.object({ KeepSubnets: z.object({ subnets: z.array(u16.schema) }).strict() }).strict(),
  ]) as unknown as z.ZodType<RootClaimTypeValue>,
  (v) => (typeof v === "string" ? v : { KeepSubnets: { subnets: [...v.KeepSubnets.subnets] } }),
);

/** Item name → schema. Sorted by name (the doc lists them in this order). */
export const STATE_SCHEMA: Readonly<Record<string, ItemSchema>> = {
  Account: map(keys.account, accountInfo, "free balance in rao; nonce = transactions sent"),
  Active: map(net, vec(bool)),
  ActivityCutoff: map(net, block),
  ActivityCutoffFactorMilli: map(net, u16, "per mille of Tempo"),
  AdjustmentAlpha: map(net, u64),
  AdjustmentInterval: map(net, u16),
  AdminFreezeWindow: value(u16),
  AlphaDividendsPerSubnet: dmap(net, keys.account, u64),
  AlphaSigmoidSteepness: map(net, u16),
  AlphaV2: dmap(keys.hotkeyColdkey, net, u128, "shares of a coldkey in the (hotkey, netuid) pool"),
  AlphaValues: map(net, pair(u16, u16), "(alpha_low, alpha_high) / 65535"),
  AutoParentDelegationEnabled: map(keys.account, bool),
  AutoStakeDestination: dmap(keys.account, net, option(account)),
  AutoStakeDestinationColdkeys: dmap(keys.account, net, vec(account)),
  Axons: dmap(net, keys.account, option(axonInfo)),
  BeaconPublicKey: value(option(hex)),
  BlockAtRegistration: dmap(net, keys.uid, block),
  BlockEmission: value(u64),
  BlocksSinceLastStep: map(net, block),
  Bonds: dmap(keys.netuidIndex, keys.uid, sparseRow, "(uid, bond u16) pairs"),
  BondsMovingAverage: map(net, u64n),
  BondsPenalty: map(net, u16),
  BondsResetOn: map(net, bool),
  Burn: map(net, u64, "neuron registration cost (rao)"),
  BurnHalfLife: map(net, u16),
  BurnIncreaseMult: map(net, fixed("U64F64")),
  CKBurn: value(u64, "proportion of u64::MAX"),
  ChildKeys: dmap(keys.account, net, childList, "(proportion of u64::MAX, child)"),
  ChildkeyTake: dmap(keys.account, net, u16),
  CommitRevealWeightsEnabled: map(net, bool),
  CommitRevealWeightsVersion: value(u16),
  Consensus: map(net, vec(u16)),
  Delegates: map(keys.account, u16, "take / 65535"),
  Difficulty: map(net, u64),
  Dividends: map(net, vec(u16)),
  EMAPriceHalvingBlocks: value(block),
  Emission: map(net, vec(u64), "alpha rao per uid, last epoch"),
  EmissionShareRule: value(literal(["Price", "TaoFlow"]), "taonet's switch (not in the reference)"),
  FeeRate: map(net, u16, "swap fee / 65535"),
  FirstEmissionBlockNumber: map(net, option(block)),
  FlowEmaSmoothingFactor: value(u64, "fraction of i64::MAX"),
  FlowNormExponent: value(fixed("U64F64")),
  ImmuneOwnerUidsLimit: map(net, u16),
  ImmunityPeriod: map(net, u16),
  Incentive: map(keys.netuidIndex, vec(u16)),
  IsNetworkMember: dmap(keys.account, net, bool),
  Kappa: map(net, u16),
  Keys: dmap(net, keys.uid, option(account)),
  LastEpochBlock: map(net, block),
  LastMechansimStepBlock: map(net, block),
  LastRateLimitedBlock: map(
    keys.text,
    block,
    "key: the reference's RateLimitKey as `<Kind>/<netuid>[/<Hyperparameter>]`",
  ),
  LastStoredRound: value(u64),
  LastUpdate: map(keys.netuidIndex, vec(block)),
  LiquidAlphaOn: map(net, bool),
  MaxAllowedUids: map(net, u16),
  MaxAllowedValidators: map(net, u16),
  MaxBurn: map(net, u64),
  MaxChildkeyTake: value(u16),
  MaxDelegateTake: value(u16),
  MaxDifficulty: map(net, u64),
  MaxEpochsPerBlock: value(u16),
  MaxMechanismCount: value(u8),
  MaxRegistrationsPerBlock: map(net, u16),
  MechanismCountCurrent: map(net, u8),
  MechanismEmissionSplit: map(net, option(vec(u16))),
  MinActivityCutoff: value(block),
  MinAllowedUids: map(net, u16),
  MinAllowedWeights: map(net, u16),
  MinBurn: map(net, u64),
  MinChildkeyTake: value(u16),
  MinChildkeyTakePerSubnet: map(net, u16),
  MinDelegateTake: value(u16),
  MinDifficulty: map(net, u64),
  MinNonImmuneUids: map(net, u16),
  MinerBurned: map(net, fixed("U96F32")),
  NetTaoFlowEnabled: value(bool),
  NetworkImmunityPeriod: value(block),
  NetworkLastLockCost: value(u64),
  NetworkLastRegistered: value(block),
  NetworkLockReductionInterval: value(block),
  NetworkMinLockCost: value(u64),
  NetworkRateLimit: value(block),
  NetworkRegisteredAt: map(net, block),
  NetworkRegistrationAllowed: map(net, bool),
  NetworkRegistrationStartBlock: value(block),
  NetworksAdded: map(net, bool),
  NeuronCertificates: dmap(net, keys.account, option(certificate)),
  NominatorMinRequiredStake: value(u64, "factor per 10^6 of 0.002 TAO"),
  NumRootClaim: value(u16),
  NumStakingColdkeys: value(block),
  Number: value(block, "the last applied block (System::Number)"),
  OldestStoredRound: value(u64),
  OwnedHotkeys: map(keys.account, vec(account)),
  Owner: map(keys.account, option(account), "hotkey → coldkey"),
  OwnerCutAutoLockEnabled: map(net, bool),
  OwnerCutEnabled: map(net, bool),
  OwnerHyperparamRateLimit: value(u16, "in tempos"),
  ParentHash: value(text, "hash of the last block (0x-hex; empty at genesis)"),
  ParentKeys: dmap(keys.account, net, childList, "(proportion of u64::MAX, parent)"),
  PendingChildKeyCooldown: value(block),
  PendingChildKeys: dmap(net, keys.account, option(pendingChildren)),
  PendingEpochAt: map(net, block),
  PendingOwnerCut: map(net, u64),
  PendingRootAlphaDivs: map(net, u64),
  PendingServerEmission: map(net, u64),
  PendingValidatorEmission: map(net, u64),
  Prometheus: dmap(net, keys.account, option(prometheusInfo)),
  Pulses: map(keys.u64, option(hex), "drand round → signature"),
  RAORecycledForRegistration: map(net, u64),
  RecycleOrBurn: map(net, literal(["Burn", "Recycle"])),
  RegisteredSubnetCounter: value(u16),
  RegistrationsThisBlock: map(net, u16),
  RegistrationsThisInterval: map(net, u16),
  RevealPeriodEpochs: map(net, block),
  Rho: map(net, u16),
  RootAlphaDividendsPerSubnet: dmap(net, keys.account, u64),
  RootClaimType: map(keys.account, rootClaimType),
  RootClaimable: dmap(keys.account, net, fixed("I96F32"), "alpha claimable per unit of root stake"),
  RootClaimableThreshold: map(net, fixed("I96F32")),
  RootClaimed: dmap(net, keys.hotkeyColdkey, u128),
  RootProp: map(net, fixed("U96F32")),
  ServingRateLimit: map(net, block),
  StakeThreshold: value(u64),
  StakeWeight: map(net, vec(u16)),
  StakingColdkeys: map(keys.account, option(block)),
  StakingColdkeysByIndex: map(keys.u64, option(account)),
  StakingHotkeys: map(keys.account, vec(account)),
  StartCallDelay: value(block),
  SubnetAlphaIn: map(net, u64),
  SubnetAlphaInEmission: map(net, u64),
  SubnetAlphaOut: map(net, u64),
  SubnetAlphaOutEmission: map(net, u64),
  SubnetEmaProtocolFlow: map(net, option(flowEma)),
  SubnetEmaTaoFlow: map(net, option(flowEma)),
  SubnetEmissionEnabled: map(net, bool),
  SubnetEpochIndex: map(net, block),
  SubnetExcessTao: map(net, u64),
  SubnetIdentitiesV3: map(net, option(subnetIdentity)),
  SubnetLimit: value(u16),
  SubnetLocked: map(net, u64),
  SubnetMechanism: map(net, u16, "0 = stable, 1 = dynamic"),
  SubnetMovingAlpha: value(fixed("I96F32")),
  SubnetMovingPrice: map(net, fixed("I96F32"), "TAO per alpha"),
  SubnetOwner: map(net, option(account)),
  SubnetOwnerCut: value(u16, "/ 65535"),
  SubnetOwnerHotkey: map(net, option(account)),
  SubnetProtocolAlpha: map(net, u64),
  SubnetProtocolFlow: map(net, i64),
  SubnetTAO: map(net, u64),
  SubnetTaoFlow: map(net, i64),
  SubnetTaoInEmission: map(net, u64),
  SubnetVolume: map(net, u128),
  SubnetworkN: map(net, u16),
  SubtokenEnabled: map(net, bool),
  SudoKey: value(option(account)),
  SwapBalancer: map(net, u64, "the pool's TAO weight w_q in parts of 10^18 (Perquintill)"),
  TaoFlowCutoff: value(fixed("I64F64")),
  TaoInRefundDeploymentBlock: value(block),
  TaoWeight: value(u64, "proportion of u64::MAX"),
  TargetRegistrationsPerInterval: map(net, u16),
  Tempo: map(net, u16),
  TimelockedWeightCommits: dmap(keys.netuidIndex, keys.u64, vec(timelockedCommit), "key 2: commit epoch"),
  TokenSymbol: map(net, text),
  TotalHotkeyAlpha: dmap(keys.account, net, u64),
  TotalHotkeySharesV2: dmap(keys.account, net, u128),
  TotalIssuance: value(u64),
  TotalNetworks: value(u16),
  TotalStake: value(u64),
  TransactionKeyLastBlock: map(keys.text, block, "key: `<account>/<netuid>/<transaction type code>`"),
  TransferToggle: map(net, bool),
  TxChildkeyTakeRateLimit: value(block),
  TxDelegateTakeRateLimit: value(block),
  TxRateLimit: value(block),
  Uids: dmap(net, keys.account, option(u16)),
  ValidatorPermit: map(net, vec(bool)),
  ValidatorTrust: map(net, vec(u16)),
  WeightCommits: dmap(keys.netuidIndex, keys.account, vec(weightCommit)),
  Weights: dmap(keys.netuidIndex, keys.uid, sparseRow, "(uid, weight u16) pairs"),
  WeightsSetRateLimit: map(net, block),
  WeightsVersionKey: map(net, u64),
  WeightsVersionKeyRateLimit: value(block),
  Yuma3On: map(net, bool),
};
