/**
 * A test chain: a dev genesis, keys by name, transactions with automatic nonces, blocks on demand.
 * Used by the chain's tests (and later by the node's and SDK's).
 *
 *   const c = await TestChain.create();
 *   const r = c.block(c.tx("//Alice", "subtensor", "register_network", { hotkey: c.addr("//Alice/hot") }));
 *   c.expectOk(r);
 */
import assert from "node:assert/strict";
import { applyBlock, type BlockResult } from "../block.js";
import { cryptoReady, type KeyPair, keyPairFromUri } from "../crypto.js";
import { createGenesis, devGenesis } from "../genesis.js";
import type { State } from "../state/state.js";
import { Account } from "../storage.js";
import { type Call, type SignedTransaction, signTransaction } from "../tx.js";
import type { ChainSpec, GenesisConfig } from "../types.js";

export const TAO = 1_000_000_000n;

export class TestChain {
  spec: ChainSpec;
  state: State;
  readonly author: KeyPair;
  private readonly keys = new Map<string, KeyPair>();
  /** Next nonce per signer for transactions built but not yet in a block. */
  private readonly pending = new Map<string, number>();
  history: BlockResult[] = [];

  private constructor(spec: ChainSpec, state: State) {
    this.spec = spec;
    this.state = state;
    this.author = keyPairFromUri("//Author");
  }

  /** A dev chain (or one from `config`). Funded: //Alice … //Ferdie with 1 000 000 TAO each. */
  static async create(config?: GenesisConfig): Promise<TestChain> {
    await cryptoReady();
    const { spec, state } = createGenesis(config ?? devGenesis());
    return new TestChain(spec, state);
  }

  /** The key pair of a secret URI ("//Alice", "//Alice/hot1", a mnemonic). */
  key(uri: string): KeyPair {
    let k = this.keys.get(uri);
    if (!k) {
      k = keyPairFromUri(uri);
      this.keys.set(uri, k);
    }
    return k;
  }

  addr(uri: string): string {
    return this.key(uri).address;
  }

  private lastNumber = 0;

  /** A signed transaction from `uri`, with the next nonce (counting transactions not yet in a block). */
  tx(
    uri: string,
    module: string,
    method: string,
    args: Record<string, unknown>,
    tip?: bigint,
  ): SignedTransaction {
    const pair = this.key(uri);
    const nonce = this.pending.get(pair.address) ?? Account.get(this.state, pair.address).nonce;
    this.pending.set(pair.address, nonce + 1);
    return signTransaction(this.spec.genesisHash, pair, {
      nonce,
      call: { module, method, args },
      ...(tip ? { tip } : {}),
    });
  }

  /** A root call through sudo, signed by //Alice (the dev sudo key). */
  sudo(module: string, method: string, args: Record<string, unknown>): SignedTransaction {
    const call: Call = { module, method, args };
    return this.tx("//Alice", "sudo", "sudo", { call });
  }

  /** Applies the next block with these transactions and makes its state current. */
  block(...txs: SignedTransaction[]): BlockResult {
    const number = this.lastNumber + 1;
    const r = applyBlock(
      this.spec,
      this.state,
      {
        number,
        parentHash: `0x${number.toString(16)}`,
        author: this.author.address,
        timestamp: number * this.spec.params.blockTimeMs,
      },
      txs,
    );
    this.state = r.state;
    this.lastNumber = number;
    this.pending.clear();
    this.history.push(r);
    // keep memory flat in long tests: older states are not needed
    if (this.history.length % 64 === 0) this.state.compact();
    return r;
  }

  /** Applies `n` empty blocks. */
  advance(n: number): void {
    for (let i = 0; i < n; i++) this.block();
  }

  get number(): number {
    return this.lastNumber;
  }

  /** Asserts every transaction of a block succeeded (with the failing error in the message). */
  expectOk(r: BlockResult): BlockResult {
    assert.equal(r.rejected.length, 0, `rejected: ${JSON.stringify(r.rejected.map((x) => x.error))}`);
    for (const receipt of r.receipts)
      assert.ok(receipt.success, `${receipt.call} failed: ${receipt.error?.code}: ${receipt.error?.message}`);
    return r;
  }

  /** Asserts the block's single transaction failed with `code`. */
  expectError(r: BlockResult, code: string): void {
    assert.equal(r.rejected.length, 0, `rejected: ${JSON.stringify(r.rejected.map((x) => x.error))}`);
    const [receipt] = r.receipts;
    assert.equal(receipt?.success, false, `${receipt?.call} succeeded, expected ${code}`);
    assert.equal(receipt?.error?.code, code, receipt?.error?.message);
  }
}
