export {
  type ApplyOptions,
  applyBlock,
  type BlockResult,
  type Receipt,
  type RejectedTransaction,
  transactionFee,
} from "./block.js";
export * from "./crypto.js";
export { ChainError, InvalidTransaction } from "./errors.js";
export {
  createGenesis,
  DEV_ACCOUNTS,
  devGenesis,
  devParams,
  genesisHash,
  mainnetGenesis,
  mainnetParams,
  parseGenesisFile,
} from "./genesis.js";
export * from "./queries/accounts.js";
export * from "./queries/delegates.js";
export * from "./queries/metagraph.js";
export * from "./queries/subnets.js";
export { findCall, listCalls, pallets } from "./runtime.js";
export { type ConformanceCase, checkResults } from "./snapshot/conformance.js";
export {
  canonicalJson,
  type DumpOptions,
  dumpState,
  loadState,
  STATE_FORMAT,
  StateFormatError,
  type StateSnapshot,
} from "./snapshot/state-json.js";
export {
  parseT8nInput,
  runT8n,
  T8N_OPS,
  type T8nAction,
  type T8nInput,
  T8nInputError,
  type T8nResult,
} from "./snapshot/t8n.js";
export { decode, encode } from "./state/encode.js";
export { registeredItems, StorageDoubleMap, StorageMap, StorageValue } from "./state/items.js";
export { State } from "./state/state.js";
export * as storage from "./storage.js";
export {
  AutoParentDelegationEnabled,
  AutoStakeDestination,
  ChildKeys,
  ChildkeyTake,
  type ChildList,
  childkeyTake,
  getChildren,
  getParents,
  inheritedAlpha,
  inheritedTao,
  ParentKeys,
  PendingChildKeys,
} from "./subtensor/children.js";
export {
  EmissionShareRule,
  type EmissionShareRuleValue,
  FlowEmaSmoothingFactor,
  FlowNormExponent,
  NetTaoFlowEnabled,
  SubnetEmaProtocolFlow,
  SubnetEmaTaoFlow,
  SubnetProtocolFlow,
  SubnetTaoFlow,
  TaoFlowCutoff,
  taoFlowShares,
} from "./subtensor/coinbase/taoflow.js";
export {
  type RootClaim,
  type RootClaimableEntry,
  type RootClaimTypeValue,
  rootClaimableOf,
  rootOwed,
} from "./subtensor/root-claim.js";
export {
  beaconPublicKeyOf,
  devBeaconSecret,
  encryptWeightsCommit,
  signPulse,
  verifyPulse,
} from "./subtensor/timelock.js";
export { commitHash, maxUpscaleU16 } from "./subtensor/weights.js";
export * from "./tx.js";
export type * from "./types.js";
export { SignatureVerifier } from "./verifier.js";
