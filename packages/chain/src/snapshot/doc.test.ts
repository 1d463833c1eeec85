import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import "../runtime.js";
import { registeredItems } from "../state/items.js";
import { stateFormatDoc } from "./doc.js";

const DOC = new URL("../../../../docs/state-format.md", import.meta.url);

describe("docs/state-format.md", () => {
  it("is the output of stateFormatDoc() (regenerate it as doc.ts says)", () => {
    assert.equal(readFileSync(DOC, "utf8"), stateFormatDoc());
  });

  it("lists every declared storage item", () => {
    const doc = readFileSync(DOC, "utf8");
    const missing = [...registeredItems().keys()].filter((name) => !doc.includes(`| \`${name}\` |`));
    assert.deepEqual(missing, []);
  });
});
