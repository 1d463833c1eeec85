/**
 * Owner hyperparameters (AdminUtils `sudo_set_*` calls, signed by the subnet owner coldkey), root calls
 * through `sudo` (dev chains: //Alice is the sudo key), and the dev node's test controls.
 */
import { type Call, findCall } from "@taonet/chain";
import type { Client } from "../client.js";
import type { Header } from "./public.js";
import {
  requireArg,
  resetNonces,
  type SendOptions,
  type SignerLike,
  sendTransaction,
  type TransactionReceipt,
} from "./send.js";

/** The argument names of an AdminUtils setter, read from the chain's own declaration. */
function setterArgs(method: string): string[] {
  const def = findCall("adminUtils", method);
  requireArg(
    def,
    `no hyperparameter setter adminUtils.${method}`,
    "names are the AdminUtils calls without sudo_set_, e.g. 'tempo', 'kappa', 'weights_set_rate_limit'",
  );
  const shape = (def.args as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

export interface SetHyperparameterParameters extends SendOptions {
  /** The subnet owner's coldkey (or use `sudo` for root-only ones). */
  readonly signer: SignerLike;
  readonly netuid: number;
  /** The setter without `sudo_set_` (e.g. "tempo", "weights_set_rate_limit", "commit_reveal_weights_enabled"). */
  readonly name: string;
  /** The value, or an object of named arguments for setters with several (e.g. alpha_values). */
  readonly value: number | bigint | boolean | readonly number[] | Readonly<Record<string, unknown>>;
}

/** The call a hyperparameter change sends (for `sudo` or inspection). */
export function hyperparameterCall(
  netuid: number,
  name: string,
  value: SetHyperparameterParameters["value"],
): Call {
  const method = name.startsWith("sudo_set_") ? name : `sudo_set_${name}`;
  const names = setterArgs(method).filter((k) => k !== "netuid");
  let args: Record<string, unknown>;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) args = { netuid, ...value };
  else {
    requireArg(names.length === 1, `adminUtils.${method} takes ${names.join(", ")}: pass value as an object`);
    args = { netuid, [names[0] as string]: value };
  }
  return { module: "adminUtils", method, args };
}

/** Changes a subnet hyperparameter as its owner. */
export async function setHyperparameter(
  client: Client,
  p: SetHyperparameterParameters,
): Promise<TransactionReceipt> {
  return sendTransaction(client, { ...p, call: hyperparameterCall(p.netuid, p.name, p.value) });
}

/** Dispatches `call` with the root origin (the signer must be the sudo key). */
export async function sudo(
  client: Client,
  p: SendOptions & { readonly signer: SignerLike; readonly call: Call },
): Promise<TransactionReceipt> {
  return sendTransaction(client, {
    ...p,
    call: { module: "sudo", method: "sudo", args: { call: p.call } },
  });
}

// ---------------------------------------------------------------------------------------------------
// dev node controls (dev preset only)

/** Produces `blocks` blocks now; returns the last header. */
export async function mine(client: Client, blocks = 1): Promise<Header> {
  return client.request<Header>(
    "dev_mine",
    { blocks },
    { retry: false, timeoutMs: Math.max(30_000, blocks * 200) },
  );
}

/** Produces blocks until an epoch of `netuid` has run; returns the block it ran in. */
export async function runToNextEpoch(client: Client, netuid: number): Promise<Header> {
  return client.request<Header>("dev_runToNextEpoch", { netuid }, { retry: false, timeoutMs: 120_000 });
}

/** Sets an account's free balance (a sudo force_set_balance in a new block). */
export async function setBalance(
  client: Client,
  address: string,
  free: bigint,
): Promise<{ blockNumber: number }> {
  const r = await client.request<{ blockNumber: number }>(
    "dev_setBalance",
    { address, free: free.toString() },
    { retry: false },
  );
  // the node signs it with the sudo key: cached nonces of that key are stale now
  resetNonces(client);
  return { blockNumber: r.blockNumber };
}

/** Remembers the head; `revert(id)` returns to it. */
export async function snapshot(client: Client): Promise<number> {
  return client.request<number>("dev_snapshot", {}, { retry: false });
}

export async function revert(client: Client, id: number): Promise<Header> {
  const head = await client.request<Header>("dev_revert", { snapshot: id }, { retry: false });
  resetNonces(client);
  return head;
}
