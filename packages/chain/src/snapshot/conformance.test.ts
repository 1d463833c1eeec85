/**
 * Runs every conformance case (packages/chain/conformance/*.json) through the t8n code path in-process.
 * The CLI's tests run one of them through the real `tao` binary.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { before, describe, it } from "node:test";
import { cryptoReady } from "../crypto.js";
import { type ConformanceCase, checkResults } from "./conformance.js";
import { loadState } from "./state-json.js";
import { parseT8nInput, runT8n } from "./t8n.js";

const DIR = new URL("../../conformance/", import.meta.url);
const files = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort();

describe("conformance cases (t8n, in-process)", () => {
  before(cryptoReady);

  it("has the cases, each naming its reference test", () => {
    assert.ok(files.length >= 15, `${files.length} cases`);
    for (const f of files) {
      const c = JSON.parse(readFileSync(new URL(f, DIR), "utf8")) as ConformanceCase;
      assert.match(c.reference, /tests|swap|chain\.md/, f);
      assert.ok(c.comment.length > 0 && c.expected.length > 0, f);
    }
  });

  for (const f of files) {
    it(f.replace(/\.json$/, ""), () => {
      const c = JSON.parse(readFileSync(new URL(f, DIR), "utf8")) as ConformanceCase;
      const { results } = runT8n(loadState(c.state), parseT8nInput(c.input));
      const failed = results.filter(
        (r, i) => !r.ok && !c.expected.some((e) => e.index === i && "error" in e),
      );
      assert.deepEqual(
        failed.map((r) => `${r.index} ${r.error}: ${r.message}`),
        [],
        "actions failed that the case does not expect to fail",
      );
      assert.deepEqual(checkResults(results, c.expected), [], `${f}: ${c.reference}`);
    });
  }

  it("the matcher fails on a wrong figure (the cases can fail)", () => {
    const results = [{ index: 0, op: "get" as const, ok: true, output: "5" }];
    assert.deepEqual(checkResults(results, [{ index: 0, output: "5" }]), []);
    assert.equal(checkResults(results, [{ index: 0, output: "6" }]).length, 1);
    assert.equal(checkResults(results, [{ index: 0, output: { $approx: "7", $tol: "1" } }]).length, 1);
    assert.deepEqual(checkResults(results, [{ index: 0, output: { $approx: "6", $tol: "1" } }]), []);
  });
});
