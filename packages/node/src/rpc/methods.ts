/** Every JSON-RPC method of the node, declared once (see define.ts). */
import {
  accountInfo,
  dumpState,
  getAllDynamicInfo,
  getDelegate,
  getDelegated,
  getDelegates,
  getDynamicInfo,
  getMetagraph,
  getNetworkLockCost,
  getNetworkTotals,
  getStakeInfoForColdkey,
  getStakeInfoForHotkeyColdkeyNetuid,
  getSubnetHyperparamsV3,
  getSubnetInfo,
  getSubnetsInfo,
  getSwapQuote,
  isAddress,
  type Metagraph,
  rootClaimableOf,
  type SignedTransaction,
  signedTransactionSchema,
  storage,
  transactionFee,
  transactionHash,
} from "@taonet/chain";
import { z } from "zod";
import type { Block } from "../block.js";
import { NodeError, RpcCode } from "../errors.js";
import type { TaoNode } from "../node.js";
import { method } from "./define.js";

// ---------------------------------------------------------------------------------------------
// Parameter schemas

const hash = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected a 32-byte hash as 0x-hex");
const blockNumber = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const blockRef = z.union([blockNumber, hash]);
/** Optional block (number or hash) to read the state at; the head when absent. */
const at = blockRef.optional().describe("block number or hash (default: the head)");
const address = z.string().refine(isAddress, "expected an SS58 address (prefix 42)");
const netuid = z.number().int().min(0).max(65_535);
const rao = z
  .union([z.string().regex(/^\d{1,30}$/), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)])
  .describe("rao, as a decimal string (or a safe integer)")
  .transform((v) => BigInt(v));

export const eventFilter = z
  .object({
    pallet: z.string().max(64).optional(),
    name: z.string().max(64).optional(),
    netuid: netuid.optional(),
    account: address.optional().describe("events whose data mentions this account"),
  })
  .strict();
export type EventFilter = z.infer<typeof eventFilter>;

// ---------------------------------------------------------------------------------------------
// Result shapes

export function headerView(b: Block) {
  return { ...b.header, hash: b.hash, transactionCount: b.transactions.length };
}

export interface EventView {
  readonly blockNumber: number;
  readonly blockHash: string;
  /** Position of the event in the block. */
  readonly index: number;
  /** The transaction that emitted it (absent for block hooks: emission, epochs). */
  readonly txHash?: string;
  readonly pallet: string;
  readonly name: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The events of a block, each with the transaction that emitted it. */
export function eventsOf(b: Block): EventView[] {
  const txEvents = new Map<number, string>();
  let hooks = b.events.length;
  for (const r of b.receipts) hooks -= r.events.length;
  let i = hooks;
  for (const r of b.receipts) for (let k = 0; k < r.events.length; k++) txEvents.set(i++, r.hash);
  return b.events.map((e, index) => {
    const txHash = txEvents.get(index);
    const base = {
      blockNumber: b.header.number,
      blockHash: b.hash,
      index,
      pallet: e.pallet,
      name: e.name,
      data: e.data,
    };
    return txHash === undefined ? base : { ...base, txHash };
  });
}

function mentions(value: unknown, account: string, depth = 0): boolean {
  if (value === account) return true;
  if (depth > 4 || value === null || typeof value !== "object") return false;
  for (const v of Array.isArray(value) ? value : Object.values(value))
    if (mentions(v, account, depth + 1)) return true;
  return false;
}

export function matches(e: EventView, f: EventFilter): boolean {
  if (f.pallet !== undefined && e.pallet !== f.pallet) return false;
  if (f.name !== undefined && e.name !== f.name) return false;
  if (f.netuid !== undefined && e.data.netuid !== f.netuid) return false;
  if (f.account !== undefined && !mentions(e.data, f.account)) return false;
  return true;
}

/** The lite metagraph: the per-uid columns clients poll most. */
export function metagraphLite(m: Metagraph) {
  return {
    netuid: m.netuid,
    mecid: m.mecid,
    block: m.block,
    n: m.n,
    registrationCost: m.registrationCost,
    hotkeys: m.hotkeys,
    coldkeys: m.coldkeys,
    active: m.active,
    validatorPermit: m.validatorPermit,
    alphaStake: m.alphaStake,
    taoStake: m.taoStake,
    totalStake: m.totalStake,
    emission: m.emission,
    incentives: m.incentives,
    dividends: m.dividends,
  };
}

async function blockOrThrow(node: TaoNode, ref: number | string): Promise<Block> {
  const b = await node.blockAt(ref);
  if (!b)
    throw new NodeError(
      RpcCode.NotFound,
      "UnknownBlock",
      `no block ${ref} (the head is ${node.head.header.number})`,
    );
  return b;
}

const orNotFound = <T>(v: T | null, what: string): T => {
  if (v === null) throw new NodeError(RpcCode.NotFound, "SubnetNotExists", `${what} does not exist`);
  return v;
};

export const MAX_EVENT_RANGE = 1_000;

// ---------------------------------------------------------------------------------------------
// The methods

export const methods = [
  // system ----------------------------------------------------------------------------------
  method({
    name: "system_info",
    group: "system",
    summary: "The chain this node runs: name, genesis hash, parameters, sealing, head.",
    params: z.object({}),
    result:
      "{ name: string, genesisHash: string, dev: boolean, sealing: 'auto' | 'manual' | 'external', blockTimeMs: number, head: number, version: string }",
    handler: ({ node }) => ({
      name: node.spec.name,
      genesisHash: node.spec.genesisHash,
      dev: node.spec.params.dev,
      sealing: node.sealing,
      blockTimeMs: node.options.blockTimeMs ?? node.spec.params.blockTimeMs,
      head: node.head.header.number,
      version: "0.1.0",
    }),
  }),
  method({
    name: "system_health",
    group: "system",
    summary: "Liveness: the head and the pool size.",
    params: z.object({}),
    result: "{ ok: true, head: number, mempool: number }",
    handler: ({ node }) => ({ ok: true, head: node.head.header.number, mempool: node.mempool.size }),
  }),
  // chain -----------------------------------------------------------------------------------
  method({
    name: "chain_getHead",
    group: "chain",
    summary: "The head block's header.",
    params: z.object({}),
    result:
      "Header = { number, parentHash, author, timestamp, stateRoot, extrinsicsRoot, hash, transactionCount }",
    handler: ({ node }) => headerView(node.head),
  }),
  method({
    name: "chain_getBlock",
    group: "chain",
    summary:
      "A block by number or hash: its header and transaction hashes, or with `full` the transactions and receipts.",
    params: z.object({ block: blockRef, full: z.boolean().default(false) }),
    result:
      "Header & { transactions: string[] } | Header & { transactions: SignedTransaction[], receipts: Receipt[] }",
    handler: async ({ node }, p) => {
      const b = await blockOrThrow(node, p.block);
      return p.full
        ? {
            ...headerView(b),
            transactions: b.transactions,
            receipts: b.receipts.map(({ events: _, ...r }) => r),
          }
        : { ...headerView(b), transactions: b.receipts.map((r) => r.hash) };
    },
  }),
  method({
    name: "chain_getBlockHash",
    group: "chain",
    summary: "The hash of block `number`.",
    params: z.object({ number: blockNumber }),
    result: "string",
    handler: async ({ node }, p) => (await blockOrThrow(node, p.number)).hash,
  }),
  method({
    name: "chain_getEvents",
    group: "chain",
    summary: `Events of a block range (at most ${MAX_EVENT_RANGE} blocks), filtered by pallet, name, subnet or account.`,
    params: z.object({
      fromBlock: blockNumber,
      toBlock: blockNumber.optional().describe("default: fromBlock"),
      filter: eventFilter.default({}),
    }),
    result: "Array<{ blockNumber, blockHash, index, txHash?, pallet, name, data }>",
    handler: async ({ node }, p) => {
      const head = node.head.header.number;
      const requested = p.toBlock ?? p.fromBlock;
      if (requested - p.fromBlock + 1 > MAX_EVENT_RANGE) {
        throw new NodeError(RpcCode.TooLarge, "RangeTooLarge", `at most ${MAX_EVENT_RANGE} blocks per query`);
      }
      const to = Math.min(requested, head);
      if (p.fromBlock > to) return [];
      const blocks = await node.store.blocks(p.fromBlock, to);
      return blocks.flatMap(eventsOf).filter((e) => matches(e, p.filter));
    },
  }),
  method({
    name: "chain_getTransaction",
    group: "chain",
    summary: "An included transaction by hash, with its block and receipt; or its pool status.",
    params: z.object({ hash }),
    result:
      "{ status: 'included', blockNumber, blockHash, index, transaction, receipt } | { status: 'pool', transaction }",
    handler: async ({ node }, p) => {
      const loc = await node.store.txLocation(p.hash);
      if (loc) {
        const b = await blockOrThrow(node, loc[0]);
        return {
          status: "included",
          blockNumber: loc[0],
          blockHash: b.hash,
          index: loc[1],
          transaction: b.transactions[loc[1]],
          receipt: b.receipts[loc[1]],
        };
      }
      const pooled = node.mempool.get(p.hash);
      if (pooled) return { status: "pool", transaction: pooled.tx };
      throw new NodeError(RpcCode.NotFound, "UnknownTransaction", `no transaction ${p.hash}`);
    },
  }),
  // author ----------------------------------------------------------------------------------
  method({
    name: "author_submitTransaction",
    group: "author",
    summary:
      "Submits a signed transaction. `wait`: 'none' returns once admitted to the pool; 'inclusion' (or 'finality': the same, blocks are final when committed by the single authority) returns the receipt once included. Amounts in call args are signed as sent: use decimal strings.",
    params: z.object({
      tx: signedTransactionSchema,
      wait: z.enum(["none", "inclusion", "finality"]).default("none"),
      timeoutMs: z.number().int().min(1).max(600_000).default(60_000),
    }),
    result:
      "{ hash, status: 'pool', replaced? } | { hash, status: 'included' | 'finalized', blockNumber, blockHash, index, receipt }",
    handler: async ({ node }, p) => {
      const tx = p.tx as SignedTransaction;
      const admitted = await node.submit(tx);
      if (p.wait === "none") return { ...admitted, status: "pool" };
      const inc = await node.waitForInclusion(admitted.hash, p.timeoutMs);
      return {
        hash: admitted.hash,
        status: p.wait === "finality" ? "finalized" : "included",
        blockNumber: inc.blockNumber,
        blockHash: inc.blockHash,
        index: inc.index,
        receipt: inc.receipt,
      };
    },
  }),
  method({
    name: "author_pendingTransactions",
    group: "author",
    summary: "Hashes of the transactions in the pool.",
    params: z.object({}),
    result: "{ count: number, bytes: number, hashes: string[] }",
    handler: ({ node }) => ({
      count: node.mempool.size,
      bytes: node.mempool.byteSize,
      hashes: node.mempool.hashes(),
    }),
  }),
  method({
    name: "author_nextNonce",
    group: "author",
    summary: "The nonce for an account's next transaction, counting its transactions in the pool.",
    params: z.object({ address }),
    result: "number",
    handler: ({ node }, p) => node.nextNonce(p.address),
  }),
  method({
    name: "payment_queryFee",
    group: "author",
    summary: "The fee a signed transaction would pay (weight + length + tip), in rao.",
    params: z.object({ tx: signedTransactionSchema }),
    result: "{ hash: string, fee: string }",
    handler: ({ node }, p) => {
      const tx = p.tx as SignedTransaction;
      return { hash: transactionHash(tx), fee: transactionFee(node.spec, tx) };
    },
  }),
  // state -----------------------------------------------------------------------------------
  method({
    name: "state_getAccount",
    group: "state",
    summary: "Nonce and free balance (rao) of an account.",
    params: z.object({ address, at }),
    result: "{ address, nonce: number, free: string }",
    handler: ({ node }, p) => node.withState(p.at, (s) => accountInfo(s, p.address)),
  }),
  method({
    name: "state_getStakeInfo",
    group: "state",
    summary:
      "Every non-zero stake position of a coldkey (the reference's get_stake_info_for_coldkey): per subnet, per hotkey.",
    params: z.object({ coldkey: address, at }),
    result: "Array<{ hotkey, coldkey, netuid, stake, locked, emission, taoEmission, drain, isRegistered }>",
    handler: ({ node }, p) => node.withState(p.at, (s) => getStakeInfoForColdkey(s, p.coldkey)),
  }),
  method({
    name: "state_getStakeInfoForHotkeyColdkeyNetuid",
    group: "state",
    summary: "One stake position (always an entry, possibly with zero stake).",
    params: z.object({ hotkey: address, coldkey: address, netuid, at }),
    result: "{ hotkey, coldkey, netuid, stake, locked, emission, taoEmission, drain, isRegistered }",
    handler: ({ node }, p) =>
      node.withState(p.at, (s) => getStakeInfoForHotkeyColdkeyNetuid(s, p.hotkey, p.coldkey, p.netuid)),
  }),
  method({
    name: "state_getDelegates",
    group: "state",
    summary:
      "Every delegate (the reference's get_delegates): take, nominators, owner, registrations, permits, returns.",
    params: z.object({ at }),
    result: "DelegateInfo[] (see @taonet/chain queries/delegates.ts)",
    handler: ({ node }, p) => node.withState(p.at, (s) => getDelegates(s)),
  }),
  method({
    name: "state_getDelegate",
    group: "state",
    summary: "One delegate by hotkey (null if the hotkey is not a delegate).",
    params: z.object({ hotkey: address, at }),
    result: "DelegateInfo | null",
    handler: ({ node }, p) => node.withState(p.at, (s) => getDelegate(s, p.hotkey)),
  }),
  method({
    name: "state_getDelegated",
    group: "state",
    summary: "The delegates a coldkey stakes to, with its stake per subnet.",
    params: z.object({ coldkey: address, at }),
    result: "Array<[DelegateInfo, { netuid, stake }]>",
    handler: ({ node }, p) => node.withState(p.at, (s) => getDelegated(s, p.coldkey)),
  }),
  method({
    name: "state_getRootClaimable",
    group: "state",
    summary: "Root dividends a coldkey can claim, per hotkey and subnet.",
    params: z.object({ coldkey: address, at }),
    result: "RootClaimableEntry[] (see @taonet/chain subtensor/root-claim.ts)",
    handler: ({ node }, p) => node.withState(p.at, (s) => rootClaimableOf(s, p.coldkey)),
  }),
  method({
    name: "state_dump",
    group: "state",
    summary:
      "The whole state at a block as a state snapshot (docs/state-format.md: the reference's storage names); with netuid, only that subnet's entries of items keyed by subnet. `tao state dump` writes it as canonical JSON; `tao node start --from-state` starts a chain from it.",
    params: z.object({ at, netuid: netuid.optional().describe("keep only this subnet's entries") }),
    result: '{ format: "taonet-state/1", netuid?: number, items: { [item: string]: Json } }',
    handler: ({ node }, p) =>
      node.withState(p.at, (s) => dumpState(s, p.netuid === undefined ? {} : { netuid: p.netuid })),
  }),
  method({
    name: "network_getTotals",
    group: "state",
    summary:
      "State-of-the-network numbers: subnets, neurons, validators, accounts, TAO issued, staked, in pools.",
    params: z.object({ at }),
    result:
      "{ subnets, neurons, validators, miners, accountsWithBalance, taoIssued, taoStaked, taoInPools, rootStake, subnetMarketCapSum }",
    handler: ({ node }, p) => node.withState(p.at, (s) => getNetworkTotals(s)),
  }),
  // subnets ---------------------------------------------------------------------------------
  method({
    name: "subnet_list",
    group: "subnet",
    summary: "SubnetInfo of every subnet.",
    params: z.object({ at }),
    result: "SubnetInfo[] (see @taonet/chain queries/subnets.ts)",
    handler: ({ node }, p) => node.withState(p.at, (s) => getSubnetsInfo(s)),
  }),
  method({
    name: "subnet_getInfo",
    group: "subnet",
    summary: "SubnetInfo of one subnet.",
    params: z.object({ netuid, at }),
    result: "SubnetInfo",
    handler: ({ node }, p) =>
      node.withState(p.at, (s) => orNotFound(getSubnetInfo(s, p.netuid), `subnet ${p.netuid}`)),
  }),
  method({
    name: "subnet_getHyperparams",
    group: "subnet",
    summary:
      "Hyperparameters of a subnet as (name, value) pairs (the reference's get_subnet_hyperparams v3).",
    params: z.object({ netuid, at }),
    result: "Array<{ name: string, value: number | string | boolean }>",
    handler: ({ node }, p) =>
      node.withState(p.at, (s) => orNotFound(getSubnetHyperparamsV3(s, p.netuid), `subnet ${p.netuid}`)),
  }),
  method({
    name: "subnet_getDynamicInfo",
    group: "subnet",
    summary: "DynamicInfo of a subnet: pool reserves, emissions, spot and moving price, market cap.",
    params: z.object({ netuid, at }),
    result: "DynamicInfo (prices are I96F32 raw bits as decimal strings)",
    handler: ({ node }, p) =>
      node.withState(p.at, (s) => orNotFound(getDynamicInfo(s, p.netuid), `subnet ${p.netuid}`)),
  }),
  method({
    name: "subnet_getAllDynamicInfo",
    group: "subnet",
    summary: "DynamicInfo of every subnet.",
    params: z.object({ at }),
    result: "DynamicInfo[]",
    handler: ({ node }, p) => node.withState(p.at, (s) => getAllDynamicInfo(s)),
  }),
  method({
    name: "subnet_getAlphaPrices",
    group: "subnet",
    summary:
      "Spot price of every subnet's alpha in TAO (the reference's current_alpha_price_all), with the moving price.",
    params: z.object({ at }),
    result: "Array<{ netuid: number, price: string, movingPrice: string }> (I96F32 raw bits: divide by 2^32)",
    handler: ({ node }, p) =>
      node.withState(p.at, (s) =>
        getAllDynamicInfo(s).map((d) => ({ netuid: d.netuid, price: d.price, movingPrice: d.movingPrice })),
      ),
  }),
  method({
    name: "subnet_getSwapQuote",
    group: "subnet",
    summary:
      "A stake (buy: TAO in, alpha out) or unstake (sell: alpha in, TAO out) quote through the subnet's pool: output, fee, slippage, prices before and after.",
    params: z.object({ netuid, side: z.enum(["buy", "sell"]), amount: rao, at }),
    result:
      "{ netuid, side, amountIn, amountOut, fee, slippage, priceBefore, priceAfter, priceImpact } (amounts in rao)",
    handler: ({ node }, p) =>
      node.withState(p.at, (s) =>
        orNotFound(getSwapQuote(s, p.netuid, p.side, p.amount), `a quote on subnet ${p.netuid}`),
      ),
  }),
  method({
    name: "subnet_getLockCost",
    group: "subnet",
    summary: "The TAO (rao) a subnet registration locks now.",
    params: z.object({ at }),
    result: "string",
    handler: ({ node }, p) => node.withState(p.at, (s) => getNetworkLockCost(s)),
  }),
  method({
    name: "subnet_getRegistrationCost",
    group: "subnet",
    summary: "The current neuron registration price (burn) of a subnet, rao.",
    params: z.object({ netuid, at }),
    result: "string",
    handler: ({ node }, p) =>
      node.withState(p.at, (s) => {
        if (!storage.NetworksAdded.get(s, p.netuid)) orNotFound(null, `subnet ${p.netuid}`);
        return storage.Burn.get(s, p.netuid);
      }),
  }),
  method({
    name: "subnet_getMetagraph",
    group: "subnet",
    summary: "The full metagraph of a subnet mechanism (every per-uid column).",
    params: z.object({ netuid, mecid: z.number().int().min(0).max(255).default(0), at }),
    result: "Metagraph (see @taonet/chain queries/metagraph.ts)",
    handler: ({ node }, p) =>
      node.withState(p.at, (s) => orNotFound(getMetagraph(s, p.netuid, p.mecid), `subnet ${p.netuid}`)),
  }),
  method({
    name: "subnet_getMetagraphLite",
    group: "subnet",
    summary: "The lite metagraph: keys, activity, permits, stakes, emission, incentive, dividends.",
    params: z.object({ netuid, mecid: z.number().int().min(0).max(255).default(0), at }),
    result: "MetagraphLite",
    handler: ({ node }, p) =>
      node.withState(p.at, (s) =>
        metagraphLite(orNotFound(getMetagraph(s, p.netuid, p.mecid), `subnet ${p.netuid}`)),
      ),
  }),
  method({
    name: "beacon_info",
    group: "subnet",
    summary:
      "The timelock beacon: its public key, the last stored round, and how the dev node publishes pulses (round r in block r · periodBlocks).",
    params: z.object({}),
    result:
      "{ publicKey: string | null, lastStoredRound: string, publishing: boolean, periodBlocks: number }",
    handler: ({ node }) => node.beaconInfo(),
  }),
  // subscriptions ---------------------------------------------------------------------------
  method({
    name: "subscribe_newHeads",
    group: "subscription",
    summary: "Notifies every new head (WebSocket). Returns the subscription id.",
    params: z.object({}),
    result: "string (notifications: { method: 'subscription', params: { subscription, result: Header } })",
    subscription: true,
    handler: ({ session }) => session?.subscribe("newHeads", undefined),
  }),
  method({
    name: "subscribe_events",
    group: "subscription",
    summary: "Notifies the events of each new block that match the filter (WebSocket).",
    params: z.object({ filter: eventFilter.default({}) }),
    result: "string (notifications: result = Event[] of one block, only when non-empty)",
    subscription: true,
    handler: ({ session }, p) => session?.subscribe("events", p.filter),
  }),
  method({
    name: "subscribe_metagraph",
    group: "subscription",
    summary: "Notifies the lite metagraph of a subnet whenever it changes (WebSocket).",
    params: z.object({ netuid }),
    result: "string (notifications: result = MetagraphLite)",
    subscription: true,
    handler: ({ node, session }, p) => {
      if (!storage.NetworksAdded.get(node.engine.state, p.netuid)) orNotFound(null, `subnet ${p.netuid}`);
      return session?.subscribe("metagraph", p.netuid);
    },
  }),
  method({
    name: "unsubscribe",
    group: "subscription",
    summary: "Cancels a subscription of this connection.",
    params: z.object({ subscription: z.string().max(64) }),
    result: "boolean",
    subscription: true,
    handler: ({ session }, p) => session?.unsubscribe(p.subscription) ?? false,
  }),
  // dev -------------------------------------------------------------------------------------
  method({
    name: "dev_mine",
    group: "dev",
    summary: "Produces `blocks` blocks now (dev preset).",
    params: z.object({ blocks: z.number().int().min(1).max(10_000).default(1) }),
    result: "Header (the last block)",
    dev: true,
    handler: async ({ node }, p) => headerView(await node.mine(p.blocks)),
  }),
  method({
    name: "dev_runToNextEpoch",
    group: "dev",
    summary: "Produces blocks until an epoch of the subnet has run (dev preset).",
    params: z.object({ netuid }),
    result: "Header (the block in which the epoch ran)",
    dev: true,
    handler: async ({ node }, p) => headerView(await node.runToNextEpoch(p.netuid)),
  }),
  method({
    name: "dev_setBalance",
    group: "dev",
    summary: "Sets an account's free balance (a sudo force_set_balance in a new block; dev preset).",
    params: z.object({ address, free: rao }),
    result: "{ blockNumber, blockHash, receipt }",
    dev: true,
    handler: async ({ node }, p) => {
      const inc = await node.setBalance(p.address, p.free);
      return { blockNumber: inc.blockNumber, blockHash: inc.blockHash, receipt: inc.receipt };
    },
  }),
  method({
    name: "dev_snapshot",
    group: "dev",
    summary: "Remembers the head; returns a snapshot id for dev_revert (dev preset).",
    params: z.object({}),
    result: "number",
    dev: true,
    handler: ({ node }) => node.snapshot(),
  }),
  method({
    name: "dev_revert",
    group: "dev",
    summary:
      "Returns the chain to a snapshot: later blocks and their transactions are deleted, the pool is emptied (dev preset).",
    params: z.object({ snapshot: z.number().int().min(1) }),
    result: "Header (the new head)",
    dev: true,
    handler: async ({ node }, p) => headerView(await node.revert(p.snapshot)),
  }),
] as const;
