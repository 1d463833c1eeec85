/**
 * Signed actions: transfer, subnets, registration, serving, staking. Each is `(client, params)`, builds the
 * call, signs it with `params.signer` (the coldkey, or the hotkey where the chain wants the hotkey: serving
 * and weights), submits it, waits for inclusion and returns the receipt (plus what the events tell, e.g.
 * the new netuid or uid). Amounts are bigint rao (TAO) or alpha rao.
 */
import { type DynamicInfo, isAddress } from "@taonet/chain";
import type { Client } from "../client.js";
import { TaonetError } from "../errors.js";
import type { AtParameter } from "./public.js";
import {
  eventsNamed,
  requireArg,
  type SendOptions,
  type SignerLike,
  sendTransaction,
  type TransactionReceipt,
} from "./send.js";

interface Signed extends SendOptions {
  /** Signs and pays: the coldkey. */
  readonly signer: SignerLike;
}

const checkAddress = (a: string, what: string) =>
  requireArg(isAddress(a), `${what} "${a}" is not an SS58 address (prefix 42)`);
const checkAmount = (v: bigint, what: string) =>
  requireArg(
    typeof v === "bigint" && v > 0n,
    `${what} must be a positive bigint (rao), got ${String(v)}`,
    "use parseTao('1.5') to convert TAO to rao",
  );

// ---------------------------------------------------------------------------------------------------
// balances

export interface TransferParameters extends Signed {
  readonly to: string;
  /** Rao. */
  readonly amount: bigint;
  /** Refuse to take the sender below the existential deposit (default true: transfer_keep_alive). */
  readonly keepAlive?: boolean;
}

/**
 * Transfers TAO.
 *
 * @example
 * await transfer(client, { signer: alice, to: bob.address, amount: parseTao("1.5") });
 */
export async function transfer(client: Client, p: TransferParameters): Promise<TransactionReceipt> {
  checkAddress(p.to, "to");
  checkAmount(p.amount, "amount");
  return sendTransaction(client, {
    ...p,
    call: {
      module: "balances",
      method: p.keepAlive === false ? "transfer_allow_death" : "transfer_keep_alive",
      args: { dest: p.to, value: p.amount },
    },
  });
}

// ---------------------------------------------------------------------------------------------------
// subnets and neurons

export interface RegisterSubnetParameters extends Signed {
  /** The subnet owner's hotkey. */
  readonly hotkey: string;
  /** Optional identity (`register_network_with_identity`). */
  readonly identity?: Readonly<Record<string, unknown>>;
}

/** Registers a subnet (locks `getLockCost`); returns the new netuid. */
export async function registerSubnet(
  client: Client,
  p: RegisterSubnetParameters,
): Promise<TransactionReceipt & { netuid: number }> {
  checkAddress(p.hotkey, "hotkey");
  const receipt = await sendTransaction(client, {
    ...p,
    call: p.identity
      ? {
          module: "subtensor",
          method: "register_network_with_identity",
          args: { hotkey: p.hotkey, identity: p.identity },
        }
      : { module: "subtensor", method: "register_network", args: { hotkey: p.hotkey } },
  });
  const added = eventsNamed(receipt, "NetworkAdded")[0];
  if (!added)
    throw new TaonetError("MissingEvent", "register_network succeeded without a NetworkAdded event");
  return { ...receipt, netuid: Number(added.data.netuid) };
}

/** Starts emission on a subnet (owner; after the start-call delay). */
export async function startCall(
  client: Client,
  p: Signed & { readonly netuid: number },
): Promise<TransactionReceipt> {
  return sendTransaction(client, {
    ...p,
    call: { module: "subtensor", method: "start_call", args: { netuid: p.netuid } },
  });
}

export interface BurnedRegisterParameters extends Signed {
  readonly netuid: number;
  readonly hotkey: string;
  /** Refuse to pay more than this burn, rao (`register_limit`). */
  readonly maxBurn?: bigint;
}

/** Registers `hotkey` on a subnet by burning the registration cost (the coldkey pays); returns the uid. */
export async function burnedRegister(
  client: Client,
  p: BurnedRegisterParameters,
): Promise<TransactionReceipt & { uid: number; burn: bigint }> {
  checkAddress(p.hotkey, "hotkey");
  const receipt = await sendTransaction(client, {
    ...p,
    call:
      p.maxBurn === undefined
        ? { module: "subtensor", method: "burned_register", args: { netuid: p.netuid, hotkey: p.hotkey } }
        : {
            module: "subtensor",
            method: "register_limit",
            args: { netuid: p.netuid, hotkey: p.hotkey, limit_price: p.maxBurn },
          },
  });
  const ev = eventsNamed(receipt, "NeuronRegistered")[0];
  if (!ev) throw new TaonetError("MissingEvent", "registration succeeded without a NeuronRegistered event");
  return { ...receipt, uid: Number(ev.data.uid), burn: BigInt(String(ev.data.burn ?? 0)) };
}

/** Registers a hotkey on the root network (netuid 0). */
export async function rootRegister(
  client: Client,
  p: Signed & { readonly hotkey: string },
): Promise<TransactionReceipt> {
  checkAddress(p.hotkey, "hotkey");
  return sendTransaction(client, {
    ...p,
    call: { module: "subtensor", method: "root_register", args: { hotkey: p.hotkey } },
  });
}

/** An IPv4 ("1.2.3.4") or IPv6 ("2001:db8::1") address as the chain's integer, with its type. */
export function ipToInt(ip: string): { ip: bigint; ipType: 4 | 6 } {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) {
    const parts = ip.split(".").map(Number);
    requireArg(
      parts.every((x) => x >= 0 && x <= 255),
      `"${ip}" is not an IPv4 address`,
    );
    return { ip: parts.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n), ipType: 4 };
  }
  requireArg(ip.includes(":"), `"${ip}" is not an IP address`);
  const [head, tail] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = ip.includes("::") ? 8 - h.length - t.length : 0;
  const groups = [...h, ...Array(fill).fill("0"), ...t];
  requireArg(
    groups.length === 8 && groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)),
    `"${ip}" is not an IPv6 address`,
  );
  return { ip: groups.reduce((acc, g) => (acc << 16n) | BigInt(`0x${g}`), 0n), ipType: 6 };
}

export interface ServeAxonParameters extends SendOptions {
  /** The registered hotkey. */
  readonly signer: SignerLike;
  readonly netuid: number;
  /** "1.2.3.4", an IPv6 address, or the integer form. */
  readonly ip: string | bigint;
  readonly port: number;
  /** Needed with an integer ip (4 or 6). */
  readonly ipType?: 4 | 6;
  readonly protocol?: number;
  readonly version?: number;
}

/** Publishes the hotkey's axon endpoint on a subnet. */
export async function serveAxon(client: Client, p: ServeAxonParameters): Promise<TransactionReceipt> {
  const { ip, ipType } = typeof p.ip === "bigint" ? { ip: p.ip, ipType: p.ipType ?? 4 } : ipToInt(p.ip);
  requireArg(Number.isInteger(p.port) && p.port > 0 && p.port <= 65_535, `port ${p.port} is not in 1..65535`);
  return sendTransaction(client, {
    ...p,
    call: {
      module: "subtensor",
      method: "serve_axon",
      args: {
        netuid: p.netuid,
        version: p.version ?? 0,
        ip,
        port: p.port,
        ip_type: ipType,
        protocol: p.protocol ?? 4,
        placeholder1: 0,
        placeholder2: 0,
      },
    },
  });
}

// ---------------------------------------------------------------------------------------------------
// staking

/** A limit price: rao per alpha (10^9 = 1 TAO per alpha), the chain's unit for limit_price. */
export interface LimitOrder {
  /** Add: the highest price you accept; remove: the lowest. Rao per alpha. */
  readonly limitPrice: bigint;
  /** Execute what fits under the limit instead of failing (default false). */
  readonly allowPartial?: boolean;
}

export interface AddStakeParameters extends Signed {
  readonly hotkey: string;
  readonly netuid: number;
  /** TAO to stake, rao. */
  readonly amount: bigint;
  /** Make it a limit order (`add_stake_limit`). */
  readonly limit?: LimitOrder;
}

/** The alpha bought and TAO spent, read from the receipt's StakeAdded event. */
export interface StakeReceipt extends TransactionReceipt {
  readonly tao: bigint;
  readonly alpha: bigint;
  /** Pool fee. */
  readonly swapFee: bigint;
}

const stakeReceipt = (r: TransactionReceipt, name: string): StakeReceipt => {
  const ev = eventsNamed(r, name)[0];
  const g = (k: string) => BigInt(String(ev?.data[k] ?? 0));
  return { ...r, tao: g("tao"), alpha: g("alpha"), swapFee: g("fee") };
};

/** Stakes TAO to a hotkey on a subnet (buys alpha through the subnet's pool). */
export async function addStake(client: Client, p: AddStakeParameters): Promise<StakeReceipt> {
  checkAddress(p.hotkey, "hotkey");
  checkAmount(p.amount, "amount");
  const base = { hotkey: p.hotkey, netuid: p.netuid, amount_staked: p.amount };
  const r = await sendTransaction(client, {
    ...p,
    call: p.limit
      ? {
          module: "subtensor",
          method: "add_stake_limit",
          args: { ...base, limit_price: p.limit.limitPrice, allow_partial: p.limit.allowPartial ?? false },
        }
      : { module: "subtensor", method: "add_stake", args: base },
  });
  return stakeReceipt(r, "StakeAdded");
}

export interface RemoveStakeParameters extends Signed {
  readonly hotkey: string;
  readonly netuid: number;
  /** Alpha to unstake, alpha rao. */
  readonly amount: bigint;
  readonly limit?: LimitOrder;
}

/** Unstakes alpha (sells it through the pool) back to the coldkey's free TAO. */
export async function removeStake(client: Client, p: RemoveStakeParameters): Promise<StakeReceipt> {
  checkAddress(p.hotkey, "hotkey");
  checkAmount(p.amount, "amount");
  const base = { hotkey: p.hotkey, netuid: p.netuid, amount_unstaked: p.amount };
  const r = await sendTransaction(client, {
    ...p,
    call: p.limit
      ? {
          module: "subtensor",
          method: "remove_stake_limit",
          args: { ...base, limit_price: p.limit.limitPrice, allow_partial: p.limit.allowPartial ?? false },
        }
      : { module: "subtensor", method: "remove_stake", args: base },
  });
  return stakeReceipt(r, "StakeRemoved");
}

/** Unstakes everything the coldkey has on `hotkey`, on every subnet. */
export async function unstakeAll(
  client: Client,
  p: Signed & { readonly hotkey: string },
): Promise<TransactionReceipt> {
  checkAddress(p.hotkey, "hotkey");
  return sendTransaction(client, {
    ...p,
    call: { module: "subtensor", method: "unstake_all", args: { hotkey: p.hotkey } },
  });
}

export interface MoveStakeParameters extends Signed {
  readonly fromHotkey: string;
  readonly toHotkey: string;
  readonly fromNetuid: number;
  readonly toNetuid: number;
  /** Alpha rao (of the origin subnet). */
  readonly amount: bigint;
}

/** Moves stake to another hotkey and/or subnet (same coldkey). */
export async function moveStake(client: Client, p: MoveStakeParameters): Promise<TransactionReceipt> {
  checkAddress(p.fromHotkey, "fromHotkey");
  checkAddress(p.toHotkey, "toHotkey");
  checkAmount(p.amount, "amount");
  return sendTransaction(client, {
    ...p,
    call: {
      module: "subtensor",
      method: "move_stake",
      args: {
        origin_hotkey: p.fromHotkey,
        destination_hotkey: p.toHotkey,
        origin_netuid: p.fromNetuid,
        destination_netuid: p.toNetuid,
        alpha_amount: p.amount,
      },
    },
  });
}

export interface TransferStakeParameters extends Signed {
  readonly toColdkey: string;
  readonly hotkey: string;
  readonly fromNetuid: number;
  readonly toNetuid: number;
  readonly amount: bigint;
}

/** Gives stake to another coldkey (same hotkey). */
export async function transferStake(client: Client, p: TransferStakeParameters): Promise<TransactionReceipt> {
  checkAddress(p.toColdkey, "toColdkey");
  checkAddress(p.hotkey, "hotkey");
  checkAmount(p.amount, "amount");
  return sendTransaction(client, {
    ...p,
    call: {
      module: "subtensor",
      method: "transfer_stake",
      args: {
        destination_coldkey: p.toColdkey,
        hotkey: p.hotkey,
        origin_netuid: p.fromNetuid,
        destination_netuid: p.toNetuid,
        alpha_amount: p.amount,
      },
    },
  });
}

export interface SwapStakeParameters extends Signed {
  readonly hotkey: string;
  readonly fromNetuid: number;
  readonly toNetuid: number;
  readonly amount: bigint;
}

/** Swaps stake between subnets (same hotkey and coldkey). */
export async function swapStake(client: Client, p: SwapStakeParameters): Promise<TransactionReceipt> {
  checkAddress(p.hotkey, "hotkey");
  checkAmount(p.amount, "amount");
  return sendTransaction(client, {
    ...p,
    call: {
      module: "subtensor",
      method: "swap_stake",
      args: {
        hotkey: p.hotkey,
        origin_netuid: p.fromNetuid,
        destination_netuid: p.toNetuid,
        alpha_amount: p.amount,
      },
    },
  });
}

// ---------------------------------------------------------------------------------------------------
// delegation: take, childkeys, root dividends

/** The largest childkey proportion: u64::MAX = 100 % of the parent's stake weight. */
export const FULL_PROPORTION = (1n << 64n) - 1n;

/**
 * Lowers (`decrease_take`) or raises (`increase_take`) a hotkey's delegate take, in parts of 65535
 * (11 796 ≈ 18 %). Raising is rate-limited (TxDelegateTakeRateLimit blocks since the last change).
 */
export async function setTake(
  client: Client,
  p: Signed & { readonly hotkey: string; readonly take: number; readonly direction: "increase" | "decrease" },
): Promise<TransactionReceipt> {
  checkAddress(p.hotkey, "hotkey");
  requireArg(
    Number.isInteger(p.take) && p.take >= 0 && p.take <= 65_535,
    `take must be an integer 0..65535 (parts of 65535), got ${p.take}`,
    "18 % is 11796",
  );
  return sendTransaction(client, {
    ...p,
    call: {
      module: "subtensor",
      method: p.direction === "increase" ? "increase_take" : "decrease_take",
      args: { hotkey: p.hotkey, take: p.take },
    },
  });
}

/**
 * Schedules a hotkey's children on a subnet (`set_children`): each child gets `proportion` / u64::MAX of
 * the parent's stake weight, applied after the cooldown; an empty list revokes them.
 */
export async function setChildren(
  client: Client,
  p: Signed & {
    readonly hotkey: string;
    readonly netuid: number;
    readonly children: ReadonlyArray<{ readonly proportion: bigint; readonly hotkey: string }>;
  },
): Promise<TransactionReceipt> {
  checkAddress(p.hotkey, "hotkey");
  for (const c of p.children) {
    checkAddress(c.hotkey, "child hotkey");
    requireArg(
      c.proportion >= 0n && c.proportion <= FULL_PROPORTION,
      `a child's proportion must be 0..u64::MAX, got ${c.proportion}`,
      "use FULL_PROPORTION / 2n for 50 %",
    );
  }
  return sendTransaction(client, {
    ...p,
    call: {
      module: "subtensor",
      method: "set_children",
      args: {
        hotkey: p.hotkey,
        netuid: p.netuid,
        children: p.children.map((c) => [c.proportion.toString(), c.hotkey]),
      },
    },
  });
}

/** Claims the root dividends owed to the signer's root stake on 1..5 subnets (`claim_root`). */
export async function claimRoot(
  client: Client,
  p: Signed & { readonly subnets: readonly number[] },
): Promise<TransactionReceipt> {
  return sendTransaction(client, {
    ...p,
    call: { module: "subtensor", method: "claim_root", args: { subnets: [...p.subnets] } },
  });
}

// ---------------------------------------------------------------------------------------------------
// quotes

/** The pool fee rate (u16, 33/65535 ≈ 0.05%): the chain's default FeeRate, which the node does not expose. */
export const DEFAULT_FEE_RATE = 33n;

export interface Quote {
  /** What you receive: alpha rao (stake) or rao (unstake). */
  readonly out: bigint;
  /** Pool fee, in the input's unit. */
  readonly fee: bigint;
  /** Spot price before, rao per alpha. */
  readonly priceBefore: bigint;
  /** Average execution price, rao per alpha. */
  readonly averagePrice: bigint;
  /** (average − spot) / spot, in parts per million. */
  readonly slippagePpm: bigint;
}

const RAO = 1_000_000_000n;
/** Root trades 1:1; every other subnet is created dynamic (a TAO/alpha pool). */
const stable = (d: DynamicInfo) => d.netuid === 0;
const spotRao = (d: DynamicInfo) => (d.price * RAO) >> 32n;

/** `subnet_getSwapQuote`: the chain's own pool arithmetic (weighted pool, the subnet's fee rate). */
async function swapQuote(
  client: Client,
  side: "buy" | "sell",
  p: { netuid: number; amount: bigint } & AtParameter,
): Promise<Quote> {
  const r = await client.request<Record<string, unknown>>(
    "subnet_getSwapQuote",
    p.at === undefined
      ? { netuid: p.netuid, side, amount: p.amount.toString() }
      : { netuid: p.netuid, side, amount: p.amount.toString(), at: p.at },
  );
  const big = (k: string) => BigInt(String(r[k] ?? "0"));
  return quote(big("amountOut"), big("fee"), big("priceBefore"), p.amount, side);
}

/**
 * What `addStake` of `amount` rao would buy now, computed by the node with the chain's pool (weights,
 * fee rate and guards included), so it equals what an addStake in the same state receives; the price may
 * move before your stake lands.
 */
export async function quoteStake(
  client: Client,
  p: { netuid: number; amount: bigint } & AtParameter,
): Promise<Quote> {
  return swapQuote(client, "buy", p);
}

/** What `removeStake` of `amount` alpha rao would return now (the main sale; see quoteStake). */
export async function quoteUnstake(
  client: Client,
  p: { netuid: number; amount: bigint } & AtParameter,
): Promise<Quote> {
  return swapQuote(client, "sell", p);
}

/**
 * Offline approximations from a DynamicInfo: the pool at equal weights (constant product) with the
 * default fee rate. Exact while a subnet's pool weights are 0.5/0.5; use quoteStake/quoteUnstake for the
 * chain's figure once emission injection has re-weighted a pool.
 */
export function quoteBuyFrom(d: DynamicInfo, tao: bigint, feeRate = DEFAULT_FEE_RATE): Quote {
  const priceBefore = stable(d) ? RAO : spotRao(d);
  if (stable(d)) return quote(tao, 0n, priceBefore, tao, "buy");
  const fee = (tao * feeRate) / 65_535n;
  const net = tao - fee;
  const out = d.taoIn + net === 0n ? 0n : (d.alphaIn * net) / (d.taoIn + net);
  return quote(out, fee, priceBefore, tao, "buy");
}

export function quoteSellFrom(d: DynamicInfo, alpha: bigint, feeRate = DEFAULT_FEE_RATE): Quote {
  const priceBefore = stable(d) ? RAO : spotRao(d);
  if (stable(d)) return quote(alpha, 0n, priceBefore, alpha, "sell");
  const fee = (alpha * feeRate) / 65_535n;
  const net = alpha - fee;
  const out = d.alphaIn + net === 0n ? 0n : (d.taoIn * net) / (d.alphaIn + net);
  return quote(out, fee, priceBefore, alpha, "sell");
}

function quote(out: bigint, fee: bigint, priceBefore: bigint, input: bigint, side: "buy" | "sell"): Quote {
  // average price in rao per alpha: buy = tao in / alpha out; sell = tao out / alpha in
  const averagePrice =
    side === "buy" ? (out === 0n ? 0n : (input * RAO) / out) : input === 0n ? 0n : (out * RAO) / input;
  const diff = side === "buy" ? averagePrice - priceBefore : priceBefore - averagePrice;
  const slippagePpm = priceBefore === 0n ? 0n : (diff * 1_000_000n) / priceBefore;
  return { out, fee, priceBefore, averagePrice, slippagePpm };
}
