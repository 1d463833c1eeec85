/** `tao node start`: usage errors exit with 2 before anything starts (the node itself: packages/node e2e). */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../bin/tao.js", import.meta.url));
const tao = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe("tao node start (usage)", () => {
  it("lists its options", () => {
    const r = tao(["node", "start", "--help"]);
    assert.equal(r.code, 0);
    for (const flag of [
      "--preset",
      "--genesis",
      "--data-dir",
      "--rpc-port",
      "--block-time",
      "--sealing",
      "--archive",
    ]) {
      assert.ok(r.stdout.includes(flag), flag);
    }
  });

  it("refuses bad flags with exit code 2", () => {
    assert.equal(tao(["node", "start", "--sealing", "sometimes"]).code, 2);
    assert.equal(tao(["node", "start", "--rpc-port", "-1"]).code, 2);
    assert.equal(tao(["node", "start", "--preset", "mainnet", "--sealing", "manual"]).code, 2);
  });

  it("reports an invalid genesis file and exits with 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "taonet-cli-"));
    const file = join(dir, "genesis.json");
    writeFileSync(file, JSON.stringify({ preset: "dev", balances: [["not-an-address", "1"]] }));
    const r = tao(["node", "start", "--genesis", file, "--data-dir", join(dir, "data"), "--rpc-port", "0"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /balances\.0\.0/);
    rmSync(dir, { recursive: true, force: true });
  });
});
