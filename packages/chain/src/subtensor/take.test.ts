/**
 * Delegate take (chain.md §6.3) through real transactions: ports of the reference's delegate-take tests
 * (`pallets/subtensor/src/tests/staking/delegate_take.rs`: the mock's minimum take is replaced by a
 * minimum set here, 9 %), plus the ownership checks, the admin bounds and the events.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { cryptoReady } from "../crypto.js";
import { Delegates } from "../storage.js";
import { TestChain } from "../testing/chain.js";
import { MaxDelegateTake, MinDelegateTake, TxDelegateTakeRateLimit } from "./subnets/storage.js";
import { registerSubnet } from "./subnets/testkit.js";
import { hotkeyTake, lastTakeChange } from "./take.js";

const MIN = 5_898; // 9 %
const DEFAULT = 11_796; // 18 %
const LIMIT = 5; // a short TxDelegateTakeRateLimit keeps the tests fast (the reference's is 216 000)

async function setup(): Promise<{ c: TestChain; hot: string }> {
  const c = await TestChain.create();
  registerSubnet(c, "//Alice", "//Alice/hot");
  MinDelegateTake.set(c.state, MIN);
  TxDelegateTakeRateLimit.set(c.state, LIMIT);
  return { c, hot: c.addr("//Alice/hot") };
}

const take = (
  c: TestChain,
  method: "increase_take" | "decrease_take",
  hotkey: string,
  value: number,
  who = "//Alice",
) => c.block(c.tx(who, "subtensor", method, { hotkey, take: value }));

describe("delegate take", () => {
  before(cryptoReady);

  it("a hotkey without a stored take has the default 18 % (11 796)", async () => {
    const { c, hot } = await setup();
    assert.equal(hotkeyTake(c.state, hot), DEFAULT);
    assert.equal(MaxDelegateTake.get(c.state), DEFAULT);
    assert.equal(TxDelegateTakeRateLimit.get((await TestChain.create()).state), 216_000);
  });

  it("test_delegate_take_can_be_decreased: below the minimum is DelegateTakeTooLow", async () => {
    const { c, hot } = await setup();
    Delegates.set(c.state, hot, MIN);
    c.expectError(take(c, "decrease_take", hot, Math.floor(65_535 / 20)), "DelegateTakeTooLow");
    assert.equal(hotkeyTake(c.state, hot), MIN);
  });

  it("test_can_set_min_take_ok: decrease to the minimum, with a TakeDecreased event", async () => {
    const { c, hot } = await setup();
    Delegates.set(c.state, hot, Math.floor(65_535 / 10));
    const r = c.expectOk(take(c, "decrease_take", hot, MIN));
    assert.equal(hotkeyTake(c.state, hot), MIN);
    assert.deepEqual(
      r.events.filter((e) => e.name === "TakeDecreased").map((e) => e.data),
      [{ coldkey: c.addr("//Alice"), hotkey: hot, take: MIN }],
    );
    // the decrease records the block (for the increase rate limit)
    assert.equal(lastTakeChange(c.state, hot), c.number);
  });

  it("test_delegate_take_can_not_be_increased_with_decrease_take", async () => {
    const { c, hot } = await setup();
    Delegates.set(c.state, hot, MIN);
    c.expectError(take(c, "decrease_take", hot, DEFAULT), "DelegateTakeTooLow");
    c.expectError(take(c, "decrease_take", hot, MIN), "DelegateTakeTooLow");
    assert.equal(hotkeyTake(c.state, hot), MIN);
  });

  it("test_delegate_take_can_be_increased: to 12.5 %, with a TakeIncreased event", async () => {
    const { c, hot } = await setup();
    Delegates.set(c.state, hot, MIN);
    c.advance(1 + LIMIT);
    const r = c.expectOk(take(c, "increase_take", hot, Math.floor(65_535 / 8)));
    assert.equal(hotkeyTake(c.state, hot), 8_191);
    assert.deepEqual(
      r.events.filter((e) => e.name === "TakeIncreased").map((e) => e.data),
      [{ coldkey: c.addr("//Alice"), hotkey: hot, take: 8_191 }],
    );
  });

  it("test_delegate_take_can_not_be_decreased_with_increase_take", async () => {
    const { c, hot } = await setup();
    Delegates.set(c.state, hot, MIN);
    c.expectError(take(c, "increase_take", hot, Math.floor(65_535 / 20)), "DelegateTakeTooLow");
    c.expectError(take(c, "increase_take", hot, MIN), "DelegateTakeTooLow");
    assert.equal(hotkeyTake(c.state, hot), MIN);
  });

  it("test_delegate_take_can_be_increased_to_limit / _not_beyond_limit: DelegateTakeTooHigh above the max", async () => {
    const { c, hot } = await setup();
    Delegates.set(c.state, hot, MIN);
    c.expectError(take(c, "increase_take", hot, DEFAULT + 1), "DelegateTakeTooHigh");
    assert.equal(hotkeyTake(c.state, hot), MIN);
    c.advance(1 + LIMIT);
    c.expectOk(take(c, "increase_take", hot, DEFAULT));
    assert.equal(hotkeyTake(c.state, hot), DEFAULT);
  });

  it("test_rate_limits_enforced_on_increase_take: one increase per TxDelegateTakeRateLimit blocks", async () => {
    const { c, hot } = await setup();
    Delegates.set(c.state, hot, MIN);
    c.expectOk(take(c, "increase_take", hot, MIN + 1));
    const at = c.number;
    c.expectError(take(c, "increase_take", hot, MIN + 2), "DelegateTxRateLimitExceeded");
    assert.equal(hotkeyTake(c.state, hot), MIN + 1);
    // still limited while now − last ≤ limit
    while (c.number < at + LIMIT - 1) c.advance(1);
    c.expectError(take(c, "increase_take", hot, MIN + 2), "DelegateTxRateLimitExceeded");
    assert.equal(c.number, at + LIMIT);
    c.expectOk(take(c, "increase_take", hot, MIN + 2));
    assert.equal(hotkeyTake(c.state, hot), MIN + 2);
  });

  it("test_rate_limits_enforced_on_decrease_before_increase_take", async () => {
    const { c, hot } = await setup();
    Delegates.set(c.state, hot, MIN + 1);
    c.expectOk(take(c, "decrease_take", hot, MIN));
    assert.equal(hotkeyTake(c.state, hot), MIN);
    c.expectError(take(c, "increase_take", hot, MIN + 1), "DelegateTxRateLimitExceeded");
    assert.equal(hotkeyTake(c.state, hot), MIN);
    c.advance(1 + LIMIT);
    c.expectOk(take(c, "increase_take", hot, MIN + 1));
    assert.equal(hotkeyTake(c.state, hot), MIN + 1);
    // decreases are never rate-limited
    c.expectOk(take(c, "decrease_take", hot, MIN));
  });

  it("a rate limit of 0 lets every increase through", async () => {
    const { c, hot } = await setup();
    TxDelegateTakeRateLimit.set(c.state, 0);
    Delegates.set(c.state, hot, MIN);
    c.expectOk(take(c, "increase_take", hot, MIN + 1));
    c.expectOk(take(c, "increase_take", hot, MIN + 2));
  });

  it("only the owner coldkey may change the take: NonAssociatedColdKey, HotKeyAccountNotExists", async () => {
    const { c, hot } = await setup();
    c.expectError(take(c, "decrease_take", hot, MIN, "//Bob"), "NonAssociatedColdKey");
    c.expectError(take(c, "increase_take", hot, MIN, "//Bob"), "NonAssociatedColdKey");
    c.expectError(take(c, "decrease_take", c.addr("//Nobody"), MIN), "HotKeyAccountNotExists");
    c.expectError(take(c, "increase_take", c.addr("//Nobody"), MIN), "HotKeyAccountNotExists");
    assert.equal(hotkeyTake(c.state, hot), DEFAULT);
  });

  it("without a stored take there is nothing to compare with: any take in bounds passes (as in the reference)", async () => {
    const { c, hot } = await setup();
    // decrease_take to the default itself succeeds (no stored value to be strictly below)
    c.expectOk(take(c, "decrease_take", hot, 10_000));
    assert.equal(hotkeyTake(c.state, hot), 10_000);
    const other = c.addr("//Alice/other");
    registerSubnet(c, "//Alice", "//Alice/other");
    c.expectOk(take(c, "increase_take", other, MIN));
    assert.equal(hotkeyTake(c.state, other), MIN);
  });

  it("root sets the bounds and the rate limit through AdminUtils", async () => {
    const { c, hot } = await setup();
    c.expectOk(c.block(c.sudo("adminUtils", "sudo_set_min_delegate_take", { take: 1_000 })));
    c.expectOk(c.block(c.sudo("adminUtils", "sudo_set_default_take", { default_take: 9_000 })));
    c.expectOk(c.block(c.sudo("adminUtils", "sudo_set_tx_delegate_take_rate_limit", { tx_rate_limit: 0 })));
    c.expectError(take(c, "decrease_take", hot, 999), "DelegateTakeTooLow");
    c.expectOk(take(c, "decrease_take", hot, 1_000));
    c.expectError(take(c, "increase_take", hot, 9_001), "DelegateTakeTooHigh");
    c.expectOk(take(c, "increase_take", hot, 9_000));
    assert.equal(hotkeyTake(c.state, hot), 9_000);
  });
});
