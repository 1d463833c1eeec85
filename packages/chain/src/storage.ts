/**
 * The storage items of the chain, named as the reference names them (chain.md §2), with the reference's
 * storage defaults. Per-subnet values written when a subnet is registered (which often differ from
 * these defaults) are in `subnets.ts` (`initNewNetwork`).
 *
 * Types: balances and alpha amounts are bigint rao; blocks are numbers; u16 proportions are numbers;
 * fixed-point values are stored as their raw bits (bigint) with the type noted.
 */
import type { AccountId } from "./crypto.js";
import { StorageDoubleMap, StorageMap, StorageValue } from "./state/items.js";

type NetUid = number;
type Uid = number;
/** netuid + mechanism id × 4096: the key of per-mechanism items. */
type NetUidIndex = number;

// ---------------------------------------------------------------------------------------------
// System and balances

export interface AccountInfo {
  readonly nonce: number;
  /** Free balance in rao. */
  readonly free: bigint;
}
export const Account = new StorageMap<AccountId, AccountInfo>("Account", { nonce: 0, free: 0n });
/** The sudo (root) key. */
export const SudoKey = new StorageValue<AccountId | null>("SudoKey", null);
/** Block number of the last applied block and its hash (for the next block's parent check). */
export const Number_ = new StorageValue<number>("Number", 0);
export const ParentHash = new StorageValue<string>("ParentHash", "");

// ---------------------------------------------------------------------------------------------
// Global (SubtensorModule)

/** Subtensor's TAO issuance counter (rao): minted emission and genesis balances, less what is recycled. */
export const TotalIssuance = new StorageValue<bigint>("TotalIssuance", 0n);
export const TotalStake = new StorageValue<bigint>("TotalStake", 0n);
/** The TAO block emission last computed (rao). */
export const BlockEmission = new StorageValue<bigint>("BlockEmission", 1_000_000_000n);
/** u64 proportion (value / (2^64 - 1)). */
export const TaoWeight = new StorageValue<bigint>("TaoWeight", 971_718_665_099_567_868n);
export const SubnetOwnerCut = new StorageValue<number>("SubnetOwnerCut", 11_796);
export const SubnetLimit = new StorageValue<number>("SubnetLimit", 128);
export const TotalNetworks = new StorageValue<number>("TotalNetworks", 0);
export const NetworkMinLockCost = new StorageValue<bigint>("NetworkMinLockCost", 1_000_000_000_000n);
export const NetworkLastLockCost = new StorageValue<bigint>("NetworkLastLockCost", 1_000_000_000_000n);
export const NetworkLastRegistered = new StorageValue<number>("NetworkLastRegistered", 0);
export const NetworkLockReductionInterval = new StorageValue<number>("NetworkLockReductionInterval", 100_800);
export const NetworkRateLimit = new StorageValue<number>("NetworkRateLimit", 7_200);
export const NetworkImmunityPeriod = new StorageValue<number>("NetworkImmunityPeriod", 1_296_000);
export const StartCallDelay = new StorageValue<number>("StartCallDelay", 0);
export const StakeThreshold = new StorageValue<bigint>("StakeThreshold", 0n);
export const AdminFreezeWindow = new StorageValue<number>("AdminFreezeWindow", 10);
/** In tempos. */
export const OwnerHyperparamRateLimit = new StorageValue<number>("OwnerHyperparamRateLimit", 2);
export const MaxEpochsPerBlock = new StorageValue<number>("MaxEpochsPerBlock", 2);
/** I96F32 raw bits: 0.000003 (nearest; the reference converts a float literal). */
export const SubnetMovingAlpha = new StorageValue<bigint>("SubnetMovingAlpha", 12_885n);
export const EMAPriceHalvingBlocks = new StorageValue<number>("EMAPriceHalvingBlocks", 201_600);
export const RegisteredSubnetCounter = new StorageValue<number>("RegisteredSubnetCounter", 0);
export const CommitRevealWeightsVersion = new StorageValue<number>("CommitRevealWeightsVersion", 4);

// ---------------------------------------------------------------------------------------------
// Per subnet: existence, ownership, identity

export const NetworksAdded = new StorageMap<NetUid, boolean>("NetworksAdded", false);
export const SubnetOwner = new StorageMap<NetUid, AccountId | null>("SubnetOwner", null);
export const SubnetOwnerHotkey = new StorageMap<NetUid, AccountId | null>("SubnetOwnerHotkey", null);
export const NetworkRegisteredAt = new StorageMap<NetUid, number>("NetworkRegisteredAt", 0);
/** 0 = stable (1:1, root), 1 = dynamic. */
export const SubnetMechanism = new StorageMap<NetUid, number>("SubnetMechanism", 0);
export const TokenSymbol = new StorageMap<NetUid, string>("TokenSymbol", "");
export interface SubnetIdentity {
  readonly subnetName: string;
  readonly githubRepo: string;
  readonly subnetContact: string;
  readonly subnetUrl: string;
  readonly discord: string;
  readonly description: string;
  readonly logoUrl: string;
  readonly additional: string;
}
export const SubnetIdentitiesV3 = new StorageMap<NetUid, SubnetIdentity | null>("SubnetIdentitiesV3", null);
/** Set by start_call (block + 1); null before. */
export const FirstEmissionBlockNumber = new StorageMap<NetUid, number | null>(
  "FirstEmissionBlockNumber",
  null,
);
export const SubtokenEnabled = new StorageMap<NetUid, boolean>("SubtokenEnabled", false);
export const SubnetEmissionEnabled = new StorageMap<NetUid, boolean>("SubnetEmissionEnabled", true);
export const NetworkRegistrationAllowed = new StorageMap<NetUid, boolean>("NetworkRegistrationAllowed", true);
export const SubnetLocked = new StorageMap<NetUid, bigint>("SubnetLocked", 0n);

// ---------------------------------------------------------------------------------------------
// Per subnet: pool and economics

export const SubnetTAO = new StorageMap<NetUid, bigint>("SubnetTAO", 0n);
export const SubnetAlphaIn = new StorageMap<NetUid, bigint>("SubnetAlphaIn", 0n);
export const SubnetAlphaOut = new StorageMap<NetUid, bigint>("SubnetAlphaOut", 0n);
export const SubnetProtocolAlpha = new StorageMap<NetUid, bigint>("SubnetProtocolAlpha", 0n);
export const SubnetVolume = new StorageMap<NetUid, bigint>("SubnetVolume", 0n);
/** I96F32 raw bits (TAO per alpha). */
export const SubnetMovingPrice = new StorageMap<NetUid, bigint>("SubnetMovingPrice", 0n);
/** U96F32 raw bits. */
export const RootProp = new StorageMap<NetUid, bigint>("RootProp", 0n);
export const SubnetTaoInEmission = new StorageMap<NetUid, bigint>("SubnetTaoInEmission", 0n);
export const SubnetAlphaInEmission = new StorageMap<NetUid, bigint>("SubnetAlphaInEmission", 0n);
export const SubnetAlphaOutEmission = new StorageMap<NetUid, bigint>("SubnetAlphaOutEmission", 0n);
export const SubnetExcessTao = new StorageMap<NetUid, bigint>("SubnetExcessTao", 0n);
/** U96F32 raw bits: fraction of the last epoch's miner incentive withheld from owner hotkeys. */
export const MinerBurned = new StorageMap<NetUid, bigint>("MinerBurned", 0n);
export const RAORecycledForRegistration = new StorageMap<NetUid, bigint>("RAORecycledForRegistration", 0n);
/** The pool's TAO weight w_q (Balancer), 18-decimal fixed point; 0.5 by default. */
export const SwapBalancer = new StorageMap<NetUid, bigint>("SwapBalancer", 500_000_000_000_000_000n);
/** Swap fee rate, u16 / 65535 (33 ≈ 0.05 %). */
export const FeeRate = new StorageMap<NetUid, number>("FeeRate", 33);

// ---------------------------------------------------------------------------------------------
// Per subnet: pending emission and scheduling

export const PendingServerEmission = new StorageMap<NetUid, bigint>("PendingServerEmission", 0n);
export const PendingValidatorEmission = new StorageMap<NetUid, bigint>("PendingValidatorEmission", 0n);
export const PendingRootAlphaDivs = new StorageMap<NetUid, bigint>("PendingRootAlphaDivs", 0n);
export const PendingOwnerCut = new StorageMap<NetUid, bigint>("PendingOwnerCut", 0n);
export const Tempo = new StorageMap<NetUid, number>("Tempo", 360);
export const LastEpochBlock = new StorageMap<NetUid, number>("LastEpochBlock", 0);
export const PendingEpochAt = new StorageMap<NetUid, number>("PendingEpochAt", 0);
export const SubnetEpochIndex = new StorageMap<NetUid, number>("SubnetEpochIndex", 0);
export const BlocksSinceLastStep = new StorageMap<NetUid, number>("BlocksSinceLastStep", 0);
export const LastMechansimStepBlock = new StorageMap<NetUid, number>("LastMechansimStepBlock", 0);

// ---------------------------------------------------------------------------------------------
// Per subnet: neurons (vectors are dense, indexed by uid, length SubnetworkN)

export const SubnetworkN = new StorageMap<NetUid, number>("SubnetworkN", 0);
export const Keys = new StorageDoubleMap<NetUid, Uid, AccountId | null>("Keys", null);
export const Uids = new StorageDoubleMap<NetUid, AccountId, Uid | null>("Uids", null);
export const IsNetworkMember = new StorageDoubleMap<AccountId, NetUid, boolean>("IsNetworkMember", false);
export const BlockAtRegistration = new StorageDoubleMap<NetUid, Uid, number>("BlockAtRegistration", 0);
export interface AxonInfo {
  readonly block: number;
  readonly version: number;
  /** IPv4 or IPv6 as a decimal u128 string. */
  readonly ip: string;
  readonly port: number;
  readonly ipType: number;
  readonly protocol: number;
  readonly placeholder1: number;
  readonly placeholder2: number;
}
export const Axons = new StorageDoubleMap<NetUid, AccountId, AxonInfo | null>("Axons", null);
export interface PrometheusInfo {
  readonly block: number;
  readonly version: number;
  readonly ip: string;
  readonly port: number;
  readonly ipType: number;
}
export const Prometheus = new StorageDoubleMap<NetUid, AccountId, PrometheusInfo | null>("Prometheus", null);
export const Active = new StorageMap<NetUid, readonly boolean[]>("Active", []);
/** Alpha (rao) per uid, last epoch. */
export const Emission = new StorageMap<NetUid, readonly bigint[]>("Emission", []);
export const Consensus = new StorageMap<NetUid, readonly number[]>("Consensus", []);
export const Dividends = new StorageMap<NetUid, readonly number[]>("Dividends", []);
export const ValidatorTrust = new StorageMap<NetUid, readonly number[]>("ValidatorTrust", []);
export const ValidatorPermit = new StorageMap<NetUid, readonly boolean[]>("ValidatorPermit", []);
export const StakeWeight = new StorageMap<NetUid, readonly number[]>("StakeWeight", []);
/** Per mechanism index. */
export const Incentive = new StorageMap<NetUidIndex, readonly number[]>("Incentive", []);
export const LastUpdate = new StorageMap<NetUidIndex, readonly number[]>("LastUpdate", []);
export const Weights = new StorageDoubleMap<NetUidIndex, Uid, ReadonlyArray<readonly [number, number]>>(
  "Weights",
  [],
);
export const Bonds = new StorageDoubleMap<NetUidIndex, Uid, ReadonlyArray<readonly [number, number]>>(
  "Bonds",
  [],
);

// ---------------------------------------------------------------------------------------------
// Per subnet: hyperparameters (storage defaults; see initNewNetwork for the values of new subnets)

export const Rho = new StorageMap<NetUid, number>("Rho", 10);
export const Kappa = new StorageMap<NetUid, number>("Kappa", 32_767);
export const ImmunityPeriod = new StorageMap<NetUid, number>("ImmunityPeriod", 4_096);
export const MinAllowedWeights = new StorageMap<NetUid, number>("MinAllowedWeights", 1_024);
export const WeightsVersionKey = new StorageMap<NetUid, bigint>("WeightsVersionKey", 0n);
export const WeightsSetRateLimit = new StorageMap<NetUid, number>("WeightsSetRateLimit", 100);
export const ActivityCutoffFactorMilli = new StorageMap<NetUid, number>("ActivityCutoffFactorMilli", 13_889);
export const ActivityCutoff = new StorageMap<NetUid, number>("ActivityCutoff", 5_000);
export const TargetRegistrationsPerInterval = new StorageMap<NetUid, number>(
  "TargetRegistrationsPerInterval",
  2,
);
export const MinBurn = new StorageMap<NetUid, bigint>("MinBurn", 500_000n);
export const MaxBurn = new StorageMap<NetUid, bigint>("MaxBurn", 100_000_000_000n);
export const Burn = new StorageMap<NetUid, bigint>("Burn", 100_000_000n);
export const BurnHalfLife = new StorageMap<NetUid, number>("BurnHalfLife", 360);
/** U64F64 raw bits: 1.26. */
export const BurnIncreaseMult = new StorageMap<NetUid, bigint>(
  "BurnIncreaseMult",
  23_242_897_532_874_035_036n,
);
export const MaxRegistrationsPerBlock = new StorageMap<NetUid, number>("MaxRegistrationsPerBlock", 1);
export const RegistrationsThisBlock = new StorageMap<NetUid, number>("RegistrationsThisBlock", 0);
export const RegistrationsThisInterval = new StorageMap<NetUid, number>("RegistrationsThisInterval", 0);
export const ServingRateLimit = new StorageMap<NetUid, number>("ServingRateLimit", 50);
export const MaxAllowedValidators = new StorageMap<NetUid, number>("MaxAllowedValidators", 128);
export const MaxAllowedUids = new StorageMap<NetUid, number>("MaxAllowedUids", 256);
export const MinAllowedUids = new StorageMap<NetUid, number>("MinAllowedUids", 64);
export const BondsMovingAverage = new StorageMap<NetUid, number>("BondsMovingAverage", 900_000);
export const BondsPenalty = new StorageMap<NetUid, number>("BondsPenalty", 65_535);
export const BondsResetOn = new StorageMap<NetUid, boolean>("BondsResetOn", false);
export const CommitRevealWeightsEnabled = new StorageMap<NetUid, boolean>("CommitRevealWeightsEnabled", true);
export const RevealPeriodEpochs = new StorageMap<NetUid, number>("RevealPeriodEpochs", 1);
export const LiquidAlphaOn = new StorageMap<NetUid, boolean>("LiquidAlphaOn", false);
export const AlphaValues = new StorageMap<NetUid, readonly [number, number]>("AlphaValues", [45_875, 58_982]);
export const AlphaSigmoidSteepness = new StorageMap<NetUid, number>("AlphaSigmoidSteepness", 1_000);
export const Yuma3On = new StorageMap<NetUid, boolean>("Yuma3On", false);
export const TransferToggle = new StorageMap<NetUid, boolean>("TransferToggle", true);
export const OwnerCutEnabled = new StorageMap<NetUid, boolean>("OwnerCutEnabled", true);
export const ImmuneOwnerUidsLimit = new StorageMap<NetUid, number>("ImmuneOwnerUidsLimit", 1);
export const MinNonImmuneUids = new StorageMap<NetUid, number>("MinNonImmuneUids", 10);
/** "Burn" or "Recycle": what happens to miner emission of owner hotkeys. */
export const RecycleOrBurn = new StorageMap<NetUid, "Burn" | "Recycle">("RecycleOrBurn", "Burn");
export const MechanismCountCurrent = new StorageMap<NetUid, number>("MechanismCountCurrent", 1);
export const MechanismEmissionSplit = new StorageMap<NetUid, readonly number[] | null>(
  "MechanismEmissionSplit",
  null,
);

// ---------------------------------------------------------------------------------------------
// Hotkeys, stake (the share-pool model is completed by the staking issue)

/** Owner[hotkey] = coldkey. */
export const Owner = new StorageMap<AccountId, AccountId | null>("Owner", null);
export const OwnedHotkeys = new StorageMap<AccountId, readonly AccountId[]>("OwnedHotkeys", []);
export const StakingHotkeys = new StorageMap<AccountId, readonly AccountId[]>("StakingHotkeys", []);
/** Take, u16 / 65535 (default 18 %: 11796). */
export const Delegates = new StorageMap<AccountId, number>("Delegates", 11_796);
/** Value of the (hotkey, netuid) stake pool in alpha rao. */
export const TotalHotkeyAlpha = new StorageDoubleMap<AccountId, NetUid, bigint>("TotalHotkeyAlpha", 0n);
/** Total shares of the (hotkey, netuid) pool. */
export const TotalHotkeySharesV2 = new StorageDoubleMap<AccountId, NetUid, bigint>("TotalHotkeySharesV2", 0n);
/** Shares of a coldkey in a (hotkey, netuid) pool, keyed by `${hotkey}/${coldkey}` then netuid. */
export const AlphaV2 = new StorageDoubleMap<string, NetUid, bigint>("AlphaV2", 0n);

// ---------------------------------------------------------------------------------------------
// Weights commit-reveal

export interface WeightCommit {
  readonly hash: string;
  readonly commitBlock: number;
  readonly commitEpoch: number;
}
/** WeightCommits[netuid index][hotkey] = queue of hash commits. */
export const WeightCommits = new StorageDoubleMap<NetUidIndex, AccountId, readonly WeightCommit[]>(
  "WeightCommits",
  [],
);
