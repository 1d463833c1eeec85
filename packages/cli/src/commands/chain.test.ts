/** `tao chain t8n` through the real binary (a child process): a conformance case, and input errors (exit 2). */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type ConformanceCase, checkResults, loadState } from "@taonet/chain";

const run = promisify(execFile);
const TAO = fileURLToPath(new URL("../../bin/tao.js", import.meta.url));
const CASES = new URL("../../../chain/conformance/", import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "tao-t8n-"));

async function tao(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [TAO, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("tao chain t8n (binary)", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const name of ["burn-decay", "coinbase-tao-issuance-base"]) {
    it(`runs the conformance case ${name} and writes the post-state`, async () => {
      const c = JSON.parse(readFileSync(new URL(`${name}.json`, CASES), "utf8")) as ConformanceCase;
      writeFileSync(join(dir, "pre.json"), JSON.stringify(c.state));
      writeFileSync(join(dir, "actions.json"), JSON.stringify(c.input));
      const out = join(dir, `${name}-post.json`);
      const r = await tao([
        "chain",
        "t8n",
        "--state",
        join(dir, "pre.json"),
        "--actions",
        join(dir, "actions.json"),
        "--out",
        out,
      ]);
      assert.equal(r.code, 0, r.stderr);
      const printed = JSON.parse(r.stdout) as { results: unknown[]; stateRoot: string };
      assert.deepEqual(checkResults(printed.results as never, c.expected), []);
      assert.equal(loadState(JSON.parse(readFileSync(out, "utf8"))).root(), printed.stateRoot);
    });
  }

  it("exits with 2 on a bad action, naming its index and field, and writes nothing", async () => {
    writeFileSync(join(dir, "pre.json"), JSON.stringify({ format: "taonet-state/1", items: {} }));
    writeFileSync(join(dir, "bad.json"), JSON.stringify([{ op: "state_root" }, { op: "get", item: "Nope" }]));
    const out = join(dir, "never.json");
    const r = await tao([
      "chain",
      "t8n",
      "-s",
      join(dir, "pre.json"),
      "-a",
      join(dir, "bad.json"),
      "-o",
      out,
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /action 1 field item: unknown storage item "Nope"/);
    assert.equal(existsSync(out), false);
  });

  it("exits with 2 on a malformed state, naming the item and key", async () => {
    writeFileSync(
      join(dir, "bad-state.json"),
      JSON.stringify({ format: "taonet-state/1", items: { Tempo: { "1": -1 } } }),
    );
    writeFileSync(join(dir, "none.json"), "[]");
    const r = await tao(["chain", "t8n", "-s", join(dir, "bad-state.json"), "-a", join(dir, "none.json")]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Tempo\["1"\]/);
  });
});
