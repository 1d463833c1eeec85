import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { registeredItems } from "../state/items.js";
import { State } from "../state/state.js";
import { SubnetMovingPrice, SubnetTAO, TotalIssuance, Weights } from "../storage.js";
import { TAO, TestChain } from "../testing/chain.js";
import { STATE_SCHEMA } from "./schema.js";
import { canonicalJson, dumpState, loadState, StateFormatError } from "./state-json.js";

describe("state snapshot schema", () => {
  it("has an entry for every declared storage item, and none for undeclared ones", () => {
    const declared = [...registeredItems().keys()].sort();
    const missing = declared.filter((name) => STATE_SCHEMA[name] === undefined);
    assert.deepEqual(missing, [], `storage items without a snapshot schema (add them to snapshot/schema.ts)`);
    const stale = Object.keys(STATE_SCHEMA).filter((name) => !registeredItems().has(name));
    assert.deepEqual(stale, [], "schema entries for items no module declares");
    assert.ok(declared.length >= 182, `only ${declared.length} items registered`);
  });

  it("gives each item's default value back unchanged through its codec (the codec has the chain's types)", () => {
    for (const [name, item] of registeredItems()) {
      const schema = STATE_SCHEMA[name];
      if (!schema) continue;
      const json = schema.value.toJson(item.defaultValue);
      const parsed = schema.value.schema.safeParse(JSON.parse(JSON.stringify(json)));
      assert.ok(parsed.success, `${name}: default ${JSON.stringify(json)} does not parse`);
      assert.deepStrictEqual(parsed.data, item.defaultValue, name);
    }
  });
});

describe("dumpState / loadState", () => {
  let c: TestChain;
  before(async () => {
    c = await TestChain.create();
    const alice = c.addr("//Alice");
    const sn = c.addr("//Alice/sn");
    c.expectOk(c.block(c.tx("//Alice", "subtensor", "register_network", { hotkey: sn })));
    c.expectOk(c.block(c.tx("//Alice", "subtensor", "start_call", { netuid: 1 })));
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "burned_register", { netuid: 1, hotkey: c.addr("//Bob/v") }),
        c.tx("//Charlie", "subtensor", "burned_register", { netuid: 1, hotkey: c.addr("//Charlie/m") }),
      ),
    );
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "add_stake", {
          hotkey: c.addr("//Bob/v"),
          netuid: 1,
          amount_staked: (100n * TAO).toString(),
        }),
        c.tx("//Dave", "subtensor", "add_stake", {
          hotkey: sn,
          netuid: 0,
          amount_staked: (50n * TAO).toString(),
        }),
      ),
    );
    c.advance(12); // the first epoch gives the staked validator its permit
    c.expectOk(
      c.block(
        c.tx("//Bob/v", "subtensor", "set_weights", {
          netuid: 1,
          dests: [0, 1, 2],
          weights: [1, 1, 65535],
          version_key: 0,
        }),
      ),
    );
    c.advance(25); // epochs at tempo 10
    assert.ok(alice);
  });

  it("round-trips a dev chain after subnets, stakes, weights and epochs: same entries, same root, same bytes", () => {
    const s = c.state;
    assert.ok(Weights.prefix(s, 1).size > 0, "weights were set");
    assert.ok(SubnetMovingPrice.get(s, 1) > 0n, "epochs and prices ran");
    const text = canonicalJson(dumpState(s));
    const loaded = loadState(JSON.parse(text));
    assert.equal(loaded.root(), s.root());
    assert.equal(canonicalJson(dumpState(loaded)), text);
    assert.ok(text.includes('"SubnetMovingPrice"') && text.includes('"type": "I96F32"'));
  });

  it("writes big integers as decimal strings and sorts integer keys numerically", () => {
    const s = State.empty();
    TotalIssuance.set(s, 21_000_000n * TAO);
    for (const n of [10, 2, 1]) SubnetTAO.set(s, n, BigInt(n));
    const text = canonicalJson(dumpState(s));
    assert.match(text, /"TotalIssuance": "21000000000000000"/);
    assert.ok(text.indexOf('"2"') < text.indexOf('"10"'));
  });

  it("accepts numbers or strings for integers", () => {
    const s = loadState({
      format: "taonet-state/1",
      items: { SubnetTAO: { "1": 5, "2": "6" }, Tempo: { "1": "7" } },
    });
    assert.equal(SubnetTAO.get(s, 1), 5n);
    assert.equal(SubnetTAO.get(s, 2), 6n);
  });

  it("keeps only one subnet's entries with {netuid}", () => {
    const snap = dumpState(c.state, { netuid: 0 });
    const tao = snap.items.SubnetTAO as Record<string, unknown>;
    assert.deepEqual(Object.keys(tao), ["0"]);
    assert.ok(snap.items.TotalIssuance !== undefined, "global items stay");
  });

  it("names the item and key of an invalid entry", () => {
    const bad = (items: unknown, re: RegExp) =>
      assert.throws(
        () => loadState({ format: "taonet-state/1", items }),
        (e: unknown) => e instanceof StateFormatError && re.test(e.message),
      );
    bad({ SubnetTAO: { "1": "-5" } }, /SubnetTAO\["1"\].*out of range/);
    bad({ SubnetTAO: { x: "5" } }, /SubnetTAO\["x"\]: key 1/);
    bad({ NoSuchItem: 1 }, /unknown storage item "NoSuchItem"/);
    bad({ SubnetMovingPrice: { "1": "5" } }, /SubnetMovingPrice\["1"\].*I96F32/);
    bad({ Weights: { "1": { "0": [[1]] } } }, /Weights\["1"\]\["0"\]/);
    bad({ TotalIssuance: 1.5 }, /TotalIssuance/);
    assert.throws(() => loadState({ format: "other", items: {} }), /format/);
  });
});
