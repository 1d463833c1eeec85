import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { after, before, describe, it } from "node:test";
import { isWalletError } from "./errors.js";
import {
  decodeEnvPassword,
  encodeEnvPassword,
  type PromptIO,
  passwordEnvVarName,
  promptPassword,
  readPasswordFile,
  resolveNewPassword,
  resolvePassword,
} from "./password.js";
import { tempDir } from "./testing/fixtures.js";
import { V } from "./testing/vectors.js";

/** A fake terminal: what the user types, and what was shown (must never contain the password). */
function fakeTty(typed: string[]): PromptIO & { shown: () => string } {
  const input = new PassThrough() as PassThrough & { isTTY?: boolean };
  const output = new PassThrough();
  let shown = "";
  output.on("data", (c: Buffer) => {
    shown += c.toString();
  });
  let i = 0;
  const feed = () => {
    const next = typed[i++];
    if (next !== undefined) setImmediate(() => input.write(next));
  };
  output.on("data", (c: Buffer) => {
    if (c.toString().endsWith(": ")) feed();
  });
  return { input, output, shown: () => shown };
}

describe("BT_PW_* environment variables (btwallet's naming and encoding)", () => {
  it("names the variable from the keyfile path as btwallet 4.1.1 does", () => {
    assert.equal(passwordEnvVarName(V.envVarPath), V.envVarName);
    assert.equal(
      passwordEnvVarName("/home/alice/.bittensor/wallets/my.w/hotkeys/h1"),
      "BT_PW__HOME_ALICE__BITTENSOR_WALLETS_MY_W_HOTKEYS_H1",
    );
  });

  it("decodes and encodes btwallet's value (base64 of the password XOR the name)", () => {
    assert.equal(decodeEnvPassword(V.envVarName, V.envVarValue), V.naclPassword);
    assert.equal(encodeEnvPassword(V.envVarName, V.naclPassword), V.envVarValue);
    const long = "a-very-long-password-ünïcode-0123456789-longer-than-the-variable-name";
    assert.equal(decodeEnvPassword("BT_PW__A_B", encodeEnvPassword("BT_PW__A_B", long)), long);
  });

  it("rejects a value that is not base64 (e.g. a plain password) without echoing it", () => {
    assert.throws(
      () => decodeEnvPassword("BT_PW__X", "my secret!"),
      (e) => isWalletError(e, "PasswordRequired") && !e.message.includes("my secret"),
    );
  });
});

describe("password sources", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir()));
  after(() => cleanup());

  it("reads a password file minus one trailing newline", async () => {
    const file = join(dir, "pw");
    await writeFile(file, "s3cret pass\n");
    assert.equal(readPasswordFile(file), "s3cret pass");
    await writeFile(file, "s3cret\r\n\n");
    assert.equal(readPasswordFile(file), "s3cret\r\n");
    assert.throws(
      () => readPasswordFile(join(dir, "missing")),
      (e) => isWalletError(e, "PasswordRequired"),
    );
  });

  it("takes the first source: password, then file, then BT_PW_*, then the prompt", async () => {
    const file = join(dir, "pw2");
    await writeFile(file, "from-file\n");
    const env = { [V.envVarName]: V.envVarValue };
    const path = V.envVarPath;
    assert.equal(await resolvePassword(path, { password: "direct", passwordFile: file, env }), "direct");
    assert.equal(await resolvePassword(path, { passwordFile: file, env }), "from-file");
    assert.equal(await resolvePassword(path, { env, prompt: false }), V.naclPassword);
    const tty = fakeTty(["typed\r"]);
    assert.equal(await resolvePassword(path, { env: {}, promptIO: tty }), "typed");
  });

  it("without any source and no terminal: PasswordRequired naming the variable", async () => {
    await assert.rejects(
      resolvePassword("/w/x/coldkey", { env: {}, prompt: false }),
      (e) => isWalletError(e, "PasswordRequired") && (e.hint ?? "").includes("BT_PW__W_X_COLDKEY"),
    );
    await assert.rejects(resolveNewPassword("/w/x/coldkey", { env: false, prompt: false }), (e) =>
      isWalletError(e, "PasswordRequired"),
    );
  });
});

describe("the hidden prompt", () => {
  it("does not echo, handles backspace, and shows only the question", async () => {
    const tty = fakeTty(["hunter22\u007f\u007f42\n"]);
    assert.equal(await promptPassword("Password: ", tty), "hunter42");
    assert.equal(tty.shown(), "Password: \n");
  });

  it("Ctrl-C cancels", async () => {
    await assert.rejects(promptPassword("Password: ", fakeTty(["abc\u0003"])), (e) =>
      isWalletError(e, "PromptCancelled"),
    );
  });

  it("a new password is asked twice, must match and have 6 characters", async () => {
    assert.equal(
      await resolveNewPassword("/w/c", { env: {}, promptIO: fakeTty(["abcdef\n", "abcdef\n"]) }),
      "abcdef",
    );
    await assert.rejects(
      resolveNewPassword("/w/c", { env: {}, promptIO: fakeTty(["abcdef\n", "abcdeg\n"]) }),
      (e) => isWalletError(e, "InvalidPassword"),
    );
    await assert.rejects(resolveNewPassword("/w/c", { env: {}, promptIO: fakeTty(["abc\n"]) }), (e) =>
      isWalletError(e, "InvalidPassword"),
    );
  });
});
