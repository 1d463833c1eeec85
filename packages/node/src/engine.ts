/**
 * The engine boundary: the only way the node changes the chain. Three steps, so that a consensus engine
 * (today: the single authority's block production; later: a BFT engine over several nodes) can drive the
 * same state machine:
 *
 * - `checkTx(tx)`: is this transaction valid on top of the head (call, nonce, fee)? Signatures are checked
 *   by the caller in batches on worker threads (`SignatureVerifier`).
 * - `buildBlock(params, txs)`: executes a candidate block on a fork of the head; returns it sealed (state
 *   root, hash) without changing anything. `executeBlock(block)` re-executes a block built elsewhere and
 *   checks its state root and hash.
 * - `commit(built)`: makes a built block the head (after the node has persisted it) and folds the state.
 */
import {
  type AccountId,
  applyBlock,
  blake2b256,
  type ChainSpec,
  encodeTransaction,
  findCall,
  type SignedTransaction,
  type State,
  storage,
  transactionFee,
} from "@taonet/chain";
import {
  type Block,
  extrinsicsRoot,
  extrinsicsRootOf,
  headerHash,
  type SealedHeader,
  ZERO_HASH,
} from "./block.js";
import { NodeError, RpcCode, TransactionRejected } from "./errors.js";

/** One state entry written by a block: its new value (`undefined`: deleted) and its value before. */
export interface StateChange {
  readonly item: string;
  readonly k1: string;
  readonly k2: string;
  readonly value: unknown;
  readonly previous: unknown;
}

export interface BuiltBlock {
  readonly block: Block;
  /** The state after the block (a fork of the head: valid until another block is committed). */
  readonly state: State;
  readonly changes: readonly StateChange[];
  /** Transactions given to buildBlock that could not enter the block, with the reason. */
  readonly rejected: ReadonlyArray<{
    readonly tx: SignedTransaction;
    readonly code: string;
    readonly message: string;
  }>;
}

export interface BuildParams {
  readonly author: AccountId;
  readonly timestamp: number;
}

export interface TxCheck {
  /** The transaction hash (blake2b-256 of its encoding). */
  readonly hash: string;
  readonly fee: bigint;
  readonly length: number;
  /** The signer's next nonce at the head. */
  readonly accountNonce: number;
  readonly free: bigint;
}

export const MAX_TX_BYTES = 256 * 1024;

export class Engine {
  readonly spec: ChainSpec;
  private headState: State;
  private headBlock: Block;

  constructor(spec: ChainSpec, state: State, head: Block) {
    this.spec = spec;
    this.headState = state;
    this.headBlock = head;
  }

  /**
   * The first block of a chain from its genesis state: block 0 of a fresh genesis, block N of a state
   * snapshot taken at block N (its `Number` item), so that the next block is N + 1 as `applyBlock` requires.
   */
  static genesisBlock(state: State): Block {
    const header: SealedHeader = {
      number: storage.Number_.get(state),
      parentHash: ZERO_HASH,
      author: "",
      timestamp: 0,
      stateRoot: `0x${state.root()}`,
      extrinsicsRoot: extrinsicsRoot([]),
    };
    return { header, hash: headerHash(header), transactions: [], receipts: [], events: [] };
  }

  get head(): Block {
    return this.headBlock;
  }

  /** The head state: read it synchronously; it is replaced (and invalidated) by the next commit. */
  get state(): State {
    return this.headState;
  }

  /**
   * Validity of a transaction at the head, signature excepted. `pendingFees` is what the signer's
   * transactions already in the pool will pay. Throws `TransactionRejected` with the reference's name.
   */
  checkTx(tx: SignedTransaction, pendingFees = 0n): TxCheck {
    const bytes = encodeTransaction(tx);
    const length = bytes.length;
    if (length > MAX_TX_BYTES) {
      throw new TransactionRejected(
        "ExhaustsResources",
        `the transaction is ${length} bytes; at most ${MAX_TX_BYTES} are accepted`,
      );
    }
    const known =
      tx.call.module === "sudo"
        ? tx.call.method === "sudo"
        : findCall(tx.call.module, tx.call.method) !== undefined;
    if (!known) throw new TransactionRejected("Call", `no call ${tx.call.module}.${tx.call.method}`);
    const account = storage.Account.get(this.headState, tx.signer);
    if (tx.nonce < account.nonce) {
      throw new TransactionRejected(
        "Stale",
        `nonce ${tx.nonce} was already used (next is ${account.nonce})`,
        {
          accountNonce: account.nonce,
        },
      );
    }
    const fee = transactionFee(this.spec, tx, length);
    if (fee > 0n && account.free - pendingFees - fee < this.spec.params.existentialDeposit) {
      throw new TransactionRejected(
        "Payment",
        `${tx.signer} cannot pay the fee of ${fee} rao (free ${account.free}, pending fees ${pendingFees}) and keep the existential deposit`,
        { fee: fee.toString(), free: account.free.toString() },
      );
    }
    const hash = `0x${Buffer.from(blake2b256(bytes)).toString("hex")}`;
    return { hash, fee, length, accountNonce: account.nonce, free: account.free };
  }

  /** Executes a candidate block on a fork of the head (nothing changes until `commit`). */
  buildBlock(params: BuildParams, txs: readonly SignedTransaction[], signaturesVerified = true): BuiltBlock {
    const parent = this.headBlock;
    const header = {
      number: parent.header.number + 1,
      parentHash: parent.hash,
      author: params.author,
      timestamp: params.timestamp,
    };
    const result = applyBlock(this.spec, this.headState, header, txs, { signaturesVerified });
    const rejectedIdx = new Set(result.rejected.map((r) => r.index));
    const included = txs.filter((_, i) => !rejectedIdx.has(i));
    const receipts = result.receipts.map((r, i) => ({ ...r, index: i }));
    const sealed: SealedHeader = {
      ...header,
      stateRoot: `0x${result.stateRoot}`,
      extrinsicsRoot: extrinsicsRootOf(receipts.map((r) => r.hash)),
    };
    const block: Block = {
      header: sealed,
      hash: headerHash(sealed),
      transactions: included,
      receipts,
      events: result.events,
    };
    const parentState = this.headState;
    const changes = result.state
      .changes()
      .map((c) => ({ ...c, previous: parentState.read(c.item, c.k1, c.k2) }));
    const rejected = result.rejected.map((r) => ({
      tx: txs[r.index] as SignedTransaction,
      code: r.error.code,
      message: r.error.message,
    }));
    return { block, state: result.state, changes, rejected };
  }

  /** Re-executes a block built by another node; throws unless it reproduces the same state root and hash. */
  executeBlock(block: Block): BuiltBlock {
    const built = this.buildBlock(
      { author: block.header.author, timestamp: block.header.timestamp },
      block.transactions,
      false,
    );
    // the claimed hash must be the hash of the claimed header, and re-execution must reproduce both
    if (
      built.rejected.length > 0 ||
      headerHash(block.header) !== block.hash ||
      built.block.hash !== block.hash
    ) {
      throw new NodeError(
        RpcCode.InvalidParams,
        "InvalidBlock",
        `block ${block.header.number} does not re-execute to its hash (state root ${built.block.header.stateRoot}, claimed ${block.header.stateRoot})`,
      );
    }
    return built;
  }

  /** Makes a built block the head. */
  commit(built: BuiltBlock): void {
    if (built.block.header.parentHash !== this.headBlock.hash) {
      throw new NodeError(
        RpcCode.InternalError,
        "NotOnHead",
        `block ${built.block.header.number} was built on ${built.block.header.parentHash}, the head is ${this.headBlock.hash}`,
      );
    }
    built.state.compact();
    this.headState = built.state;
    this.headBlock = built.block;
  }

  /** Replaces the head (after a dev revert or when loading from disk). */
  reset(state: State, head: Block): void {
    this.headState = state;
    this.headBlock = head;
  }
}
