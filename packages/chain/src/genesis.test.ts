import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { cryptoReady, keyPairFromUri } from "./crypto.js";
import { createGenesis, devGenesis, MAINNET_TAO_WEIGHT, parseGenesisFile } from "./genesis.js";
import { Account, SudoKey, TaoWeight, TotalIssuance } from "./storage.js";

describe("genesis", () => {
  before(cryptoReady);

  it("the dev preset funds //Alice..//Ferdie, makes //Alice sudo, counts the issuance", () => {
    const { state, spec } = createGenesis(devGenesis());
    const alice = keyPairFromUri("//Alice").address;
    assert.equal(Account.get(state, alice).free, 1_000_000n * 1_000_000_000n);
    assert.equal(SudoKey.get(state), alice);
    assert.equal(TotalIssuance.get(state), 6n * 1_000_000n * 1_000_000_000n);
    assert.equal(spec.params.initialTempo, 10);
    assert.match(spec.genesisHash, /^0x[0-9a-f]{64}$/);
  });

  it("parses a genesis file with a preset, balances and parameter overrides", () => {
    const bob = keyPairFromUri("//Bob").address;
    const g = parseGenesisFile({
      name: "local",
      preset: "mainnet",
      balances: [[bob, "5000000000"]],
      sudo: bob,
      params: { initialTempo: 99 },
    });
    assert.equal(g.params.initialTempo, 99);
    assert.equal(g.params.blockTimeMs, 12_000);
    const { state } = createGenesis(g);
    assert.equal(Account.get(state, bob).free, 5_000_000_000n);
    assert.equal(SudoKey.get(state), bob);
    // mainnet's TaoWeight is 18 % of u64::MAX (floor); the dev chain keeps a fresh chain's default
    assert.equal(TaoWeight.get(state), MAINNET_TAO_WEIGHT);
    assert.equal(MAINNET_TAO_WEIGHT, (((1n << 64n) - 1n) * 18n) / 100n);
    assert.equal(TaoWeight.get(createGenesis(devGenesis()).state), 971_718_665_099_567_868n);
  });

  it("different genesis configurations give different genesis hashes", () => {
    const a = createGenesis(parseGenesisFile({ preset: "dev" })).spec.genesisHash;
    const b = createGenesis(parseGenesisFile({ preset: "dev", params: { initialTempo: 11 } })).spec
      .genesisHash;
    assert.notEqual(a, b);
    assert.equal(createGenesis(parseGenesisFile({ preset: "dev" })).spec.genesisHash, a);
  });

  it("rejects a malformed genesis file, naming the field", () => {
    assert.throws(
      () => parseGenesisFile({ balances: [["nope", "1"]] }),
      /balances\.0\.0: expected an SS58 address/,
    );
    assert.throws(() => parseGenesisFile({ preset: "testnet" }), /preset/);
    assert.throws(
      () => parseGenesisFile({ balances: [[keyPairFromUri("//Bob").address, 1.5]] }),
      /balances\.0\.1/,
    );
  });
});
