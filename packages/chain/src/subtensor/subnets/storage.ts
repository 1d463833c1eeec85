/**
 * Storage items of the subnet lifecycle and the admin calls that storage.ts does not declare (same naming
 * rule: the reference's storage names and defaults, chain.md §2, §11, §12).
 */
import { StorageMap, StorageValue } from "../../state/items.js";

type NetUid = number;

/** Network registration is allowed from this block on (SubNetRegistrationDisabled before). */
export const NetworkRegistrationStartBlock = new StorageValue<number>("NetworkRegistrationStartBlock", 0);

/**
 * Last block of rate-limited actions keyed by the reference's RateLimitKey, written as a string:
 * `OwnerHyperparamUpdate/<netuid>/<Hyperparameter>`, `SetSNOwnerHotkey/<netuid>`.
 */
export const LastRateLimitedBlock = new StorageMap<string, number>("LastRateLimitedBlock", 0);

/** Last block per (key, netuid, transaction type code), keyed `<account>/<netuid>/<code>`. */
export const TransactionKeyLastBlock = new StorageMap<string, number>("TransactionKeyLastBlock", 0);

/** The owner may change the weights version key once per this many tempos. */
export const WeightsVersionKeyRateLimit = new StorageValue<number>("WeightsVersionKeyRateLimit", 5);
/** Lower bound of the legacy ActivityCutoff (blocks). */
export const MinActivityCutoff = new StorageValue<number>("MinActivityCutoff", 360);

// Legacy registration parameters (kept for the hyperparameter RPC and their setters).
export const AdjustmentInterval = new StorageMap<NetUid, number>("AdjustmentInterval", 100);
export const AdjustmentAlpha = new StorageMap<NetUid, bigint>("AdjustmentAlpha", 0n);
export const Difficulty = new StorageMap<NetUid, bigint>("Difficulty", 10_000_000n);
export const MinDifficulty = new StorageMap<NetUid, bigint>("MinDifficulty", 10_000_000n);
export const MaxDifficulty = new StorageMap<NetUid, bigint>("MaxDifficulty", 4_611_686_018_427_387_903n);

/** Owner-set floor of childkey takes on a subnet (u16 / 65535). */
export const MinChildkeyTakePerSubnet = new StorageMap<NetUid, number>("MinChildkeyTakePerSubnet", 0);
export const OwnerCutAutoLockEnabled = new StorageMap<NetUid, boolean>("OwnerCutAutoLockEnabled", false);

// Global knobs set by root through AdminUtils.
export const TxRateLimit = new StorageValue<number>("TxRateLimit", 1_000);
/** The default (and maximum) delegate take, u16 / 65535 (18 %). */
export const MaxDelegateTake = new StorageValue<number>("MaxDelegateTake", 11_796);
export const MinDelegateTake = new StorageValue<number>("MinDelegateTake", 0);
export const TxDelegateTakeRateLimit = new StorageValue<number>("TxDelegateTakeRateLimit", 216_000);
export const MinChildkeyTake = new StorageValue<number>("MinChildkeyTake", 0);
export const MaxChildkeyTake = new StorageValue<number>("MaxChildkeyTake", 11_796);
export const NominatorMinRequiredStake = new StorageValue<bigint>("NominatorMinRequiredStake", 0n);
/** u64 proportion (value / (2^64 - 1)) of childkey dividends recycled. */
export const CKBurn = new StorageValue<bigint>("CKBurn", 0n);
export const MaxMechanismCount = new StorageValue<number>("MaxMechanismCount", 2);

/**
 * Subnets registered after this block settle their pool alpha (SubnetAlphaIn) with the protocol share at
 * dissolution; earlier ones only their protocol-owned alpha (the reference's refund deployment block).
 */
export const TaoInRefundDeploymentBlock = new StorageValue<number>("TaoInRefundDeploymentBlock", 0);
