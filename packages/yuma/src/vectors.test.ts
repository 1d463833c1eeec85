import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runEpoch } from "./epoch.js";
import { epochOutputToJson } from "./io.js";
import { camelKeys, readVectorFile, vectorInput } from "./testing/vectors.js";

const golden = readVectorFile("epoch_legacy_and_masks.json");

describe("golden vectors from the reference's epoch tests (exact, tolerance 0)", () => {
  for (const c of golden.cases) {
    describe(c.id, () => {
      for (const step of c.steps) {
        const input = step.input;
        if (typeof input === "string") continue;
        it(step.label, () => {
          const out = epochOutputToJson(runEpoch(vectorInput(input)));
          const expected = camelKeys(step.expected);
          for (const [field, want] of Object.entries(expected)) {
            const got = field in out ? out[field] : undefined;
            if (field === "serverEmission" || field === "validatorEmission" || field === "emission") {
              assert.deepEqual(got, (want as number[]).map(String), field);
            } else {
              assert.deepEqual(got, want, field);
            }
          }
        });
      }
    });
  }
});
