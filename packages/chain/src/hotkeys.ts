/** Hotkey ownership (chain.md §1.2): Owner[hotkey] = coldkey, first association wins. */
import type { AccountId } from "./crypto.js";
import { ensure } from "./errors.js";
import type { State } from "./state/state.js";
import { OwnedHotkeys, Owner } from "./storage.js";

/** Associates a hotkey with a coldkey if it has no owner yet; fails if another coldkey owns it. */
export function createOrVerifyHotkey(s: State, coldkey: AccountId, hotkey: AccountId): void {
  const owner = Owner.get(s, hotkey);
  if (owner === null) {
    Owner.set(s, hotkey, coldkey);
    OwnedHotkeys.update(s, coldkey, (list) => [...list, hotkey]);
    return;
  }
  ensure(
    owner === coldkey,
    "NonAssociatedColdKey",
    `hotkey ${hotkey} belongs to coldkey ${owner}, not ${coldkey}`,
  );
}

export function ownerOf(s: State, hotkey: AccountId): AccountId | null {
  return Owner.get(s, hotkey);
}
