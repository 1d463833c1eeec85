import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TestChain } from "./testing/chain.js";
import { SignatureVerifier } from "./verifier.js";

describe("SignatureVerifier", () => {
  let c: TestChain;
  const verifier = new SignatureVerifier(2);
  before(async () => {
    c = await TestChain.create();
  });
  after(() => verifier.close());

  it("verifies a batch on worker threads, in order, and flags forgeries", async () => {
    const txs = Array.from({ length: 9 }, (_, i) =>
      c.tx("//Alice", "balances", "transfer_keep_alive", { dest: c.addr("//Bob"), value: String(1000 + i) }),
    );
    const forged = {
      ...txs[4],
      call: {
        module: "balances",
        method: "transfer_keep_alive",
        args: { dest: c.addr("//Eve"), value: "5" },
      },
    };
    const batch = [...txs.slice(0, 4), forged, ...txs.slice(5)] as typeof txs;
    const ok = await verifier.verify(c.spec.genesisHash, batch);
    assert.deepEqual(ok, [true, true, true, true, false, true, true, true, true]);
    assert.deepEqual(await verifier.verify(c.spec.genesisHash, []), []);
  });
});
