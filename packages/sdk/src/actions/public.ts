/**
 * Typed reads. Every function is `(client, params?)`; amounts come back as bigint (rao, alpha rao, or
 * I96F32 raw bits for prices — divide by 2^32, see `priceToNumber`). `at` reads the state at an earlier
 * block (number or hash) within the node's history window.
 */
import type {
  AccountId,
  DynamicInfo,
  NetworkTotals,
  Receipt,
  SignedTransaction,
  StakePosition,
  SubnetInfo,
} from "@taonet/chain";
import type { Client } from "../client.js";

export type BlockRef = number | string;
export interface AtParameter {
  /** Block number or hash to read the state at (default: the head). */
  readonly at?: BlockRef;
}

export interface Header {
  readonly number: number;
  readonly hash: string;
  readonly parentHash: string;
  readonly author: string | null;
  readonly timestamp: number;
  readonly stateRoot: string;
  readonly extrinsicsRoot: string;
  readonly transactionCount: number;
}

export interface ChainEvent {
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly index: number;
  readonly txHash?: string;
  readonly pallet: string;
  readonly name: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface EventFilter {
  readonly pallet?: string;
  readonly name?: string;
  readonly netuid?: number;
  /** Events whose data mentions this account. */
  readonly account?: string;
}

export interface Account {
  readonly address: AccountId;
  readonly nonce: number;
  /** Free balance, rao. */
  readonly free: bigint;
}

export interface Delegate {
  readonly hotkey: AccountId;
  /** u16 proportion (65535 = 100%). */
  readonly take: number;
  readonly owner: AccountId | null;
  readonly registrations: number[];
}

export interface BeaconInfo {
  readonly publicKey: string | null;
  readonly lastStoredRound: bigint;
  readonly publishing: boolean;
  readonly periodBlocks: number;
}

export type HyperparameterValue = number | bigint | boolean | string;

// -------------------------------------------------------------------------------------------------
// parsing (the wire carries 64-bit amounts as decimal strings)

/** @internal */
export const big = (v: unknown): bigint => BigInt(v as string | number);
/** @internal */
export const bigs = (v: unknown): bigint[] => (v as Array<string | number>).map((x) => BigInt(x));
const withAt = (params: Record<string, unknown>, p?: AtParameter) =>
  p?.at === undefined ? params : { ...params, at: p.at };

/** An I96F32 price (raw bits) as a float: TAO per alpha. */
export function priceToNumber(raw: bigint): number {
  return Number(raw >> 32n) + Number(raw & 0xffff_ffffn) / 2 ** 32;
}

function parseSubnetInfo(r: Record<string, unknown>): SubnetInfo {
  return {
    ...(r as unknown as SubnetInfo),
    difficulty: big(r.difficulty),
    emissionValue: big(r.emissionValue),
    burn: big(r.burn),
  };
}

const DYNAMIC_BIGINTS = [
  "emission",
  "alphaIn",
  "alphaOut",
  "taoIn",
  "alphaOutEmission",
  "alphaInEmission",
  "taoInEmission",
  "pendingAlphaEmission",
  "pendingRootEmission",
  "subnetVolume",
  "movingPrice",
  "price",
  "marketCap",
] as const;

function parseDynamicInfo(r: Record<string, unknown>): DynamicInfo {
  const out: Record<string, unknown> = { ...r };
  for (const k of DYNAMIC_BIGINTS) out[k] = big(r[k]);
  return out as unknown as DynamicInfo;
}

// -------------------------------------------------------------------------------------------------
// chain

/** The head block's header. */
export function getHead(client: Client): Promise<Header> {
  return client.request<Header>("chain_getHead");
}

/** The current block number. */
export async function getBlockNumber(client: Client): Promise<number> {
  return (await getHead(client)).number;
}

export interface Block extends Header {
  /** Transaction hashes. */
  readonly transactions: string[];
}
export interface FullBlock extends Header {
  readonly transactions: SignedTransaction[];
  readonly receipts: Omit<Receipt, "events">[];
}

/** A block by number or hash; with `full`, its transactions and receipts. */
export function getBlock(client: Client, params: { block: BlockRef; full?: false }): Promise<Block>;
export function getBlock(client: Client, params: { block: BlockRef; full: true }): Promise<FullBlock>;
export async function getBlock(
  client: Client,
  params: { block: BlockRef; full?: boolean },
): Promise<Block | FullBlock> {
  const r = await client.request<Record<string, unknown>>("chain_getBlock", {
    block: params.block,
    full: params.full ?? false,
  });
  if (!params.full) return r as unknown as Block;
  return {
    ...(r as unknown as FullBlock),
    transactions: (r.transactions as SignedTransaction[]).map((t) => ({
      ...t,
      ...(t.tip === undefined ? {} : { tip: big(t.tip) }),
    })),
    receipts: (r.receipts as Array<Record<string, unknown>>).map(
      (x) => ({ ...x, fee: big(x.fee) }) as unknown as Omit<Receipt, "events">,
    ),
  };
}

/** Events of blocks `fromBlock..toBlock` (at most 1,000 blocks), filtered. */
export function getEvents(
  client: Client,
  params: { fromBlock: number; toBlock?: number; filter?: EventFilter },
): Promise<ChainEvent[]> {
  return client.request<ChainEvent[]>("chain_getEvents", {
    fromBlock: params.fromBlock,
    ...(params.toBlock === undefined ? {} : { toBlock: params.toBlock }),
    filter: params.filter ?? {},
  });
}

export type TransactionStatus =
  | {
      readonly status: "included";
      readonly blockNumber: number;
      readonly blockHash: string;
      readonly index: number;
      readonly transaction: SignedTransaction;
      readonly receipt: Receipt;
    }
  | { readonly status: "pool"; readonly transaction: SignedTransaction };

/** An included transaction with its receipt, or its pool status (NotFound: UnknownTransaction). */
export async function getTransaction(client: Client, hash: string): Promise<TransactionStatus> {
  const r = await client.request<Record<string, unknown>>("chain_getTransaction", { hash });
  if (r.status === "included")
    return { ...(r as unknown as TransactionStatus), receipt: parseReceipt(r.receipt) } as TransactionStatus;
  return r as unknown as TransactionStatus;
}

/** @internal */
export function parseReceipt(r: unknown): Receipt {
  const x = r as Record<string, unknown>;
  return { ...(x as unknown as Receipt), fee: big(x.fee) };
}

// -------------------------------------------------------------------------------------------------
// accounts and stake

export async function getAccount(
  client: Client,
  params: { address: string } & AtParameter,
): Promise<Account> {
  const r = await client.request<Record<string, unknown>>(
    "state_getAccount",
    withAt({ address: params.address }, params),
  );
  return { address: r.address as string, nonce: r.nonce as number, free: big(r.free) };
}

/** Free balance in rao. */
export async function getBalance(client: Client, params: { address: string } & AtParameter): Promise<bigint> {
  return (await getAccount(client, params)).free;
}

/** The nonce the next transaction of `address` must carry (counting its transactions in the pool). */
export function getNextNonce(client: Client, address: string): Promise<number> {
  return client.request<number>("author_nextNonce", { address }, { retry: true });
}

/** Every stake position of a coldkey: hotkey, subnet, alpha (TAO on root). */
export async function getStakeInfo(
  client: Client,
  params: { coldkey: string } & AtParameter,
): Promise<StakePosition[]> {
  const r = await client.request<Array<Record<string, unknown>>>(
    "state_getStakeInfo",
    withAt({ coldkey: params.coldkey }, params),
  );
  return r.map((p) => ({ ...(p as unknown as StakePosition), stake: big(p.stake) }));
}

/** The stake of one (coldkey, hotkey, netuid) position, 0n when there is none. */
export async function getStake(
  client: Client,
  params: { coldkey: string; hotkey: string; netuid: number } & AtParameter,
): Promise<bigint> {
  const all = await getStakeInfo(client, params);
  return all.find((p) => p.hotkey === params.hotkey && p.netuid === params.netuid)?.stake ?? 0n;
}

export function getDelegates(client: Client, params: AtParameter = {}): Promise<Delegate[]> {
  return client.request<Delegate[]>("state_getDelegates", withAt({}, params));
}

export async function getNetworkTotals(client: Client, params: AtParameter = {}): Promise<NetworkTotals> {
  const r = await client.request<Record<string, unknown>>("network_getTotals", withAt({}, params));
  return {
    ...(r as unknown as NetworkTotals),
    taoIssued: big(r.taoIssued),
    taoStaked: big(r.taoStaked),
    taoInPools: big(r.taoInPools),
    rootStake: big(r.rootStake),
    subnetMarketCapSum: big(r.subnetMarketCapSum),
  };
}

// -------------------------------------------------------------------------------------------------
// subnets

export async function getSubnets(client: Client, params: AtParameter = {}): Promise<SubnetInfo[]> {
  const r = await client.request<Array<Record<string, unknown>>>("subnet_list", withAt({}, params));
  return r.map(parseSubnetInfo);
}

/** SubnetInfo of one subnet (RpcError SubnetNotExists when there is none). */
export async function getSubnet(
  client: Client,
  params: { netuid: number } & AtParameter,
): Promise<SubnetInfo> {
  return parseSubnetInfo(
    await client.request<Record<string, unknown>>(
      "subnet_getInfo",
      withAt({ netuid: params.netuid }, params),
    ),
  );
}

/** Hyperparameters by name (the reference's get_subnet_hyperparams names); u64 values as bigint. */
export async function getHyperparameters(
  client: Client,
  params: { netuid: number } & AtParameter,
): Promise<Record<string, HyperparameterValue>> {
  const r = await client.request<Array<{ name: string; value: number | string | boolean }>>(
    "subnet_getHyperparams",
    withAt({ netuid: params.netuid }, params),
  );
  const out: Record<string, HyperparameterValue> = {};
  for (const { name, value } of r)
    out[name] = typeof value === "string" && /^\d+$/.test(value) ? BigInt(value) : value;
  return out;
}

export async function getDynamicInfo(
  client: Client,
  params: { netuid: number } & AtParameter,
): Promise<DynamicInfo> {
  return parseDynamicInfo(
    await client.request<Record<string, unknown>>(
      "subnet_getDynamicInfo",
      withAt({ netuid: params.netuid }, params),
    ),
  );
}

export async function getAllDynamicInfo(client: Client, params: AtParameter = {}): Promise<DynamicInfo[]> {
  const r = await client.request<Array<Record<string, unknown>>>(
    "subnet_getAllDynamicInfo",
    withAt({}, params),
  );
  return r.map(parseDynamicInfo);
}

/** The TAO (rao) registering a subnet locks now. */
export async function getLockCost(client: Client, params: AtParameter = {}): Promise<bigint> {
  return big(await client.request("subnet_getLockCost", withAt({}, params)));
}

/** The current neuron registration price (burn) of a subnet, rao. */
export async function getRegistrationCost(
  client: Client,
  params: { netuid: number } & AtParameter,
): Promise<bigint> {
  return big(await client.request("subnet_getRegistrationCost", withAt({ netuid: params.netuid }, params)));
}

export async function getBeaconInfo(client: Client): Promise<BeaconInfo> {
  const r = await client.request<Record<string, unknown>>("beacon_info");
  return { ...(r as unknown as BeaconInfo), lastStoredRound: big(r.lastStoredRound) };
}
