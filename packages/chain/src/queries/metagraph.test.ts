import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { cryptoReady } from "../crypto.js";
import { increaseStake } from "../stake.js";
import {
  Account,
  Burn,
  Dividends,
  Emission,
  MechanismCountCurrent,
  TaoWeight,
  ValidatorPermit,
} from "../storage.js";
import { TAO, TestChain } from "../testing/chain.js";
import { setupSubnetForTest } from "../testing/subnet.js";
import { EMPTY_AXON, getMetagraph } from "./metagraph.js";

const NET = 2;

describe("queries: metagraph", () => {
  before(cryptoReady);

  it("returns every per-uid column, the registration cost, and empty deprecated columns", async () => {
    const c = await TestChain.create();
    const owner = { coldkey: c.addr("//Alice"), hotkey: c.addr("//Alice/owner") };
    setupSubnetForTest(c.state, NET, { burn: 1_000n, minBurn: 0n, servingRateLimit: 0, owner });
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "burned_register", { netuid: NET, hotkey: c.addr("//Bob/h") }),
        c.tx("//Charlie", "subtensor", "burned_register", { netuid: NET, hotkey: c.addr("//Charlie/h") }),
      ),
    );
    Account.set(c.state, c.addr("//Bob/h"), { nonce: 0, free: TAO });
    c.expectOk(
      c.block(
        c.tx("//Bob/h", "subtensor", "serve_axon", {
          netuid: NET,
          version: 7,
          ip: 1_676_056_785,
          port: 8091,
          ip_type: 4,
          protocol: 0,
          placeholder1: 0,
          placeholder2: 0,
        }),
      ),
    );
    const s = c.state;
    const bob = c.addr("//Bob/h");
    increaseStake(s, bob, c.addr("//Bob"), NET, 5_000n);
    increaseStake(s, bob, c.addr("//Bob"), 0, 1_000n);
    TaoWeight.set(s, (1n << 64n) - 1n);
    Emission.set(s, NET, [0n, 123n, 0n]);
    Dividends.set(s, NET, [0, 65_535, 0]);
    ValidatorPermit.set(s, NET, [true, true, false]);

    const m = getMetagraph(s, NET);
    assert.ok(m);
    assert.equal(m.n, 3);
    assert.equal(m.block, c.number);
    assert.equal(m.registrationCost, Burn.get(s, NET));
    assert.deepEqual(m.hotkeys, [owner.hotkey, bob, c.addr("//Charlie/h")]);
    assert.deepEqual(m.coldkeys, [owner.coldkey, c.addr("//Bob"), c.addr("//Charlie")]);
    assert.deepEqual(m.axons[0], EMPTY_AXON);
    assert.deepEqual(
      [m.axons[1]?.ip, m.axons[1]?.port, m.axons[1]?.version, m.axons[1]?.block],
      ["1676056785", 8091, 7, c.number],
    );
    assert.deepEqual(m.active, [true, true, true]);
    assert.deepEqual(m.validatorPermit, [true, true, false]);
    assert.deepEqual(m.lastUpdate, [0, 1, 1]);
    assert.deepEqual(m.blockAtRegistration, [0, 1, 1]);
    assert.deepEqual(m.emission, [0n, 123n, 0n]);
    assert.deepEqual(m.dividends, [0, 65_535, 0]);
    assert.deepEqual(m.incentives, [0, 0, 0]);
    assert.deepEqual(m.consensus, [0, 0, 0]);
    assert.deepEqual(m.validatorTrust, [0, 0, 0]);
    assert.deepEqual(m.alphaStake, [0n, 5_000n, 0n]);
    assert.deepEqual(m.taoStake, [0n, 1_000n, 0n]);
    assert.deepEqual(m.totalStake, [0n, 6_000n, 0n]);
    assert.deepEqual([m.rank, m.trust, m.pruningScore], [[], [], []]);
  });

  it("null for a subnet or mechanism that does not exist; a mechanism reads its own vectors", async () => {
    const c = await TestChain.create();
    assert.equal(getMetagraph(c.state, 77), null);
    setupSubnetForTest(c.state, NET);
    assert.equal(getMetagraph(c.state, NET, 1), null);
    MechanismCountCurrent.set(c.state, NET, 2);
    const m = getMetagraph(c.state, NET, 1);
    assert.equal(m?.mecid, 1);
    assert.equal(m?.n, 0);
  });
});
