#!/usr/bin/env node
// Writes docs/rpc.md from the method declarations (run after `tsc -b`).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderRpcDocs } from "../dist/rpc/docs.js";

const target = fileURLToPath(new URL("../../../docs/rpc.md", import.meta.url));
writeFileSync(target, renderRpcDocs());
console.log(`wrote ${target}`);
