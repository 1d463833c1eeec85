/**
 * taonet as an ABCI++ application. CometBFT decides the blocks; the application executes them with the
 * same engine as the embedded node (`Engine.buildBlock` → `applyBlock`) and persists them with the same
 * store (`TaoNode.commitExternal`: one atomic batch per block).
 *
 * - Heights: taonet block n is CometBFT height n (initial height 1); block time is CometBFT's header time
 *   (ms). The parent hash is taonet's own block hash.
 * - App hash: taonet's state root after the block (32 bytes).
 * - Author: fees go to the sudo key's account (the network's treasury); without a sudo key, to FEE_SINK.
 *   Every node derives it from the state, so it cannot differ between validators.
 * - Transactions: the canonical encoding of `SignedTransaction` (`encodeTransaction`); non-canonical bytes
 *   are undecodable.
 */
import { createHash } from "node:crypto";
import {
  type AccountId,
  blake2b256,
  decode,
  encode,
  encodeTransaction,
  isAddress,
  keyPairFromUri,
  type SignedTransaction,
  storage,
  transactionHash,
} from "@taonet/chain";
import {
  type BuiltBlock,
  headerHash,
  type SealedHeader,
  type TaoNode,
  TransactionRejected,
  toJson,
} from "@taonet/node";
import type { Logger } from "pino";
import type { Event, ProposalHeader, Request, Response, TxResult, ValidatorUpdate } from "./abci.js";

/** Where fees go on a chain without a sudo key: the account of the well-known URI `//FeeSink`. */
export const FEE_SINK_URI = "//FeeSink";

/**
 * Stable CheckTx / ExecTxResult codes. The log is `<Name>: <message>` with the reference's error name;
 * `info` carries the name alone. Code 0 is success.
 */
export const TX_CODES: Readonly<Record<string, number>> = {
  Undecodable: 1,
  BadProof: 2,
  Call: 3,
  Stale: 4,
  Future: 5,
  Payment: 6,
  ExhaustsResources: 7,
  AlreadyImported: 8,
  /** Included and paid for, but the call failed (the log names the dispatch error, e.g. `SubtensorModule.NotEnoughBalanceToStake`). */
  DispatchFailed: 10,
  Other: 99,
};

export const CODESPACE = "taonet";

const codeOf = (name: string) => TX_CODES[name] ?? (TX_CODES.Other as number);

function failure(name: string, message: string): TxResult {
  return { code: codeOf(name), log: `${name}: ${message}`, info: name, codespace: CODESPACE };
}

/** Decodes CometBFT transaction bytes; undefined unless they are a canonical `SignedTransaction`. */
export function decodeTx(bytes: Uint8Array): SignedTransaction | undefined {
  let v: unknown;
  try {
    v = decode(bytes);
  } catch {
    return undefined;
  }
  if (typeof v !== "object" || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const call = o.call as Record<string, unknown> | undefined;
  if (
    typeof o.signer !== "string" ||
    !isAddress(o.signer) ||
    typeof o.nonce !== "number" ||
    !Number.isSafeInteger(o.nonce) ||
    o.nonce < 0 ||
    typeof o.tip !== "bigint" ||
    o.tip < 0n ||
    typeof o.signature !== "string" ||
    typeof call !== "object" ||
    call === null ||
    typeof call.module !== "string" ||
    typeof call.method !== "string" ||
    typeof call.args !== "object" ||
    call.args === null
  ) {
    return undefined;
  }
  const tx: SignedTransaction = {
    signer: o.signer,
    nonce: o.nonce,
    call: { module: call.module, method: call.method, args: call.args as Record<string, unknown> },
    signature: o.signature,
    ...(o.tip > 0n ? { tip: o.tip } : {}),
  };
  return Buffer.from(encodeTransaction(tx)).equals(Buffer.from(bytes)) ? tx : undefined;
}

const hexBytes = (h: string) => new Uint8Array(Buffer.from(h.replace(/^0x/, ""), "hex"));

export interface AppOptions {
  readonly node: TaoNode;
  readonly log: Logger;
  /**
   * Test builds only (`TAONET_BFT_FAULT_HEIGHT`): from this height on, the application writes an extra
   * state entry, i.e. computes a different app hash from the other validators.
   */
  readonly faultHeight?: number;
}

export class TaoApp {
  private readonly node: TaoNode;
  private readonly log: Logger;
  private readonly faultHeight: number | undefined;
  /** The block FinalizeBlock executed, persisted by Commit. */
  private pending: BuiltBlock | undefined;
  /** Blocks executed in PrepareProposal, reused by FinalizeBlock when the proposal is decided as is. */
  private readonly proposals = new Map<string, BuiltBlock>();

  constructor(options: AppOptions) {
    this.node = options.node;
    this.log = options.log;
    this.faultHeight = options.faultHeight;
  }

  handle = (req: Request): Response | Promise<Response> => {
    switch (req.kind) {
      case "echo":
        return { kind: "echo", message: req.message };
      case "flush":
        return { kind: "flush" };
      case "info":
        return this.info();
      case "initChain":
        return this.initChain(req);
      case "query":
        return this.query(req.path, req.data);
      case "checkTx":
        return this.checkTx(req.tx, req.recheck);
      case "prepareProposal":
        return this.prepareProposal(req);
      case "processProposal":
        return { kind: "processProposal", accept: req.txs.every((b) => decodeTx(b) !== undefined) };
      case "finalizeBlock":
        return this.finalizeBlock(req);
      case "commit":
        return this.commit();
      case "verifyVoteExtension":
        return { kind: "verifyVoteExtension" };
      default:
        return { kind: req.kind } as Response;
    }
  };

  private info(): Response {
    const head = this.node.head;
    return {
      kind: "info",
      data: this.node.spec.name,
      version: "taonet/0.1.0",
      height: head.header.number,
      appHash: head.header.number === 0 ? new Uint8Array(0) : hexBytes(head.header.stateRoot),
    };
  }

  private initChain(req: Extract<Request, { kind: "initChain" }>): Response {
    if (req.initialHeight > 1) throw new Error(`initial height ${req.initialHeight}: taonet starts at 1`);
    const head = this.node.head;
    if (head.header.number !== 0) throw new Error(`InitChain on a chain at height ${head.header.number}`);
    this.log.info(
      { chainId: req.chainId, validators: req.validators.length, genesisHash: this.node.spec.genesisHash },
      "InitChain",
    );
    return { kind: "initChain", appHash: hexBytes(head.header.stateRoot) };
  }

  private async checkTx(bytes: Uint8Array, recheck: boolean): Promise<Response> {
    const tx = decodeTx(bytes);
    if (!tx) return { kind: "checkTx", ...failure("Undecodable", "not a canonical signed transaction") };
    try {
      if (recheck) this.node.engine.checkTx(tx);
      else await this.node.submitLocal(tx);
      return { kind: "checkTx", code: 0 };
    } catch (err) {
      // CometBFT deduplicates its own mempool (its cache); the node's pool only mirrors it
      if (!recheck && err instanceof TransactionRejected && err.code === "AlreadyImported") {
        return { kind: "checkTx", code: 0 };
      }
      if (recheck) this.node.mempool.remove(transactionHash(tx));
      if (err instanceof TransactionRejected) return { kind: "checkTx", ...failure(err.code, err.message) };
      throw err;
    }
  }

  private author(): AccountId {
    return storage.SudoKey.get(this.node.engine.state) ?? keyPairFromUri(FEE_SINK_URI).address;
  }

  /** Decoded transactions with good signatures (those in the pool were verified at CheckTx). */
  private async verified(
    txs: readonly SignedTransaction[],
  ): Promise<{ ok: SignedTransaction[]; bad: Set<SignedTransaction> }> {
    const unknown = txs.filter((tx) => !this.node.mempool.has(transactionHash(tx)));
    const bad = new Set<SignedTransaction>();
    if (unknown.length > 0) {
      const valid = await this.node.verifySignatures(unknown);
      unknown.forEach((tx, i) => {
        if (!valid[i]) bad.add(tx);
      });
    }
    return { ok: txs.filter((tx) => !bad.has(tx)), bad };
  }

  private build(height: number, timeMs: number, txs: readonly SignedTransaction[]): BuiltBlock {
    const head = this.node.head.header.number;
    if (height !== head + 1) throw new Error(`block ${height} does not follow the head ${head}`);
    const built = this.node.engine.buildBlock({ author: this.author(), timestamp: timeMs }, txs, true);
    return this.faultHeight !== undefined && height >= this.faultHeight
      ? perturb(built, height, this.node.engine.state.read("FaultInjected", "", ""))
      : built;
  }

  private async prepareProposal(req: Extract<Request, { kind: "prepareProposal" }>): Promise<Response> {
    // Group each signer's transactions in nonce order (gossip may deliver them out of order), keep the
    // first-seen order of signers, and stop at the byte limit.
    const bySigner = new Map<string, SignedTransaction[]>();
    let bytes = 0;
    for (const raw of req.txs) {
      const tx = decodeTx(raw);
      if (!tx) continue;
      if (req.maxTxBytes > 0 && bytes + raw.length > req.maxTxBytes) break;
      bytes += raw.length;
      const list = bySigner.get(tx.signer);
      if (list) list.push(tx);
      else bySigner.set(tx.signer, [tx]);
    }
    const ordered = [...bySigner.values()].flatMap((l) => l.sort((a, b) => a.nonce - b.nonce));
    const { ok } = await this.verified(ordered);
    const built = this.build(req.height, req.timeMs, ok);
    const txs = built.block.transactions.map((tx) => encodeTransaction(tx));
    this.proposals.clear();
    this.proposals.set(proposalKey(req.height, req.timeMs, txs), built);
    return { kind: "prepareProposal", txs };
  }

  private async finalizeBlock(req: ProposalHeader): Promise<Response> {
    const decoded = req.txs.map(decodeTx);
    const { ok, bad } = await this.verified(decoded.filter((t): t is SignedTransaction => t !== undefined));
    const key = proposalKey(req.height, req.timeMs, req.txs);
    const cached = this.proposals.get(key);
    this.proposals.clear();
    const built =
      cached && cached.block.header.parentHash === this.node.head.hash
        ? cached
        : this.build(req.height, req.timeMs, ok);
    // results by transaction hash, in block order (a duplicate is first included, then rejected as Stale)
    const results = new Map<string, TxResult[]>();
    const put = (hash: string, r: TxResult) => {
      const list = results.get(hash);
      if (list) list.push(r);
      else results.set(hash, [r]);
    };
    for (const r of built.block.receipts) {
      put(
        r.hash,
        r.success
          ? { code: 0, data: hexBytes(r.hash), events: [{ type: "tx", attributes: [["hash", r.hash]] }] }
          : {
              ...failure("DispatchFailed", `${r.error?.pallet}.${r.error?.code}: ${r.error?.message}`),
              data: hexBytes(r.hash),
            },
      );
    }
    for (const rej of built.rejected) put(transactionHash(rej.tx), failure(rej.code, rej.message));
    const txResults = decoded.map((tx) => {
      if (!tx) return failure("Undecodable", "not a canonical signed transaction");
      if (bad.has(tx)) return failure("BadProof", `the signature of ${tx.signer} does not verify`);
      return results.get(transactionHash(tx))?.shift() ?? failure("Other", "not executed");
    });
    this.pending = built;
    const events: Event[] = [{ type: "taonet_block", attributes: [["hash", built.block.hash]] }];
    return {
      kind: "finalizeBlock",
      txResults,
      events,
      validatorUpdates: validatorUpdatesOf(built, req.lastValidators, this.log),
      appHash: hexBytes(built.block.header.stateRoot),
    };
  }

  private async commit(): Promise<Response> {
    const built = this.pending;
    if (!built) throw new Error("Commit without FinalizeBlock");
    this.pending = undefined;
    await this.node.commitExternal(built);
    return { kind: "commit", retainHeight: 0 };
  }

  private async query(path: string, data: Uint8Array): Promise<Response> {
    const head = this.node.head;
    const ok = (value: unknown): Response => ({
      kind: "query",
      code: 0,
      log: "",
      value: Buffer.from(toJson(value)),
      height: head.header.number,
    });
    const arg = Buffer.from(data).toString("utf8");
    switch (path) {
      case "/head":
        return ok({ number: head.header.number, hash: head.hash, stateRoot: head.header.stateRoot });
      case "/account":
        if (!isAddress(arg)) break;
        return ok(storage.Account.get(this.node.engine.state, arg));
      case "/tx": {
        const loc = await this.node.store.txLocation(arg);
        if (loc) return ok({ blockNumber: loc[0], index: loc[1] });
        return {
          kind: "query",
          code: 404,
          log: `no transaction ${arg}`,
          value: new Uint8Array(0),
          height: head.header.number,
        };
      }
    }
    return {
      kind: "query",
      code: 400,
      log: `unknown path ${path} (known: /head, /account <address>, /tx <hash>)`,
      value: new Uint8Array(0),
      height: head.header.number,
    };
  }
}

function proposalKey(height: number, timeMs: number, txs: readonly Uint8Array[]): string {
  const digest = Buffer.from(blake2b256(encode(txs.map((t) => Buffer.from(t).toString("hex"))))).toString(
    "hex",
  );
  return `${height}:${timeMs}:${txs.length}:${digest}`;
}

/** CometBFT's validator address: the first 20 bytes of sha256 of the Ed25519 public key. */
export function validatorAddress(pubKey: Uint8Array): string {
  return createHash("sha256").update(pubKey).digest().subarray(0, 20).toString("hex");
}

/**
 * Validator set changes requested in this block: its `Consensus.ValidatorUpdated` events (root call
 * `consensus.set_validator`), last one per key. Updates CometBFT would refuse, halting the network, are
 * dropped (deterministically: from the block's own data): a removal (power 0) of a key that is not in the
 * last commit's validator set, and removals that would leave no validator.
 */
export function validatorUpdatesOf(
  built: BuiltBlock,
  lastValidators: ProposalHeader["lastValidators"],
  log?: Logger,
): ValidatorUpdate[] {
  const byKey = new Map<string, bigint>();
  for (const e of built.block.events) {
    if (e.pallet !== "Consensus" || e.name !== "ValidatorUpdated") continue;
    const d = e.data as { pubKey?: unknown; power?: unknown };
    if (typeof d.pubKey !== "string" || typeof d.power !== "bigint") continue;
    byKey.set(d.pubKey.toLowerCase(), d.power);
  }
  if (byKey.size === 0) return [];
  const current = new Map(lastValidators.map((v) => [Buffer.from(v.address).toString("hex"), v.power]));
  const out: ValidatorUpdate[] = [];
  for (const [key, power] of byKey) {
    const pubKey = hexBytes(key);
    if (power === 0n && !current.has(validatorAddress(pubKey))) {
      log?.warn({ pubKey: key }, "validator update dropped: removes a key that is not a validator");
      continue;
    }
    out.push({ pubKey, power });
  }
  const after = new Map(current);
  for (const u of out) after.set(validatorAddress(u.pubKey), u.power);
  if (current.size > 0 && [...after.values()].every((p) => p === 0n)) {
    log?.warn("validator updates dropped: they would leave no validator");
    return out.filter((u) => u.power > 0n);
  }
  return out;
}

/** Fault injection (test builds): one extra state entry, hence a different state root and block hash. */
function perturb(built: BuiltBlock, height: number, previous: unknown): BuiltBlock {
  built.state.write("FaultInjected", "", "", height);
  const header: SealedHeader = { ...built.block.header, stateRoot: `0x${built.state.root()}` };
  return {
    ...built,
    block: { ...built.block, header, hash: headerHash(header) },
    changes: [...built.changes, { item: "FaultInjected", k1: "", k2: "", value: height, previous }],
  };
}
