/**
 * Long test (`npm run test:long`, not part of `npm test`): a data directory with 100,000 blocks starts in
 * seconds, because startup reads the flat state and the head, never the block history.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { cryptoReady, devGenesis } from "@taonet/chain";
import { pino } from "pino";
import { TaoNode } from "../node.js";

const BLOCKS = Number(process.env.TAONET_STARTUP_BLOCKS ?? 100_000);

describe("startup of a long chain", () => {
  const dir = mkdtempSync(join(tmpdir(), "taonet-long-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`restarts on ${BLOCKS} blocks in seconds, state root verified`, { timeout: 600_000 }, async () => {
    await cryptoReady();
    const options = {
      genesis: devGenesis(),
      dataDir: dir,
      sealing: "manual" as const,
      beacon: false,
      verifierThreads: 1,
      logger: pino({ level: "silent" }),
    };
    const node = await TaoNode.start(options);
    for (let i = 0; i < BLOCKS; i++) await node.produceBlock();
    const head = node.head;
    await node.stop();
    const t0 = performance.now();
    const again = await TaoNode.start(options);
    const ms = performance.now() - t0;
    assert.equal(again.head.hash, head.hash);
    assert.ok(ms < 5_000, `startup took ${Math.round(ms)} ms`);
    // the history is there: an early block, and the state of a recent one
    assert.equal((await again.blockAt(1))?.header.number, 1);
    await again.withState(BLOCKS - 10, () => undefined);
    await again.stop();
    process.stdout.write(`# startup with ${BLOCKS} blocks: ${Math.round(ms)} ms\n`);
  });
});
