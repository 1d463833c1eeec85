/**
 * Runs one Argon2i derivation off the main thread (see `deriveNaclKey`): ~5 s of WebAssembly that would
 * otherwise freeze the event loop (a daemon's server, a CLI spinner). The worker exits afterwards, which
 * also returns its 512 MiB to the system at once.
 */
import { parentPort, workerData } from "node:worker_threads";
import { argon2iKey } from "./argon2.js";

const { password } = workerData as { password: string };
const key = await argon2iKey(password);
parentPort?.postMessage(key, [key.buffer as ArrayBuffer]);
