/**
 * Test vectors from the reference (`../shared/reference/sdk.md` §2.6: btwallet's tests/test_keyfile.py and
 * a libsodium-made $NACL file) and from btwallet 4.1.1 itself (BT_PW_* encoding, //Alice keyfile).
 */
export const V = {
  mnemonic: "old leopard transfer rib spatial phone calm indicate online fire caution review",
  address: "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX",
  addressPrefix0: "16ADqpMa4yzfmWs3nuTSMhfZ2ckeGtvqhPWCNqECEGDcGgU2",
  publicKey: "0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446",
  secretSeed: "0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143",
  privateKeyCanonical:
    "0x1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e",
  privateKeyPolkadot:
    "0xf8c8a8ec9d0fdd031353337936af279bbda106b3ba0d45d920334eaa9664d6569cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e",
  /** btwallet 4.1.1 `create_coldkey_from_uri("//Alice")` writes this privateKey (and no phrase or seed). */
  alicePrivateKeyCanonical:
    "0x33a6f3093f158a7109f679410bef1a0c54168145e0cecb4df006c1c2fffb1f09925a225d97aa00682d6a59b95b18780c10d7032336e88f3442b42361f4a66011",
  alicePublicKey: "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
  aliceAddress: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
  /** The $NACL vector: libsodium (PyNaCl 1.5.0), argon2i SENSITIVE, fixed salt, nonce 00..17. */
  naclPassword: "testpassword123",
  naclKey: "a0f7c0fe21bd83e4a247f827e68f3339ee7d1d197eba02d4921afa2915556f78",
  naclPlaintext: '{"ss58Address":"5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX"}',
  naclFile:
    "244e41434c000102030405060708090a0b0c0d0e0f10111213141516174a9ceb190e90580410d13fb8e2765cae7af95c702921424e0f10306c74d4902c7ca7c37c9f9b01a09167606fcd8d302398008cbfb4e27d5d7f3c6709a1a8dcf5ae86540a3bf9b91ddf7ce5901965a38007fd",
  /** btwallet 4.1.1 `legacy_encrypt_keyfile_data(naclPlaintext, "testpassword123")` (ansible-vault 1.1). */
  ansibleFile:
    "$ANSIBLE_VAULT;1.1;AES256\n62336133383136323339343736653132363264656265363833633865356137623632356464653638\n3931393963386330616239353533373333336439316434350a323361383464306361616366383066\n65306366386535343739356537313261356161376538363966353639343763383930386134313332\n3065376136656561300a313266633437656332636162363430373237643533346436623237643134\n62336131373235653535366231373636383161353533633230636334663538386434656135653732\n64343936313337366238616535653638376237653363623963626162623530663734373065356163\n37373034373130663162663134616234383064643330663038333834386566643261363135646339\n38343465313962643264\n",
  /** btwallet 4.1.1: `Keyfile("/tmp/pyw/pyw/coldkey").save_password_to_env("testpassword123")`. */
  envVarPath: "/tmp/pyw/pyw/coldkey",
  envVarName: "BT_PW__TMP_PYW_PYW_COLDKEY",
  envVarValue: "NjEsJCc+LCc6Py00aGVs",
} as const;
