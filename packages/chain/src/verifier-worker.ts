/** Worker side of SignatureVerifier: verifies batches of transactions. */
import { parentPort } from "node:worker_threads";
import { cryptoReady } from "./crypto.js";
import { checkSignature, type SignedTransaction } from "./tx.js";

const ready = cryptoReady();

parentPort?.on("message", async (m: { id: number; genesisHash: string; txs: SignedTransaction[] }) => {
  await ready;
  const ok = m.txs.map((tx) => {
    try {
      checkSignature(m.genesisHash, tx);
      return true;
    } catch {
      return false;
    }
  });
  parentPort?.postMessage({ id: m.id, ok });
});
