/**
 * The ABCI++ messages taonet uses, for CometBFT v0.38 (`tendermint.abci.Request` / `Response`). Field
 * numbers are those of `proto/tendermint/abci/types.proto` v0.38.17; only the fields the application
 * reads or writes are modelled, the rest are skipped on decode and left at their zero value on encode.
 */
import { ProtoReader, ProtoWriter } from "./proto.js";

/** CometBFT's pinned release (see docs/cometbft.md). */
export const COMETBFT_VERSION = "0.38.17";

export interface ValidatorUpdate {
  /** Ed25519 public key (32 bytes). */
  readonly pubKey: Uint8Array;
  readonly power: bigint;
}

export interface ProposalHeader {
  readonly height: number;
  /** Milliseconds since the epoch (CometBFT's BFT time, truncated to ms). */
  readonly timeMs: number;
  readonly proposer: Uint8Array;
  readonly txs: Uint8Array[];
  readonly hash: Uint8Array;
  /** The validator set of the previous height (from the last commit's votes): 20-byte addresses, power. */
  readonly lastValidators: ReadonlyArray<{ readonly address: Uint8Array; readonly power: bigint }>;
}

export type Request =
  | { readonly kind: "echo"; readonly message: string }
  | { readonly kind: "flush" }
  | { readonly kind: "info"; readonly version: string }
  | {
      readonly kind: "initChain";
      readonly chainId: string;
      readonly timeMs: number;
      readonly validators: ValidatorUpdate[];
      readonly appState: Uint8Array;
      readonly initialHeight: number;
    }
  | { readonly kind: "query"; readonly path: string; readonly data: Uint8Array; readonly height: number }
  | { readonly kind: "checkTx"; readonly tx: Uint8Array; readonly recheck: boolean }
  | { readonly kind: "commit" }
  | { readonly kind: "listSnapshots" }
  | { readonly kind: "offerSnapshot" }
  | { readonly kind: "loadSnapshotChunk" }
  | { readonly kind: "applySnapshotChunk" }
  | ({ readonly kind: "prepareProposal"; readonly maxTxBytes: number } & ProposalHeader)
  | ({ readonly kind: "processProposal" } & ProposalHeader)
  | { readonly kind: "extendVote" }
  | { readonly kind: "verifyVoteExtension" }
  | ({ readonly kind: "finalizeBlock" } & ProposalHeader);

export type RequestKind = Request["kind"];

/** Request oneof field → kind, and the matching Response oneof field. */
const KINDS: Record<number, [RequestKind, number]> = {
  1: ["echo", 2],
  2: ["flush", 3],
  3: ["info", 4],
  5: ["initChain", 6],
  6: ["query", 7],
  8: ["checkTx", 9],
  11: ["commit", 12],
  12: ["listSnapshots", 13],
  13: ["offerSnapshot", 14],
  14: ["loadSnapshotChunk", 15],
  15: ["applySnapshotChunk", 16],
  16: ["prepareProposal", 17],
  17: ["processProposal", 18],
  18: ["extendVote", 19],
  19: ["verifyVoteExtension", 20],
  20: ["finalizeBlock", 21],
};

const RESPONSE_FIELD = Object.fromEntries(Object.values(KINDS).map(([k, f]) => [k, f])) as Record<
  RequestKind,
  number
>;

/** google.protobuf.Timestamp → milliseconds. */
function timeMs(r: ProtoReader): number {
  return Number(r.int(1)) * 1000 + Math.floor(Number(r.int(2)) / 1_000_000);
}

/** CommitInfo / ExtendedCommitInfo: votes (2) → validator (1) → address (1), power (3). */
function validatorsOf(commit: ProtoReader): ProposalHeader["lastValidators"] {
  return commit.repeatedBytes(2).map((vote) => {
    const v = new ProtoReader(vote).message(1);
    return { address: v.bytes(1), power: v.int(3) };
  });
}

function header(r: ProtoReader, txs: number): ProposalHeader {
  return {
    txs: r.repeatedBytes(txs),
    lastValidators: validatorsOf(r.message(2)),
    hash: r.bytes(4),
    height: r.num(5),
    timeMs: timeMs(r.message(6)),
    proposer: r.bytes(8),
  };
}

export function decodeRequest(buf: Uint8Array): Request {
  const outer = new ProtoReader(buf);
  const field = outer.oneof(Object.keys(KINDS).map(Number));
  if (field === undefined) throw new Error("ABCI request without a known value");
  const r = outer.message(field);
  const kind = (KINDS[field] as [RequestKind, number])[0];
  switch (kind) {
    case "echo":
      return { kind, message: r.string(1) };
    case "info":
      return { kind, version: r.string(1) };
    case "initChain":
      return {
        kind,
        timeMs: timeMs(r.message(1)),
        chainId: r.string(2),
        validators: r.repeatedBytes(4).map((b) => {
          const v = new ProtoReader(b);
          return { pubKey: v.message(1).bytes(1), power: v.int(2) };
        }),
        appState: r.bytes(5),
        initialHeight: r.num(6),
      };
    case "query":
      return { kind, data: r.bytes(1), path: r.string(2), height: r.num(3) };
    case "checkTx":
      return { kind, tx: r.bytes(1), recheck: r.num(2) === 1 };
    case "prepareProposal":
      return {
        kind,
        maxTxBytes: r.num(1),
        txs: r.repeatedBytes(2),
        lastValidators: validatorsOf(r.message(3)),
        hash: new Uint8Array(0),
        height: r.num(5),
        timeMs: timeMs(r.message(6)),
        proposer: r.bytes(8),
      };
    case "processProposal":
    case "finalizeBlock":
      return { kind, ...header(r, 1) };
    default:
      return { kind } as Request;
  }
}

export interface Event {
  readonly type: string;
  readonly attributes: ReadonlyArray<readonly [string, string]>;
}

export interface TxResult {
  readonly code: number;
  readonly log?: string;
  readonly info?: string;
  readonly codespace?: string;
  readonly data?: Uint8Array;
  readonly events?: readonly Event[];
}

export type Response =
  | { readonly kind: "exception"; readonly error: string }
  | { readonly kind: "echo"; readonly message: string }
  | {
      readonly kind: "info";
      readonly data: string;
      readonly version: string;
      readonly height: number;
      readonly appHash: Uint8Array;
    }
  | {
      readonly kind: "initChain";
      readonly appHash: Uint8Array;
      readonly validators?: readonly ValidatorUpdate[];
    }
  | {
      readonly kind: "query";
      readonly code: number;
      readonly log: string;
      readonly value: Uint8Array;
      readonly height: number;
    }
  | ({ readonly kind: "checkTx" } & TxResult)
  | { readonly kind: "commit"; readonly retainHeight: number }
  | { readonly kind: "prepareProposal"; readonly txs: readonly Uint8Array[] }
  | { readonly kind: "processProposal"; readonly accept: boolean }
  | { readonly kind: "verifyVoteExtension" }
  | {
      readonly kind: "finalizeBlock";
      readonly txResults: readonly TxResult[];
      readonly events: readonly Event[];
      readonly validatorUpdates: readonly ValidatorUpdate[];
      readonly appHash: Uint8Array;
    }
  | {
      readonly kind: Exclude<
        RequestKind,
        | "echo"
        | "info"
        | "initChain"
        | "query"
        | "checkTx"
        | "commit"
        | "prepareProposal"
        | "processProposal"
        | "verifyVoteExtension"
        | "finalizeBlock"
      >;
    };

function eventMsg(e: Event): ProtoWriter {
  const w = new ProtoWriter().string(1, e.type);
  for (const [k, v] of e.attributes) w.message(2, new ProtoWriter().string(1, k).string(2, v).uint(3, true));
  return w;
}

function txResultMsg(r: TxResult): ProtoWriter {
  const w = new ProtoWriter().uint(1, r.code).bytes(2, r.data).string(3, r.log).string(4, r.info);
  for (const e of r.events ?? []) w.message(7, eventMsg(e));
  return w.string(8, r.codespace);
}

function validatorUpdateMsg(v: ValidatorUpdate): ProtoWriter {
  return new ProtoWriter().message(1, new ProtoWriter().bytes(1, v.pubKey)).uint(2, v.power);
}

export function encodeResponse(res: Response): Uint8Array {
  let w = new ProtoWriter();
  let field: number;
  switch (res.kind) {
    case "exception":
      field = 1;
      w.string(1, res.error);
      break;
    case "echo":
      field = 2;
      w.string(1, res.message);
      break;
    case "info":
      field = 4;
      w.string(1, res.data).string(2, res.version).uint(4, res.height).bytes(5, res.appHash);
      break;
    case "initChain":
      field = 6;
      for (const v of res.validators ?? []) w.message(2, validatorUpdateMsg(v));
      w.bytes(3, res.appHash);
      break;
    case "query":
      field = 7;
      w.uint(1, res.code).string(3, res.log).bytes(7, res.value).uint(9, res.height);
      break;
    case "checkTx":
      field = 9;
      w = txResultMsg(res);
      break;
    case "commit":
      field = 12;
      w.uint(3, res.retainHeight);
      break;
    case "prepareProposal":
      field = 17;
      for (const tx of res.txs) {
        // repeated bytes: empty entries must still be written
        if (tx.length === 0) w.message(1, new ProtoWriter());
        else w.bytes(1, tx);
      }
      break;
    case "processProposal":
      field = 18;
      w.uint(1, res.accept ? 1 : 2);
      break;
    case "verifyVoteExtension":
      field = 20;
      w.uint(1, 1);
      break;
    case "finalizeBlock":
      field = 21;
      for (const e of res.events) w.message(1, eventMsg(e));
      for (const r of res.txResults) w.message(2, txResultMsg(r));
      for (const v of res.validatorUpdates) w.message(3, validatorUpdateMsg(v));
      w.bytes(5, res.appHash);
      break;
    default:
      field = RESPONSE_FIELD[res.kind];
  }
  return new ProtoWriter().message(field, w).finish();
}
