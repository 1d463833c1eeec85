export { type Block, extrinsicsRoot, headerHash, type SealedHeader, ZERO_HASH } from "./block.js";
export {
  type BuildParams,
  type BuiltBlock,
  Engine,
  MAX_TX_BYTES,
  type StateChange,
  type TxCheck,
} from "./engine.js";
export { NodeError, RpcCode, TransactionRejected } from "./errors.js";
export { jsonValue, toJson } from "./json.js";
export { DEFAULT_LIMITS, Mempool, type MempoolLimits, type PoolEntry } from "./mempool.js";
export { NodeMetrics } from "./metrics.js";
export { type BlockNotice, type Inclusion, type NodeOptions, type Sealing, TaoNode } from "./node.js";
export { type Head, Store, type StoreOptions, type UndoEntry } from "./store.js";
