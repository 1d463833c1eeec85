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
export {
  type BlockNotice,
  fromStateGenesisHash,
  type Inclusion,
  type NodeOptions,
  type Sealing,
  type SubmitResult,
  TaoNode,
} from "./node.js";
export { Dispatcher } from "./rpc/dispatch.js";
export { methods } from "./rpc/methods.js";
export { DEFAULT_RPC_OPTIONS, RpcServer, type RpcServerOptions } from "./rpc/server.js";
export { genesisOf, type RunningNode, type RunOptions, runNode } from "./run.js";
export { type ChainInfo, type Head, Store, type StoreOptions, type UndoEntry } from "./store.js";
