/**
 * Storage items the coinbase writes that `storage.ts` does not declare (reference names, chain.md §2).
 * The staking issue (claim_root) reads RootClaimable.
 */
import type { AccountId } from "../../crypto.js";
import { StorageDoubleMap } from "../../state/items.js";

type NetUid = number;

/**
 * RootClaimable[hotkey][netuid]: alpha of `netuid` claimable per unit of root stake on `hotkey`
 * (I96F32 raw bits). A root staker's claim = rate × its root stake on the hotkey − RootClaimed.
 */
export const RootClaimable = new StorageDoubleMap<AccountId, NetUid, bigint>("RootClaimable", 0n);

/** The nominators' alpha dividends of a hotkey in the last epoch of a subnet (AlphaDividendsPerSubnet). */
export const AlphaDividendsPerSubnet = new StorageDoubleMap<NetUid, AccountId, bigint>(
  "AlphaDividendsPerSubnet",
  0n,
);

/** The root-claimable alpha dividends of a hotkey in the last epoch of a subnet (RootAlphaDividendsPerSubnet). */
export const RootAlphaDividendsPerSubnet = new StorageDoubleMap<NetUid, AccountId, bigint>(
  "RootAlphaDividendsPerSubnet",
  0n,
);
