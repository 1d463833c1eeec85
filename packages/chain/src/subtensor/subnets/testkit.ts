/**
 * Test helpers for the subnet lifecycle and AdminUtils.
 *
 * `adminCall` sends an AdminUtils call as a real transaction once the pallet is in the runtime
 * (`{module: "adminUtils"}`, through sudo for root); until then it applies the call to the next block's
 * state directly (same origin checks, argument validation, rollback on error and block number), so the
 * tests do not change when the pallet is registered.
 */
import assert from "node:assert/strict";
import { ChainError } from "../../errors.js";
import { findCall } from "../../runtime.js";
import type { TestChain } from "../../testing/chain.js";
import type { CallContext, ChainEvent, Origin } from "../../types.js";
import { adminUtilsPallet } from "../admin.js";

export interface Outcome {
  readonly ok: boolean;
  readonly code?: string;
  readonly events: readonly ChainEvent[];
}

/** An AdminUtils call by `who` (a key URI) or "root", in a new block. */
export function adminCall(c: TestChain, who: string, method: string, args: Record<string, unknown>): Outcome {
  if (findCall("adminUtils", method)) {
    const r = c.block(
      who === "root" ? c.sudo("adminUtils", method, args) : c.tx(who, "adminUtils", method, args),
    );
    assert.equal(r.rejected.length, 0, JSON.stringify(r.rejected));
    const receipt = r.receipts[0];
    assert.ok(receipt);
    return receipt.error
      ? { ok: false, code: receipt.error.code, events: receipt.events }
      : { ok: true, events: receipt.events };
  }
  const def = adminUtilsPallet.calls[method];
  assert.ok(def, `no adminUtils call ${method}`);
  c.advance(1);
  const origin: Origin = who === "root" ? { kind: "root" } : { kind: "signed", who: c.addr(who) };
  const events: ChainEvent[] = [];
  const ctx: CallContext = {
    state: c.state,
    spec: c.spec,
    header: {
      number: c.number,
      parentHash: `0x${c.number.toString(16)}`,
      author: c.author.address,
      timestamp: c.number * c.spec.params.blockTimeMs,
    },
    origin,
    emit: (e) => events.push(e),
  };
  try {
    if (def.origin !== "either" && def.origin !== origin.kind)
      throw new ChainError("BadOrigin", `adminUtils.${method} needs a ${def.origin} origin`, "System");
    const parsed = def.args.safeParse(args);
    if (!parsed.success) throw new ChainError("InvalidArguments", parsed.error.message, "System");
    c.state.transaction(() => def.apply(ctx, parsed.data));
    return { ok: true, events };
  } catch (err) {
    if (err instanceof ChainError) return { ok: false, code: err.code, events: [] };
    throw err;
  }
}

export function expectAdminOk(o: Outcome): Outcome {
  assert.ok(o.ok, `expected success, got ${o.code}`);
  return o;
}

export function expectAdminError(o: Outcome, code: string): void {
  assert.equal(o.ok, false, `expected ${code}, the call succeeded`);
  assert.equal(o.code, code);
}

/** Registers a subnet with a real transaction and returns its netuid (from the NetworkAdded event). */
export function registerSubnet(c: TestChain, coldkey: string, hotkey: string): number {
  const r = c.expectOk(c.block(c.tx(coldkey, "subtensor", "register_network", { hotkey: c.addr(hotkey) })));
  const added = r.events.find((e) => e.name === "NetworkAdded");
  assert.ok(added, "no NetworkAdded event");
  return added.data.netuid as number;
}
