/**
 * The state-transition tool behind `tao chain t8n` (docs/t8n.md): a list of actions run on a state with the
 * code the node runs — calls through the chain's call table (`dispatch`, as a block applies them), the
 * block pipeline through `applyBlock`, the coinbase and epoch functions, and the queries clients use.
 *
 * `parseT8nInput` validates the whole input first (unknown action or item, malformed value or call
 * argument → `T8nInputError` naming the action index and field), so a bad input runs nothing.
 * `runT8n` then runs the actions in order; each gives a result: its output, or the reference's error name
 * with the state left as it was before the action. Pure (no I/O); accounts written as dev secret URIs
 * (`//Alice`) need `cryptoReady()` first.
 */
import { z } from "zod";
import { applyBlock, dispatch } from "../block.js";
import { keyPairFromUri } from "../crypto.js";
import { ChainError } from "../errors.js";
import { devParams, mainnetParams } from "../genesis.js";
import { priceRao, spotPrice } from "../pool.js";
import { getNetworkLockCost, getNetworkTotals, getSwapQuote } from "../queries/subnets.js";
import { findCall } from "../runtime.js";
import { stakeOf } from "../stake.js";
import type { State } from "../state/state.js";
import { Account, Burn, Number_, ParentHash } from "../storage.js";
import { blockEmissionForIssuance } from "../subtensor/coinbase/emission.js";
import { runSubnetEpoch } from "../subtensor/coinbase/epoch.js";
import { runCoinbase } from "../subtensor/coinbase.js";
import type { Call } from "../tx.js";
import type { BlockContext, BlockHeader, ChainEvent, ChainParams, ChainSpec, Origin } from "../types.js";
import { account, big, fixed, type Json, num } from "./codec.js";
import {
  parseItemKeys,
  parseItemValue,
  readItemJson,
  StateFormatError,
  toJsonValue,
  writeItemJson,
} from "./state-json.js";

/** A bad t8n input: which action (index) and which field. */
export class T8nInputError extends Error {
  constructor(
    message: string,
    readonly index?: number,
    readonly field?: string,
  ) {
    super(message);
    this.name = "T8nInputError";
  }
}

const u64 = big("u64").schema;
const netuid = num("u16").schema;
const addr = account.schema;
const keyList = z.array(z.union([z.string(), z.number()])).default([]);
const comment = { comment: z.string().optional() };

const actionSchemas = {
  call: z
    .object({
      op: z.literal("call"),
      origin: z.union([z.literal("root"), addr]),
      call: z
        .string()
        .regex(/^[A-Za-z]+\.[A-Za-z0-9_]+$/, 'expected "module.method", e.g. "subtensor.add_stake"'),
      args: z.record(z.string(), z.unknown()).default({}),
      ...comment,
    })
    .strict(),
  set: z
    .object({ op: z.literal("set"), item: z.string(), key: keyList, value: z.unknown(), ...comment })
    .strict(),
  set_block: z.object({ op: z.literal("set_block"), block: num("u64").schema, ...comment }).strict(),
  block_step: z
    .object({
      op: z.literal("block_step"),
      count: z.number().int().min(1).max(1_000_000).default(1),
      ...comment,
    })
    .strict(),
  run_epoch: z.object({ op: z.literal("run_epoch"), netuid, emission: u64, ...comment }).strict(),
  run_coinbase: z.object({ op: z.literal("run_coinbase"), emission: u64, ...comment }).strict(),
  get: z.object({ op: z.literal("get"), item: z.string(), key: keyList, ...comment }).strict(),
  stake: z.object({ op: z.literal("stake"), coldkey: addr, hotkey: addr, netuid, ...comment }).strict(),
  balance: z.object({ op: z.literal("balance"), account: addr, ...comment }).strict(),
  price: z.object({ op: z.literal("price"), netuid, ...comment }).strict(),
  registration_cost: z.object({ op: z.literal("registration_cost"), netuid, ...comment }).strict(),
  network_registration_cost: z.object({ op: z.literal("network_registration_cost"), ...comment }).strict(),
  quote_stake: z.object({ op: z.literal("quote_stake"), netuid, amount: u64, ...comment }).strict(),
  quote_unstake: z.object({ op: z.literal("quote_unstake"), netuid, amount: u64, ...comment }).strict(),
  block_emission: z.object({ op: z.literal("block_emission"), issuance: u64, ...comment }).strict(),
  network_totals: z.object({ op: z.literal("network_totals"), ...comment }).strict(),
  state_root: z.object({ op: z.literal("state_root"), ...comment }).strict(),
} as const;

type Schemas = typeof actionSchemas;
export type T8nOp = keyof Schemas;
export type T8nAction = { [K in T8nOp]: z.output<Schemas[K]> }[T8nOp];

/** Ops in docs/t8n.md order. */
export const T8N_OPS = Object.keys(actionSchemas) as T8nOp[];

const paramsSchema = z
  .object({
    initialTempo: z.number().int().positive(),
    maxEpochsPerBlock: z.number().int().positive(),
    weightsSetRateLimit: z.number().int().min(0),
    immunityPeriod: z.number().int().min(0),
    commitRevealEnabled: z.boolean(),
    subnetEmissionEnabledByDefault: z.boolean(),
    adminFreezeWindow: z.number().int().min(0),
    networkRateLimit: z.number().int().min(0),
    existentialDeposit: u64,
  })
  .partial()
  .strict();

const envSchema = z
  .object({
    preset: z.enum(["dev", "mainnet"]).default("mainnet"),
    params: paramsSchema.default({}),
    /** Receives swap fees (calls) and is the author of stepped blocks. */
    author: addr.optional(),
  })
  .strict();

export interface T8nInput {
  readonly spec: ChainSpec;
  readonly author: string;
  readonly actions: readonly T8nAction[];
}

/** Dev secret URIs ("//Alice", "//1") anywhere in an action become their SS58 addresses. */
function resolveUris(v: unknown): unknown {
  if (typeof v === "string") return /^\/\/\S+$/.test(v) ? keyPairFromUri(v).address : v;
  if (Array.isArray(v)) return v.map(resolveUris);
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = resolveUris(x);
    return out;
  }
  return v;
}

const fieldOf = (issue: z.core.$ZodIssue | undefined): string => issue?.path.map(String).join(".") ?? "";

/** Validates one action (shape, item, keys, value, call and its arguments). */
function parseAction(raw: unknown, index: number): T8nAction {
  const fail = (message: string, field?: string): never => {
    throw new T8nInputError(`action ${index}${field ? ` field ${field}` : ""}: ${message}`, index, field);
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return fail("an action is a JSON object");
  const op = (raw as { op?: unknown }).op;
  if (typeof op !== "string" || !(op in actionSchemas)) {
    return fail(`unknown action ${JSON.stringify(op)} (one of ${T8N_OPS.join(", ")})`, "op");
  }
  const parsed = actionSchemas[op as T8nOp].safeParse(resolveUris(raw));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(issue?.message ?? "invalid", fieldOf(issue) || undefined);
  }
  const action = parsed.data as T8nAction;
  try {
    if (action.op === "set") {
      const keys = parseItemKeys(action.item, action.key);
      parseItemValue(action.item, keys, action.value);
    } else if (action.op === "get") {
      parseItemKeys(action.item, action.key);
    }
  } catch (err) {
    if (err instanceof StateFormatError) {
      const field = err.message.startsWith("unknown storage item")
        ? "item"
        : err.message.includes(": key")
          ? "key"
          : "value";
      return fail(err.message, field);
    }
    throw err;
  }
  if (action.op === "call") {
    const [module = "", method = ""] = action.call.split(".");
    const def = findCall(module, method);
    if (!def) return fail(`no call ${action.call}`, "call");
    const args = def.args.safeParse(action.args);
    if (!args.success) {
      const issue = args.error.issues[0];
      return fail(issue?.message ?? "invalid", `args${issue?.path.length ? `.${fieldOf(issue)}` : ""}`);
    }
  }
  return action;
}

/**
 * Validates a t8n actions document: an array of actions, or `{preset?, params?, author?, actions}`.
 * Throws `T8nInputError` (index and field) on the first problem.
 */
export function parseT8nInput(json: unknown): T8nInput {
  const doc = Array.isArray(json) ? { actions: json } : json;
  if (typeof doc !== "object" || doc === null)
    throw new T8nInputError("the actions file is an array or an object");
  const { actions, ...envRaw } = doc as { actions?: unknown };
  if (!Array.isArray(actions)) throw new T8nInputError('"actions" must be an array', undefined, "actions");
  const env = envSchema.safeParse(resolveUris(envRaw));
  if (!env.success) {
    const issue = env.error.issues[0];
    throw new T8nInputError(`${fieldOf(issue)}: ${issue?.message ?? "invalid"}`, undefined, fieldOf(issue));
  }
  const base = env.data.preset === "dev" ? devParams : mainnetParams;
  const overrides = Object.fromEntries(Object.entries(env.data.params).filter(([, v]) => v !== undefined));
  const params: ChainParams = { ...base, ...overrides };
  const spec: ChainSpec = { name: `t8n-${env.data.preset}`, genesisHash: "0x", params };
  return {
    spec,
    author: env.data.author ?? keyPairFromUri("//Author").address,
    actions: actions.map(parseAction),
  };
}

export interface T8nResult {
  readonly index: number;
  readonly op: T8nOp;
  readonly ok: boolean;
  readonly output?: Json;
  /** Events the action emitted (calls, block steps, coinbase, epochs). */
  readonly events?: Json[];
  /** The reference's error name (ChainError code) when the action failed. */
  readonly error?: string;
  readonly message?: string;
}

const eventsJson = (events: readonly ChainEvent[]): Json[] =>
  events.map((e) => ({ pallet: e.pallet, name: e.name, data: toJsonValue(e.data) }));

const I96F32 = fixed("I96F32");

/** The header of calls and hooks run "in" the state's current block. */
function currentHeader(s: State, input: T8nInput): BlockHeader {
  const number = Number_.get(s);
  return {
    number,
    parentHash: ParentHash.get(s),
    author: input.author,
    timestamp: number * input.spec.params.blockTimeMs,
  };
}

/**
 * Runs the actions in order on `pre` and returns the post-state. `pre` is consumed: after a block step
 * the post-state's layers are folded into the base they share, so `pre` must not be read afterwards.
 */
export function runT8n(pre: State, input: T8nInput): { state: State; results: T8nResult[] } {
  let state = pre.fork();
  const results: T8nResult[] = [];
  input.actions.forEach((action, index) => {
    const events: ChainEvent[] = [];
    const emit = (e: ChainEvent) => events.push(e);
    const ok = (output: Json, withEvents = false): T8nResult => ({
      index,
      op: action.op,
      ok: true,
      output,
      ...(withEvents ? { events: eventsJson(events) } : {}),
    });
    const before = state;
    try {
      const run = (): T8nResult => {
        const s = state;
        switch (action.op) {
          case "call": {
            const [module = "", method = ""] = action.call.split(".");
            const origin: Origin =
              action.origin === "root" ? { kind: "root" } : { kind: "signed", who: action.origin };
            const call: Call = { module, method, args: action.args };
            dispatch({ state: s, spec: input.spec, header: currentHeader(s, input), origin, emit }, call);
            return ok(null, true);
          }
          case "set":
            writeItemJson(s, action.item, action.key, action.value);
            return ok(null);
          case "set_block":
            Number_.set(s, action.block);
            return ok(action.block);
          case "block_step": {
            for (let i = 0; i < action.count; i++) {
              const number = Number_.get(state) + 1;
              const header: BlockHeader = {
                number,
                parentHash: `0x${number.toString(16)}`,
                author: input.author,
                timestamp: number * input.spec.params.blockTimeMs,
              };
              const r = applyBlock(input.spec, state, header, []);
              state = r.state;
              if (action.count === 1) events.push(...r.events);
            }
            return ok(Number_.get(state), action.count === 1);
          }
          case "run_epoch": {
            const r = runSubnetEpoch(s, action.netuid, Number_.get(s), action.emission);
            const o = r.output;
            return ok(
              toJsonValue({
                hotkeys: r.hotkeys,
                emission: o.emission,
                serverEmission: o.serverEmission,
                validatorEmission: o.validatorEmission,
                incentive: o.mechanisms[0]?.incentiveU16 ?? [],
                dividends: o.dividendsU16,
                consensus: o.consensusU16,
                validatorTrust: o.validatorTrustU16,
                validatorPermit: o.newValidatorPermit,
                active: o.active,
              }),
            );
          }
          case "run_coinbase": {
            const ctx: BlockContext = { state: s, spec: input.spec, header: currentHeader(s, input), emit };
            const r = runCoinbase(ctx, action.emission);
            return ok(toJsonValue({ spent: r.spent, emitting: r.emitting, epochs: r.epochs.length }), true);
          }
          case "get":
            return ok(readItemJson(s, action.item, action.key));
          case "stake":
            return ok(stakeOf(s, action.hotkey, action.coldkey, action.netuid).toString());
          case "balance":
            return ok(Account.get(s, action.account).free.toString());
          case "price":
            return ok({
              rao: priceRao(s, action.netuid).toString(),
              price: I96F32.toJson(spotPrice(s, action.netuid)),
            });
          case "registration_cost":
            return ok(Burn.get(s, action.netuid).toString());
          case "network_registration_cost":
            return ok(getNetworkLockCost(s).toString());
          case "quote_stake":
          case "quote_unstake": {
            const side = action.op === "quote_stake" ? "buy" : "sell";
            return ok(toJsonValue(getSwapQuote(s, action.netuid, side, action.amount)));
          }
          case "block_emission":
            return ok(blockEmissionForIssuance(action.issuance).toString());
          case "network_totals":
            return ok(toJsonValue(getNetworkTotals(s)));
          case "state_root":
            return ok(s.root());
        }
      };
      const result = action.op === "block_step" ? run() : state.transaction(run);
      // keep reads flat after many blocks (the pre-state is consumed: it shares the base)
      if (action.op === "block_step") state.compact();
      results.push(result);
    } catch (err) {
      // Leave the state as it was before the action: a failed call was rolled back; blocks applied by a
      // failed block step are dropped (the state before them was frozen by the fork: read through it).
      if (state !== before || action.op === "block_step") state = before.fork();
      const code = err instanceof ChainError ? err.code : "Other";
      const message = err instanceof Error ? err.message : String(err);
      results.push({ index, op: action.op, ok: false, error: code, message });
    }
  });
  return { state, results };
}
