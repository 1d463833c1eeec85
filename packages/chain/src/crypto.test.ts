import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { cryptoReady, isAddress, keyPairFromUri, sign, verify } from "./crypto.js";

describe("keys and signatures", () => {
  before(cryptoReady);

  it("derives the Substrate development accounts", () => {
    assert.equal(keyPairFromUri("//Alice").address, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
    assert.equal(keyPairFromUri("//Bob").address, "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty");
  });

  it("gives the same keys as Bittensor's wallet for a mnemonic (btwallet test vectors)", () => {
    const phrase = "old leopard transfer rib spatial phone calm indicate online fire caution review";
    const k = keyPairFromUri(phrase);
    assert.equal(k.address, "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX");
    assert.equal(
      Buffer.from(k.publicKey).toString("hex"),
      "e4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446",
    );
    assert.equal(
      keyPairFromUri(`${phrase}//Alice`).address,
      "5FEiH8iuDUw271xbqWTWuB6WrDjv5dnCeDX1CyHubAniXDNN",
    );
    assert.equal(
      keyPairFromUri(`${phrase}/Alice`).address,
      "5GNXbA46ma5dg19GXdiKi5JH3mnkZ8Yea3bBtZAvj7t99P9i",
    );
    assert.equal(keyPairFromUri("//Bob/test").address, "5CJGwWiKXSE16WJaxBdPZhWqUYkotgenLUALv7ZvqQ4TXeqf");
  });

  it("signs and verifies; rejects a tampered message, a wrong key and a malformed signature", () => {
    const alice = keyPairFromUri("//Alice");
    const bob = keyPairFromUri("//Bob");
    const msg = new TextEncoder().encode("transfer 1 TAO");
    const sig = sign(alice, msg);
    assert.equal(verify(alice.address, msg, sig), true);
    assert.equal(verify(bob.address, msg, sig), false);
    assert.equal(verify(alice.address, new TextEncoder().encode("transfer 2 TAO"), sig), false);
    assert.equal(verify(alice.address, msg, sig.subarray(0, 63)), false);
    assert.equal(verify("not-an-address", msg, sig), false);
  });

  it("validates SS58 addresses with prefix 42", () => {
    assert.equal(isAddress(keyPairFromUri("//Alice").address), true);
    assert.equal(isAddress("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ"), false);
    assert.equal(isAddress("hello"), false);
  });
});
