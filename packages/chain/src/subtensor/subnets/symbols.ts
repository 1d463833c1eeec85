/**
 * The built-in token symbols and default subnet names, indexed by netuid (the reference's `SYMBOLS` and
 * `NAMES` tables, 439 entries each: Greek, Hebrew, Arabic, Runic, Ogham, Georgian, Armenian, Cyrillic,
 * Coptic, Brahmi, Sinhala, Glagolitic, Thai, Hangul, Ethiopic, Devanagari, Katakana and Tifinagh letters).
 * Index 0 is root's "Τ" (upper-case tau), which is also the fallback symbol once every symbol is taken.
 */

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

const CODE_POINTS: readonly number[] = [
  // Greek (0-24); 19 is the ASCII letter "t"
  0x03a4,
  ...range(0x03b1, 0x03c1),
  0x03c3,
  0x74,
  ...range(0x03c5, 0x03c9),
  // Hebrew, with final forms (25-51)
  ...range(0x05d0, 0x05ea),
  // Arabic (52-80)
  0x0627,
  0x0628,
  ...range(0x062a, 0x063a),
  ...range(0x0641, 0x0648),
  0x064a,
  0x0649,
  // Runic, with Cyrillic Yeru at 87 (81-89)
  0x16a0,
  0x16a2,
  0x16a6,
  0x16a8,
  0x16b1,
  0x16b3,
  0x042b,
  0x16c9,
  0x16d2,
  // Ogham (90-96)
  ...range(0x1680, 0x1685),
  0x169b,
  // Georgian (97-102)
  ...range(0x10d0, 0x10d5),
  // Armenian (103-109)
  ...range(0x0531, 0x0536),
  0x055e,
  // Cyrillic (110-116)
  ...range(0x0400, 0x0405),
  0x044a,
  // Coptic (117-122)
  ...range(0x2c80, 0x2c85),
  // Brahmi (123-127)
  ...range(0x11000, 0x11003),
  0x11005,
  // Sinhala (128-133)
  0x0db1,
  ...range(0x0db3, 0x0db7),
  // Glagolitic (134-166)
  ...range(0x2c00, 0x2c20),
  // Thai (167-210)
  ...range(0x0e01, 0x0e23),
  0x0e25,
  ...range(0x0e27, 0x0e2e),
  // Hangul consonants (211-224) and vowels (225-245)
  0x3131,
  0x3134,
  0x3137,
  0x3139,
  0x3141,
  0x3142,
  0x3145,
  0x3147,
  0x3148,
  ...range(0x314a, 0x314e),
  ...range(0x314f, 0x3163),
  // Ethiopic (246-274)
  ...range(0x12a0, 0x12a7),
  ...range(0x12c8, 0x12ce),
  ...range(0x12b0, 0x12b6),
  ...range(0x1310, 0x1312),
  0x1218,
  ...range(0x1314, 0x1316),
  // Devanagari (275-318)
  ...range(0x0905, 0x090b),
  0x090f,
  0x0910,
  0x0913,
  0x0914,
  ...range(0x0915, 0x0928),
  ...range(0x092a, 0x0930),
  0x0932,
  ...range(0x0935, 0x0939),
  // Katakana (319-364)
  ...[0xa2, 0xa4, 0xa6, 0xa8, 0xaa, 0xab, 0xad, 0xaf, 0xb1, 0xb3, 0xb5, 0xb7, 0xb9, 0xbb, 0xbd, 0xbf].map(
    (c) => 0x3000 + c,
  ),
  ...[0xc1, 0xc4, 0xc6, 0xc8, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd2, 0xd5, 0xd8, 0xdb, 0xde, 0xdf].map(
    (c) => 0x3000 + c,
  ),
  ...[0xe0, 0xe1, 0xe2, 0xe4, 0xe6, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xef, 0xf2, 0xf3].map(
    (c) => 0x3000 + c,
  ),
  // Tifinagh (365-400)
  ...range(0x2d30, 0x2d53),
  // Sinhala (401-438)
  0x0d85,
  0x0d86,
  ...range(0x0d89, 0x0d96),
  ...range(0x0d9a, 0x0d9e),
  ...range(0x0da0, 0x0da4),
  0x0da7,
  0x0da5,
  0x0da6,
  0x0da9,
  0x0da8,
  ...range(0x0daa, 0x0db0),
];

/** SYMBOLS[netuid]: the token symbol a subnet gets by default. */
export const SYMBOLS: readonly string[] = CODE_POINTS.map((c) => String.fromCodePoint(c));

/** Root's symbol, and the symbol given when every other one is in use. */
export const DEFAULT_SYMBOL = "\u03a4";

const words = (prefix: string, list: string) => list.split(" ").map((w) => prefix + w);

/** NAMES[netuid]: the subnet name shown when the owner has not set an identity name. */
export const NAMES: readonly string[] = [
  ..."root apex omron templar targon kaito infinite subvortex ptn pretrain sturdy dippy horde dataverse palaidn deval bitads 3gen cortex inference bitagent any-any meta social omega protein alchemy compute oracle coldint bet naschain itsai ready mind logic automata tuning distributed edge chunk sportsensor masa graphite score gen42 neural condense nextplace automl audio celium dojo frontier safescan unknown gradients gaia dippy-speach agent-arena unknown".split(
    " ",
  ),
  "red team",
  ...words(
    "",
    "agentao lean-in chutes sad dad ta dha ain ghayn fa qaf kaf lam mim nun ha waw ya alef fehu uruz thurisaz ansuz raidho kaunan cyr_yeru algiz berkanan ogham beith luis fearn sail nion forfeda ani bani gani doni eni vini ayp ben gim da ech za armeni grave io dje gje ie dze hard_sign alfa alfas vida vida_small gamma gamma_small brahmi_a brahmi_aa brahmi_i brahmi_ii brahmi_u la va sha ssa sa ha",
  ),
  ...words(
    "glagolitic_",
    "az buky vede glagoli dobro yest zhivete zemlja izhe initial_izhe i djerv kako ljudije myse nash on pokoj rtsy slovo tvrido uku fert xrivi ot cy shcha er yeru small_yer yo yu ja",
  ),
  ...words(
    "thai_",
    "ko_kai kho_khai kho_khuat kho_khon kho_rakhang kho_khwai ngo_ngu cho_chan cho_ching cho_chang so_so cho_choe yo_ying do_chada to_patak tho_than tho_nangmontho tho_phuthao no_nen do_dek to_tao tho_thung tho_thahan tho_thong no_nu bo_baimai po_pla pho_phung fo_fa pho_phan fo_fan pho_samphao mo_ma yo_yak ro_rua lo_ling wo_waen so_sala so_rusi so_sua ho_hip lo_chula o_ang ho_nokhuk",
  ),
  ...words(
    "hangul_",
    "giyeok nieun digeut rieul mieum bieup siot ieung jieut chieut kieuk tieut pieup hieut a ae ya yae eo e yeo ye o wa wae oe yo u weo we wi yu eu ui i",
  ),
  ...words(
    "ethiopic_",
    "glottal_a glottal_u glottal_i glottal_aa glottal_e glottal_ie glottal_o glottal_wa wa wu wi waa we wye wo ko ku ki kua ke kwe ko_alt go gu gi gua ge gwe go_alt",
  ),
  ...words(
    "devanagari_",
    "a aa i ii u uu r e ai o au ka kha ga gha nga cha chha ja jha nya ta tha da dha na ta_alt tha_alt da_alt dha_alt na_alt pa pha ba bha ma ya ra la va sha ssa sa ha",
  ),
  "katakana_a",
  ...words(
    "kana_",
    "i u e o a ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo ya yu yo ra ri ru re ro wa wo n",
  ),
  ...words(
    "",
    "ya yab yabh yag yagh yaj yach yad yadh yadhe yaz yazh yaf yak yakv yaq yah yahh yahl yahm yayn yakh yakl yahq yash yi yij yizh yink yal yam yan yang yany yap yu",
  ),
  ...words(
    "",
    "a aa i ii u uu r rr l ll e ee ai o oo au ka kha ga gha nga cha chha ja jha nya ta tha da dha na pa pha ba bha ma ya ra",
  ),
];

/** The default symbol of a netuid (DEFAULT_SYMBOL beyond the table). */
export function symbolForNetuid(netuid: number): string {
  return SYMBOLS[netuid] ?? DEFAULT_SYMBOL;
}

/** The default name of a netuid ("unknown" beyond the table). */
export function nameForNetuid(netuid: number): string {
  return NAMES[netuid] ?? "unknown";
}

/** Whether a symbol is one of the assignable built-in symbols (root's excluded). */
export function isKnownSymbol(symbol: string): boolean {
  return SYMBOLS.indexOf(symbol) >= 1;
}
