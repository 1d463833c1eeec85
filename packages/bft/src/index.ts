export {
  COMETBFT_VERSION,
  decodeRequest,
  encodeResponse,
  type Request,
  type Response,
  type TxResult,
  type ValidatorUpdate,
} from "./abci.js";
export { CODESPACE, decodeTx, FEE_SINK_URI, TaoApp, TX_CODES } from "./app.js";
export { COMETBFT_INSTALL, CometRpc, type CometStatus, findCometbft, forwardTo } from "./cometbft.js";
export { type BftRunOptions, type RunningBftNode, runBftNode } from "./run.js";
export { AbciServer, parseAbciAddress } from "./server.js";
export {
  FAST_TIMEOUTS,
  initTestnet,
  isAlive,
  type NodeLayout,
  readLayout,
  signalPid,
  startValidator,
  type TestnetLayout,
  type TestnetOptions,
  testnetExists,
  testnetStatus,
  type ValidatorStatus,
  writeLayout,
} from "./testnet.js";
