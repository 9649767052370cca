// HCL native syntax: lexer and parser (see hcl.h).
//
// The parser follows the grammar and the error positions of HashiCorp's own HCL
// parser, which Terraform uses (called "the reference parser" below), so that a
// file is accepted or rejected the same way and the first problem is reported on
// the same line (tests/tools/hcl_compare.js checks this on real files):
//   1. the lexer turns the whole text into tokens; the first token that is never
//      valid (a stray ';', '&', a newline inside a quoted string, ...) is the error;
//   2. the parser reads the tokens; the first syntax error stops it (after a bad
//      number, escape or repeated argument it goes on, as the reference does,
//      since the reference may still report an error ahead of that one).
// Newlines are significant in bodies and object constructors and ignored inside
// parentheses, brackets, function calls, interpolations and for expressions.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unordered_set>

#include "linter/load/hcl/hcl.h"
#include "linter/load/loaders.h"

namespace amilint {
namespace hcl {
namespace {

// ---------------------------------------------------------------------------
// Characters

// Unicode identifier classes beyond ASCII (from the Unicode database, XID_Start
// and XID_Continue): 1 = may start an identifier, 2 = may only continue one.
struct UniRange {
  uint32_t lo, hi;
  uint8_t cls;
};
constexpr UniRange kUniIdent[] = {
    {0xAA,0xAA,1},{0xB5,0xB5,1},{0xB7,0xB7,2},{0xBA,0xBA,1},{0xC0,0xD6,1},{0xD8,0xF6,1},
    {0xF8,0x2C1,1},{0x2C6,0x2D1,1},{0x2E0,0x2E4,1},{0x2EC,0x2EC,1},{0x2EE,0x2EE,1},{0x300,0x36F,2},
    {0x370,0x374,1},{0x376,0x377,1},{0x37B,0x37D,1},{0x37F,0x37F,1},{0x386,0x386,1},{0x387,0x387,2},
    {0x388,0x38A,1},{0x38C,0x38C,1},{0x38E,0x3A1,1},{0x3A3,0x3F5,1},{0x3F7,0x481,1},{0x483,0x487,2},
    {0x48A,0x52F,1},{0x531,0x556,1},{0x559,0x559,1},{0x560,0x588,1},{0x591,0x5BD,2},{0x5BF,0x5BF,2},
    {0x5C1,0x5C2,2},{0x5C4,0x5C5,2},{0x5C7,0x5C7,2},{0x5D0,0x5EA,1},{0x5EF,0x5F2,1},{0x610,0x61A,2},
    {0x620,0x64A,1},{0x64B,0x669,2},{0x66E,0x66F,1},{0x670,0x670,2},{0x671,0x6D3,1},{0x6D5,0x6D5,1},
    {0x6D6,0x6DC,2},{0x6DF,0x6E4,2},{0x6E5,0x6E6,1},{0x6E7,0x6E8,2},{0x6EA,0x6ED,2},{0x6EE,0x6EF,1},
    {0x6F0,0x6F9,2},{0x6FA,0x6FC,1},{0x6FF,0x6FF,1},{0x710,0x710,1},{0x711,0x711,2},{0x712,0x72F,1},
    {0x730,0x74A,2},{0x74D,0x7A5,1},{0x7A6,0x7B0,2},{0x7B1,0x7B1,1},{0x7C0,0x7C9,2},{0x7CA,0x7EA,1},
    {0x7EB,0x7F3,2},{0x7F4,0x7F5,1},{0x7FA,0x7FA,1},{0x7FD,0x7FD,2},{0x800,0x815,1},{0x816,0x819,2},
    {0x81A,0x81A,1},{0x81B,0x823,2},{0x824,0x824,1},{0x825,0x827,2},{0x828,0x828,1},{0x829,0x82D,2},
    {0x840,0x858,1},{0x859,0x85B,2},{0x860,0x86A,1},{0x870,0x887,1},{0x889,0x88E,1},{0x898,0x89F,2},
    {0x8A0,0x8C9,1},{0x8CA,0x8E1,2},{0x8E3,0x903,2},{0x904,0x939,1},{0x93A,0x93C,2},{0x93D,0x93D,1},
    {0x93E,0x94F,2},{0x950,0x950,1},{0x951,0x957,2},{0x958,0x961,1},{0x962,0x963,2},{0x966,0x96F,2},
    {0x971,0x980,1},{0x981,0x983,2},{0x985,0x98C,1},{0x98F,0x990,1},{0x993,0x9A8,1},{0x9AA,0x9B0,1},
    {0x9B2,0x9B2,1},{0x9B6,0x9B9,1},{0x9BC,0x9BC,2},{0x9BD,0x9BD,1},{0x9BE,0x9C4,2},{0x9C7,0x9C8,2},
    {0x9CB,0x9CD,2},{0x9CE,0x9CE,1},{0x9D7,0x9D7,2},{0x9DC,0x9DD,1},{0x9DF,0x9E1,1},{0x9E2,0x9E3,2},
    {0x9E6,0x9EF,2},{0x9F0,0x9F1,1},{0x9FC,0x9FC,1},{0x9FE,0x9FE,2},{0xA01,0xA03,2},{0xA05,0xA0A,1},
    {0xA0F,0xA10,1},{0xA13,0xA28,1},{0xA2A,0xA30,1},{0xA32,0xA33,1},{0xA35,0xA36,1},{0xA38,0xA39,1},
    {0xA3C,0xA3C,2},{0xA3E,0xA42,2},{0xA47,0xA48,2},{0xA4B,0xA4D,2},{0xA51,0xA51,2},{0xA59,0xA5C,1},
    {0xA5E,0xA5E,1},{0xA66,0xA71,2},{0xA72,0xA74,1},{0xA75,0xA75,2},{0xA81,0xA83,2},{0xA85,0xA8D,1},
    {0xA8F,0xA91,1},{0xA93,0xAA8,1},{0xAAA,0xAB0,1},{0xAB2,0xAB3,1},{0xAB5,0xAB9,1},{0xABC,0xABC,2},
    {0xABD,0xABD,1},{0xABE,0xAC5,2},{0xAC7,0xAC9,2},{0xACB,0xACD,2},{0xAD0,0xAD0,1},{0xAE0,0xAE1,1},
    {0xAE2,0xAE3,2},{0xAE6,0xAEF,2},{0xAF9,0xAF9,1},{0xAFA,0xAFF,2},{0xB01,0xB03,2},{0xB05,0xB0C,1},
    {0xB0F,0xB10,1},{0xB13,0xB28,1},{0xB2A,0xB30,1},{0xB32,0xB33,1},{0xB35,0xB39,1},{0xB3C,0xB3C,2},
    {0xB3D,0xB3D,1},{0xB3E,0xB44,2},{0xB47,0xB48,2},{0xB4B,0xB4D,2},{0xB55,0xB57,2},{0xB5C,0xB5D,1},
    {0xB5F,0xB61,1},{0xB62,0xB63,2},{0xB66,0xB6F,2},{0xB71,0xB71,1},{0xB82,0xB82,2},{0xB83,0xB83,1},
    {0xB85,0xB8A,1},{0xB8E,0xB90,1},{0xB92,0xB95,1},{0xB99,0xB9A,1},{0xB9C,0xB9C,1},{0xB9E,0xB9F,1},
    {0xBA3,0xBA4,1},{0xBA8,0xBAA,1},{0xBAE,0xBB9,1},{0xBBE,0xBC2,2},{0xBC6,0xBC8,2},{0xBCA,0xBCD,2},
    {0xBD0,0xBD0,1},{0xBD7,0xBD7,2},{0xBE6,0xBEF,2},{0xC00,0xC04,2},{0xC05,0xC0C,1},{0xC0E,0xC10,1},
    {0xC12,0xC28,1},{0xC2A,0xC39,1},{0xC3C,0xC3C,2},{0xC3D,0xC3D,1},{0xC3E,0xC44,2},{0xC46,0xC48,2},
    {0xC4A,0xC4D,2},{0xC55,0xC56,2},{0xC58,0xC5A,1},{0xC5D,0xC5D,1},{0xC60,0xC61,1},{0xC62,0xC63,2},
    {0xC66,0xC6F,2},{0xC80,0xC80,1},{0xC81,0xC83,2},{0xC85,0xC8C,1},{0xC8E,0xC90,1},{0xC92,0xCA8,1},
    {0xCAA,0xCB3,1},{0xCB5,0xCB9,1},{0xCBC,0xCBC,2},{0xCBD,0xCBD,1},{0xCBE,0xCC4,2},{0xCC6,0xCC8,2},
    {0xCCA,0xCCD,2},{0xCD5,0xCD6,2},{0xCDD,0xCDE,1},{0xCE0,0xCE1,1},{0xCE2,0xCE3,2},{0xCE6,0xCEF,2},
    {0xCF1,0xCF2,1},{0xD00,0xD03,2},{0xD04,0xD0C,1},{0xD0E,0xD10,1},{0xD12,0xD3A,1},{0xD3B,0xD3C,2},
    {0xD3D,0xD3D,1},{0xD3E,0xD44,2},{0xD46,0xD48,2},{0xD4A,0xD4D,2},{0xD4E,0xD4E,1},{0xD54,0xD56,1},
    {0xD57,0xD57,2},{0xD5F,0xD61,1},{0xD62,0xD63,2},{0xD66,0xD6F,2},{0xD7A,0xD7F,1},{0xD81,0xD83,2},
    {0xD85,0xD96,1},{0xD9A,0xDB1,1},{0xDB3,0xDBB,1},{0xDBD,0xDBD,1},{0xDC0,0xDC6,1},{0xDCA,0xDCA,2},
    {0xDCF,0xDD4,2},{0xDD6,0xDD6,2},{0xDD8,0xDDF,2},{0xDE6,0xDEF,2},{0xDF2,0xDF3,2},{0xE01,0xE30,1},
    {0xE31,0xE31,2},{0xE32,0xE32,1},{0xE33,0xE3A,2},{0xE40,0xE46,1},{0xE47,0xE4E,2},{0xE50,0xE59,2},
    {0xE81,0xE82,1},{0xE84,0xE84,1},{0xE86,0xE8A,1},{0xE8C,0xEA3,1},{0xEA5,0xEA5,1},{0xEA7,0xEB0,1},
    {0xEB1,0xEB1,2},{0xEB2,0xEB2,1},{0xEB3,0xEBC,2},{0xEBD,0xEBD,1},{0xEC0,0xEC4,1},{0xEC6,0xEC6,1},
    {0xEC8,0xECD,2},{0xED0,0xED9,2},{0xEDC,0xEDF,1},{0xF00,0xF00,1},{0xF18,0xF19,2},{0xF20,0xF29,2},
    {0xF35,0xF35,2},{0xF37,0xF37,2},{0xF39,0xF39,2},{0xF3E,0xF3F,2},{0xF40,0xF47,1},{0xF49,0xF6C,1},
    {0xF71,0xF84,2},{0xF86,0xF87,2},{0xF88,0xF8C,1},{0xF8D,0xF97,2},{0xF99,0xFBC,2},{0xFC6,0xFC6,2},
    {0x1000,0x102A,1},{0x102B,0x103E,2},{0x103F,0x103F,1},{0x1040,0x1049,2},{0x1050,0x1055,1},
    {0x1056,0x1059,2},{0x105A,0x105D,1},{0x105E,0x1060,2},{0x1061,0x1061,1},{0x1062,0x1064,2},
    {0x1065,0x1066,1},{0x1067,0x106D,2},{0x106E,0x1070,1},{0x1071,0x1074,2},{0x1075,0x1081,1},
    {0x1082,0x108D,2},{0x108E,0x108E,1},{0x108F,0x109D,2},{0x10A0,0x10C5,1},{0x10C7,0x10C7,1},
    {0x10CD,0x10CD,1},{0x10D0,0x10FA,1},{0x10FC,0x1248,1},{0x124A,0x124D,1},{0x1250,0x1256,1},
    {0x1258,0x1258,1},{0x125A,0x125D,1},{0x1260,0x1288,1},{0x128A,0x128D,1},{0x1290,0x12B0,1},
    {0x12B2,0x12B5,1},{0x12B8,0x12BE,1},{0x12C0,0x12C0,1},{0x12C2,0x12C5,1},{0x12C8,0x12D6,1},
    {0x12D8,0x1310,1},{0x1312,0x1315,1},{0x1318,0x135A,1},{0x135D,0x135F,2},{0x1369,0x1371,2},
    {0x1380,0x138F,1},{0x13A0,0x13F5,1},{0x13F8,0x13FD,1},{0x1401,0x166C,1},{0x166F,0x167F,1},
    {0x1681,0x169A,1},{0x16A0,0x16EA,1},{0x16EE,0x16F8,1},{0x1700,0x1711,1},{0x1712,0x1715,2},
    {0x171F,0x1731,1},{0x1732,0x1734,2},{0x1740,0x1751,1},{0x1752,0x1753,2},{0x1760,0x176C,1},
    {0x176E,0x1770,1},{0x1772,0x1773,2},{0x1780,0x17B3,1},{0x17B4,0x17D3,2},{0x17D7,0x17D7,1},
    {0x17DC,0x17DC,1},{0x17DD,0x17DD,2},{0x17E0,0x17E9,2},{0x180B,0x180D,2},{0x180F,0x1819,2},
    {0x1820,0x1878,1},{0x1880,0x18A8,1},{0x18A9,0x18A9,2},{0x18AA,0x18AA,1},{0x18B0,0x18F5,1},
    {0x1900,0x191E,1},{0x1920,0x192B,2},{0x1930,0x193B,2},{0x1946,0x194F,2},{0x1950,0x196D,1},
    {0x1970,0x1974,1},{0x1980,0x19AB,1},{0x19B0,0x19C9,1},{0x19D0,0x19DA,2},{0x1A00,0x1A16,1},
    {0x1A17,0x1A1B,2},{0x1A20,0x1A54,1},{0x1A55,0x1A5E,2},{0x1A60,0x1A7C,2},{0x1A7F,0x1A89,2},
    {0x1A90,0x1A99,2},{0x1AA7,0x1AA7,1},{0x1AB0,0x1ABD,2},{0x1ABF,0x1ACE,2},{0x1B00,0x1B04,2},
    {0x1B05,0x1B33,1},{0x1B34,0x1B44,2},{0x1B45,0x1B4C,1},{0x1B50,0x1B59,2},{0x1B6B,0x1B73,2},
    {0x1B80,0x1B82,2},{0x1B83,0x1BA0,1},{0x1BA1,0x1BAD,2},{0x1BAE,0x1BAF,1},{0x1BB0,0x1BB9,2},
    {0x1BBA,0x1BE5,1},{0x1BE6,0x1BF3,2},{0x1C00,0x1C23,1},{0x1C24,0x1C37,2},{0x1C40,0x1C49,2},
    {0x1C4D,0x1C4F,1},{0x1C50,0x1C59,2},{0x1C5A,0x1C7D,1},{0x1C80,0x1C88,1},{0x1C90,0x1CBA,1},
    {0x1CBD,0x1CBF,1},{0x1CD0,0x1CD2,2},{0x1CD4,0x1CE8,2},{0x1CE9,0x1CEC,1},{0x1CED,0x1CED,2},
    {0x1CEE,0x1CF3,1},{0x1CF4,0x1CF4,2},{0x1CF5,0x1CF6,1},{0x1CF7,0x1CF9,2},{0x1CFA,0x1CFA,1},
    {0x1D00,0x1DBF,1},{0x1DC0,0x1DFF,2},{0x1E00,0x1F15,1},{0x1F18,0x1F1D,1},{0x1F20,0x1F45,1},
    {0x1F48,0x1F4D,1},{0x1F50,0x1F57,1},{0x1F59,0x1F59,1},{0x1F5B,0x1F5B,1},{0x1F5D,0x1F5D,1},
    {0x1F5F,0x1F7D,1},{0x1F80,0x1FB4,1},{0x1FB6,0x1FBC,1},{0x1FBE,0x1FBE,1},{0x1FC2,0x1FC4,1},
    {0x1FC6,0x1FCC,1},{0x1FD0,0x1FD3,1},{0x1FD6,0x1FDB,1},{0x1FE0,0x1FEC,1},{0x1FF2,0x1FF4,1},
    {0x1FF6,0x1FFC,1},{0x203F,0x2040,2},{0x2054,0x2054,2},{0x2071,0x2071,1},{0x207F,0x207F,1},
    {0x2090,0x209C,1},{0x20D0,0x20DC,2},{0x20E1,0x20E1,2},{0x20E5,0x20F0,2},{0x2102,0x2102,1},
    {0x2107,0x2107,1},{0x210A,0x2113,1},{0x2115,0x2115,1},{0x2118,0x211D,1},{0x2124,0x2124,1},
    {0x2126,0x2126,1},{0x2128,0x2128,1},{0x212A,0x2139,1},{0x213C,0x213F,1},{0x2145,0x2149,1},
    {0x214E,0x214E,1},{0x2160,0x2188,1},{0x2C00,0x2CE4,1},{0x2CEB,0x2CEE,1},{0x2CEF,0x2CF1,2},
    {0x2CF2,0x2CF3,1},{0x2D00,0x2D25,1},{0x2D27,0x2D27,1},{0x2D2D,0x2D2D,1},{0x2D30,0x2D67,1},
    {0x2D6F,0x2D6F,1},{0x2D7F,0x2D7F,2},{0x2D80,0x2D96,1},{0x2DA0,0x2DA6,1},{0x2DA8,0x2DAE,1},
    {0x2DB0,0x2DB6,1},{0x2DB8,0x2DBE,1},{0x2DC0,0x2DC6,1},{0x2DC8,0x2DCE,1},{0x2DD0,0x2DD6,1},
    {0x2DD8,0x2DDE,1},{0x2DE0,0x2DFF,2},{0x3005,0x3007,1},{0x3021,0x3029,1},{0x302A,0x302F,2},
    {0x3031,0x3035,1},{0x3038,0x303C,1},{0x3041,0x3096,1},{0x3099,0x309A,2},{0x309D,0x309F,1},
    {0x30A1,0x30FA,1},{0x30FC,0x30FF,1},{0x3105,0x312F,1},{0x3131,0x318E,1},{0x31A0,0x31BF,1},
    {0x31F0,0x31FF,1},{0x3400,0x4DBF,1},{0x4E00,0xA48C,1},{0xA4D0,0xA4FD,1},{0xA500,0xA60C,1},
    {0xA610,0xA61F,1},{0xA620,0xA629,2},{0xA62A,0xA62B,1},{0xA640,0xA66E,1},{0xA66F,0xA66F,2},
    {0xA674,0xA67D,2},{0xA67F,0xA69D,1},{0xA69E,0xA69F,2},{0xA6A0,0xA6EF,1},{0xA6F0,0xA6F1,2},
    {0xA717,0xA71F,1},{0xA722,0xA788,1},{0xA78B,0xA7CA,1},{0xA7D0,0xA7D1,1},{0xA7D3,0xA7D3,1},
    {0xA7D5,0xA7D9,1},{0xA7F2,0xA801,1},{0xA802,0xA802,2},{0xA803,0xA805,1},{0xA806,0xA806,2},
    {0xA807,0xA80A,1},{0xA80B,0xA80B,2},{0xA80C,0xA822,1},{0xA823,0xA827,2},{0xA82C,0xA82C,2},
    {0xA840,0xA873,1},{0xA880,0xA881,2},{0xA882,0xA8B3,1},{0xA8B4,0xA8C5,2},{0xA8D0,0xA8D9,2},
    {0xA8E0,0xA8F1,2},{0xA8F2,0xA8F7,1},{0xA8FB,0xA8FB,1},{0xA8FD,0xA8FE,1},{0xA8FF,0xA909,2},
    {0xA90A,0xA925,1},{0xA926,0xA92D,2},{0xA930,0xA946,1},{0xA947,0xA953,2},{0xA960,0xA97C,1},
    {0xA980,0xA983,2},{0xA984,0xA9B2,1},{0xA9B3,0xA9C0,2},{0xA9CF,0xA9CF,1},{0xA9D0,0xA9D9,2},
    {0xA9E0,0xA9E4,1},{0xA9E5,0xA9E5,2},{0xA9E6,0xA9EF,1},{0xA9F0,0xA9F9,2},{0xA9FA,0xA9FE,1},
    {0xAA00,0xAA28,1},{0xAA29,0xAA36,2},{0xAA40,0xAA42,1},{0xAA43,0xAA43,2},{0xAA44,0xAA4B,1},
    {0xAA4C,0xAA4D,2},{0xAA50,0xAA59,2},{0xAA60,0xAA76,1},{0xAA7A,0xAA7A,1},{0xAA7B,0xAA7D,2},
    {0xAA7E,0xAAAF,1},{0xAAB0,0xAAB0,2},{0xAAB1,0xAAB1,1},{0xAAB2,0xAAB4,2},{0xAAB5,0xAAB6,1},
    {0xAAB7,0xAAB8,2},{0xAAB9,0xAABD,1},{0xAABE,0xAABF,2},{0xAAC0,0xAAC0,1},{0xAAC1,0xAAC1,2},
    {0xAAC2,0xAAC2,1},{0xAADB,0xAADD,1},{0xAAE0,0xAAEA,1},{0xAAEB,0xAAEF,2},{0xAAF2,0xAAF4,1},
    {0xAAF5,0xAAF6,2},{0xAB01,0xAB06,1},{0xAB09,0xAB0E,1},{0xAB11,0xAB16,1},{0xAB20,0xAB26,1},
    {0xAB28,0xAB2E,1},{0xAB30,0xAB5A,1},{0xAB5C,0xAB69,1},{0xAB70,0xABE2,1},{0xABE3,0xABEA,2},
    {0xABEC,0xABED,2},{0xABF0,0xABF9,2},{0xAC00,0xD7A3,1},{0xD7B0,0xD7C6,1},{0xD7CB,0xD7FB,1},
    {0xF900,0xFA6D,1},{0xFA70,0xFAD9,1},{0xFB00,0xFB06,1},{0xFB13,0xFB17,1},{0xFB1D,0xFB1D,1},
    {0xFB1E,0xFB1E,2},{0xFB1F,0xFB28,1},{0xFB2A,0xFB36,1},{0xFB38,0xFB3C,1},{0xFB3E,0xFB3E,1},
    {0xFB40,0xFB41,1},{0xFB43,0xFB44,1},{0xFB46,0xFBB1,1},{0xFBD3,0xFC5D,1},{0xFC64,0xFD3D,1},
    {0xFD50,0xFD8F,1},{0xFD92,0xFDC7,1},{0xFDF0,0xFDF9,1},{0xFE00,0xFE0F,2},{0xFE20,0xFE2F,2},
    {0xFE33,0xFE34,2},{0xFE4D,0xFE4F,2},{0xFE71,0xFE71,1},{0xFE73,0xFE73,1},{0xFE77,0xFE77,1},
    {0xFE79,0xFE79,1},{0xFE7B,0xFE7B,1},{0xFE7D,0xFE7D,1},{0xFE7F,0xFEFC,1},{0xFF10,0xFF19,2},
    {0xFF21,0xFF3A,1},{0xFF3F,0xFF3F,2},{0xFF41,0xFF5A,1},{0xFF66,0xFF9D,1},{0xFF9E,0xFF9F,2},
    {0xFFA0,0xFFBE,1},{0xFFC2,0xFFC7,1},{0xFFCA,0xFFCF,1},{0xFFD2,0xFFD7,1},{0xFFDA,0xFFDC,1},
    {0x10000,0x1000B,1},{0x1000D,0x10026,1},{0x10028,0x1003A,1},{0x1003C,0x1003D,1},
    {0x1003F,0x1004D,1},{0x10050,0x1005D,1},{0x10080,0x100FA,1},{0x10140,0x10174,1},
    {0x101FD,0x101FD,2},{0x10280,0x1029C,1},{0x102A0,0x102D0,1},{0x102E0,0x102E0,2},
    {0x10300,0x1031F,1},{0x1032D,0x1034A,1},{0x10350,0x10375,1},{0x10376,0x1037A,2},
    {0x10380,0x1039D,1},{0x103A0,0x103C3,1},{0x103C8,0x103CF,1},{0x103D1,0x103D5,1},
    {0x10400,0x1049D,1},{0x104A0,0x104A9,2},{0x104B0,0x104D3,1},{0x104D8,0x104FB,1},
    {0x10500,0x10527,1},{0x10530,0x10563,1},{0x10570,0x1057A,1},{0x1057C,0x1058A,1},
    {0x1058C,0x10592,1},{0x10594,0x10595,1},{0x10597,0x105A1,1},{0x105A3,0x105B1,1},
    {0x105B3,0x105B9,1},{0x105BB,0x105BC,1},{0x10600,0x10736,1},{0x10740,0x10755,1},
    {0x10760,0x10767,1},{0x10780,0x10785,1},{0x10787,0x107B0,1},{0x107B2,0x107BA,1},
    {0x10800,0x10805,1},{0x10808,0x10808,1},{0x1080A,0x10835,1},{0x10837,0x10838,1},
    {0x1083C,0x1083C,1},{0x1083F,0x10855,1},{0x10860,0x10876,1},{0x10880,0x1089E,1},
    {0x108E0,0x108F2,1},{0x108F4,0x108F5,1},{0x10900,0x10915,1},{0x10920,0x10939,1},
    {0x10980,0x109B7,1},{0x109BE,0x109BF,1},{0x10A00,0x10A00,1},{0x10A01,0x10A03,2},
    {0x10A05,0x10A06,2},{0x10A0C,0x10A0F,2},{0x10A10,0x10A13,1},{0x10A15,0x10A17,1},
    {0x10A19,0x10A35,1},{0x10A38,0x10A3A,2},{0x10A3F,0x10A3F,2},{0x10A60,0x10A7C,1},
    {0x10A80,0x10A9C,1},{0x10AC0,0x10AC7,1},{0x10AC9,0x10AE4,1},{0x10AE5,0x10AE6,2},
    {0x10B00,0x10B35,1},{0x10B40,0x10B55,1},{0x10B60,0x10B72,1},{0x10B80,0x10B91,1},
    {0x10C00,0x10C48,1},{0x10C80,0x10CB2,1},{0x10CC0,0x10CF2,1},{0x10D00,0x10D23,1},
    {0x10D24,0x10D27,2},{0x10D30,0x10D39,2},{0x10E80,0x10EA9,1},{0x10EAB,0x10EAC,2},
    {0x10EB0,0x10EB1,1},{0x10F00,0x10F1C,1},{0x10F27,0x10F27,1},{0x10F30,0x10F45,1},
    {0x10F46,0x10F50,2},{0x10F70,0x10F81,1},{0x10F82,0x10F85,2},{0x10FB0,0x10FC4,1},
    {0x10FE0,0x10FF6,1},{0x11000,0x11002,2},{0x11003,0x11037,1},{0x11038,0x11046,2},
    {0x11066,0x11070,2},{0x11071,0x11072,1},{0x11073,0x11074,2},{0x11075,0x11075,1},
    {0x1107F,0x11082,2},{0x11083,0x110AF,1},{0x110B0,0x110BA,2},{0x110C2,0x110C2,2},
    {0x110D0,0x110E8,1},{0x110F0,0x110F9,2},{0x11100,0x11102,2},{0x11103,0x11126,1},
    {0x11127,0x11134,2},{0x11136,0x1113F,2},{0x11144,0x11144,1},{0x11145,0x11146,2},
    {0x11147,0x11147,1},{0x11150,0x11172,1},{0x11173,0x11173,2},{0x11176,0x11176,1},
    {0x11180,0x11182,2},{0x11183,0x111B2,1},{0x111B3,0x111C0,2},{0x111C1,0x111C4,1},
    {0x111C9,0x111CC,2},{0x111CE,0x111D9,2},{0x111DA,0x111DA,1},{0x111DC,0x111DC,1},
    {0x11200,0x11211,1},{0x11213,0x1122B,1},{0x1122C,0x11237,2},{0x1123E,0x1123E,2},
    {0x11280,0x11286,1},{0x11288,0x11288,1},{0x1128A,0x1128D,1},{0x1128F,0x1129D,1},
    {0x1129F,0x112A8,1},{0x112B0,0x112DE,1},{0x112DF,0x112EA,2},{0x112F0,0x112F9,2},
    {0x11300,0x11303,2},{0x11305,0x1130C,1},{0x1130F,0x11310,1},{0x11313,0x11328,1},
    {0x1132A,0x11330,1},{0x11332,0x11333,1},{0x11335,0x11339,1},{0x1133B,0x1133C,2},
    {0x1133D,0x1133D,1},{0x1133E,0x11344,2},{0x11347,0x11348,2},{0x1134B,0x1134D,2},
    {0x11350,0x11350,1},{0x11357,0x11357,2},{0x1135D,0x11361,1},{0x11362,0x11363,2},
    {0x11366,0x1136C,2},{0x11370,0x11374,2},{0x11400,0x11434,1},{0x11435,0x11446,2},
    {0x11447,0x1144A,1},{0x11450,0x11459,2},{0x1145E,0x1145E,2},{0x1145F,0x11461,1},
    {0x11480,0x114AF,1},{0x114B0,0x114C3,2},{0x114C4,0x114C5,1},{0x114C7,0x114C7,1},
    {0x114D0,0x114D9,2},{0x11580,0x115AE,1},{0x115AF,0x115B5,2},{0x115B8,0x115C0,2},
    {0x115D8,0x115DB,1},{0x115DC,0x115DD,2},{0x11600,0x1162F,1},{0x11630,0x11640,2},
    {0x11644,0x11644,1},{0x11650,0x11659,2},{0x11680,0x116AA,1},{0x116AB,0x116B7,2},
    {0x116B8,0x116B8,1},{0x116C0,0x116C9,2},{0x11700,0x1171A,1},{0x1171D,0x1172B,2},
    {0x11730,0x11739,2},{0x11740,0x11746,1},{0x11800,0x1182B,1},{0x1182C,0x1183A,2},
    {0x118A0,0x118DF,1},{0x118E0,0x118E9,2},{0x118FF,0x11906,1},{0x11909,0x11909,1},
    {0x1190C,0x11913,1},{0x11915,0x11916,1},{0x11918,0x1192F,1},{0x11930,0x11935,2},
    {0x11937,0x11938,2},{0x1193B,0x1193E,2},{0x1193F,0x1193F,1},{0x11940,0x11940,2},
    {0x11941,0x11941,1},{0x11942,0x11943,2},{0x11950,0x11959,2},{0x119A0,0x119A7,1},
    {0x119AA,0x119D0,1},{0x119D1,0x119D7,2},{0x119DA,0x119E0,2},{0x119E1,0x119E1,1},
    {0x119E3,0x119E3,1},{0x119E4,0x119E4,2},{0x11A00,0x11A00,1},{0x11A01,0x11A0A,2},
    {0x11A0B,0x11A32,1},{0x11A33,0x11A39,2},{0x11A3A,0x11A3A,1},{0x11A3B,0x11A3E,2},
    {0x11A47,0x11A47,2},{0x11A50,0x11A50,1},{0x11A51,0x11A5B,2},{0x11A5C,0x11A89,1},
    {0x11A8A,0x11A99,2},{0x11A9D,0x11A9D,1},{0x11AB0,0x11AF8,1},{0x11C00,0x11C08,1},
    {0x11C0A,0x11C2E,1},{0x11C2F,0x11C36,2},{0x11C38,0x11C3F,2},{0x11C40,0x11C40,1},
    {0x11C50,0x11C59,2},{0x11C72,0x11C8F,1},{0x11C92,0x11CA7,2},{0x11CA9,0x11CB6,2},
    {0x11D00,0x11D06,1},{0x11D08,0x11D09,1},{0x11D0B,0x11D30,1},{0x11D31,0x11D36,2},
    {0x11D3A,0x11D3A,2},{0x11D3C,0x11D3D,2},{0x11D3F,0x11D45,2},{0x11D46,0x11D46,1},
    {0x11D47,0x11D47,2},{0x11D50,0x11D59,2},{0x11D60,0x11D65,1},{0x11D67,0x11D68,1},
    {0x11D6A,0x11D89,1},{0x11D8A,0x11D8E,2},{0x11D90,0x11D91,2},{0x11D93,0x11D97,2},
    {0x11D98,0x11D98,1},{0x11DA0,0x11DA9,2},{0x11EE0,0x11EF2,1},{0x11EF3,0x11EF6,2},
    {0x11FB0,0x11FB0,1},{0x12000,0x12399,1},{0x12400,0x1246E,1},{0x12480,0x12543,1},
    {0x12F90,0x12FF0,1},{0x13000,0x1342E,1},{0x14400,0x14646,1},{0x16800,0x16A38,1},
    {0x16A40,0x16A5E,1},{0x16A60,0x16A69,2},{0x16A70,0x16ABE,1},{0x16AC0,0x16AC9,2},
    {0x16AD0,0x16AED,1},{0x16AF0,0x16AF4,2},{0x16B00,0x16B2F,1},{0x16B30,0x16B36,2},
    {0x16B40,0x16B43,1},{0x16B50,0x16B59,2},{0x16B63,0x16B77,1},{0x16B7D,0x16B8F,1},
    {0x16E40,0x16E7F,1},{0x16F00,0x16F4A,1},{0x16F4F,0x16F4F,2},{0x16F50,0x16F50,1},
    {0x16F51,0x16F87,2},{0x16F8F,0x16F92,2},{0x16F93,0x16F9F,1},{0x16FE0,0x16FE1,1},
    {0x16FE3,0x16FE3,1},{0x16FE4,0x16FE4,2},{0x16FF0,0x16FF1,2},{0x17000,0x187F7,1},
    {0x18800,0x18CD5,1},{0x18D00,0x18D08,1},{0x1AFF0,0x1AFF3,1},{0x1AFF5,0x1AFFB,1},
    {0x1AFFD,0x1AFFE,1},{0x1B000,0x1B122,1},{0x1B150,0x1B152,1},{0x1B164,0x1B167,1},
    {0x1B170,0x1B2FB,1},{0x1BC00,0x1BC6A,1},{0x1BC70,0x1BC7C,1},{0x1BC80,0x1BC88,1},
    {0x1BC90,0x1BC99,1},{0x1BC9D,0x1BC9E,2},{0x1CF00,0x1CF2D,2},{0x1CF30,0x1CF46,2},
    {0x1D165,0x1D169,2},{0x1D16D,0x1D172,2},{0x1D17B,0x1D182,2},{0x1D185,0x1D18B,2},
    {0x1D1AA,0x1D1AD,2},{0x1D242,0x1D244,2},{0x1D400,0x1D454,1},{0x1D456,0x1D49C,1},
    {0x1D49E,0x1D49F,1},{0x1D4A2,0x1D4A2,1},{0x1D4A5,0x1D4A6,1},{0x1D4A9,0x1D4AC,1},
    {0x1D4AE,0x1D4B9,1},{0x1D4BB,0x1D4BB,1},{0x1D4BD,0x1D4C3,1},{0x1D4C5,0x1D505,1},
    {0x1D507,0x1D50A,1},{0x1D50D,0x1D514,1},{0x1D516,0x1D51C,1},{0x1D51E,0x1D539,1},
    {0x1D53B,0x1D53E,1},{0x1D540,0x1D544,1},{0x1D546,0x1D546,1},{0x1D54A,0x1D550,1},
    {0x1D552,0x1D6A5,1},{0x1D6A8,0x1D6C0,1},{0x1D6C2,0x1D6DA,1},{0x1D6DC,0x1D6FA,1},
    {0x1D6FC,0x1D714,1},{0x1D716,0x1D734,1},{0x1D736,0x1D74E,1},{0x1D750,0x1D76E,1},
    {0x1D770,0x1D788,1},{0x1D78A,0x1D7A8,1},{0x1D7AA,0x1D7C2,1},{0x1D7C4,0x1D7CB,1},
    {0x1D7CE,0x1D7FF,2},{0x1DA00,0x1DA36,2},{0x1DA3B,0x1DA6C,2},{0x1DA75,0x1DA75,2},
    {0x1DA84,0x1DA84,2},{0x1DA9B,0x1DA9F,2},{0x1DAA1,0x1DAAF,2},{0x1DF00,0x1DF1E,1},
    {0x1E000,0x1E006,2},{0x1E008,0x1E018,2},{0x1E01B,0x1E021,2},{0x1E023,0x1E024,2},
    {0x1E026,0x1E02A,2},{0x1E100,0x1E12C,1},{0x1E130,0x1E136,2},{0x1E137,0x1E13D,1},
    {0x1E140,0x1E149,2},{0x1E14E,0x1E14E,1},{0x1E290,0x1E2AD,1},{0x1E2AE,0x1E2AE,2},
    {0x1E2C0,0x1E2EB,1},{0x1E2EC,0x1E2F9,2},{0x1E7E0,0x1E7E6,1},{0x1E7E8,0x1E7EB,1},
    {0x1E7ED,0x1E7EE,1},{0x1E7F0,0x1E7FE,1},{0x1E800,0x1E8C4,1},{0x1E8D0,0x1E8D6,2},
    {0x1E900,0x1E943,1},{0x1E944,0x1E94A,2},{0x1E94B,0x1E94B,1},{0x1E950,0x1E959,2},
    {0x1EE00,0x1EE03,1},{0x1EE05,0x1EE1F,1},{0x1EE21,0x1EE22,1},{0x1EE24,0x1EE24,1},
    {0x1EE27,0x1EE27,1},{0x1EE29,0x1EE32,1},{0x1EE34,0x1EE37,1},{0x1EE39,0x1EE39,1},
    {0x1EE3B,0x1EE3B,1},{0x1EE42,0x1EE42,1},{0x1EE47,0x1EE47,1},{0x1EE49,0x1EE49,1},
    {0x1EE4B,0x1EE4B,1},{0x1EE4D,0x1EE4F,1},{0x1EE51,0x1EE52,1},{0x1EE54,0x1EE54,1},
    {0x1EE57,0x1EE57,1},{0x1EE59,0x1EE59,1},{0x1EE5B,0x1EE5B,1},{0x1EE5D,0x1EE5D,1},
    {0x1EE5F,0x1EE5F,1},{0x1EE61,0x1EE62,1},{0x1EE64,0x1EE64,1},{0x1EE67,0x1EE6A,1},
    {0x1EE6C,0x1EE72,1},{0x1EE74,0x1EE77,1},{0x1EE79,0x1EE7C,1},{0x1EE7E,0x1EE7E,1},
    {0x1EE80,0x1EE89,1},{0x1EE8B,0x1EE9B,1},{0x1EEA1,0x1EEA3,1},{0x1EEA5,0x1EEA9,1},
    {0x1EEAB,0x1EEBB,1},{0x1FBF0,0x1FBF9,2},{0x20000,0x2A6DF,1},{0x2A700,0x2B738,1},
    {0x2B740,0x2B81D,1},{0x2B820,0x2CEA1,1},{0x2CEB0,0x2EBE0,1},{0x2F800,0x2FA1D,1},
    {0x30000,0x3134A,1},{0xE0100,0xE01EF,2},
};

int unicode_ident_class(uint32_t cp) {
  const UniRange* begin = std::begin(kUniIdent);
  const UniRange* end = std::end(kUniIdent);
  const UniRange* it = std::upper_bound(begin, end, cp, [](uint32_t v, const UniRange& r) { return v < r.lo; });
  if (it == begin) return 0;
  --it;
  return cp <= it->hi ? it->cls : 0;
}

// Decodes the (valid) UTF-8 sequence at s[i]; *len receives its length.
uint32_t decode_utf8(std::string_view s, size_t i, size_t* len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) { *len = 1; return c; }
  size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  if (i + n > s.size()) { *len = 1; return c; }
  uint32_t cp = n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *len = n;
  return cp;
}


bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Unicode white space (the set Go's unicode.IsSpace accepts).
bool is_unicode_space(uint32_t cp) {
  switch (cp) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
    case 0x205F: case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

// Length of the white space at the start of s.
size_t leading_space(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t len;
    uint32_t cp = decode_utf8(s, i, &len);
    if (!is_unicode_space(cp)) break;
    i += len;
  }
  return i;
}

// Length of s without its trailing white space.
size_t without_trailing_space(std::string_view s) {
  size_t end = s.size();
  while (end > 0) {
    size_t start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    size_t len;
    uint32_t cp = decode_utf8(s, start, &len);
    if (!is_unicode_space(cp)) break;
    end = start;
  }
  return end;
}

std::string describe_char(std::string_view text, uint32_t offset) {
  if (offset >= text.size()) return "end of file";
  size_t len;
  uint32_t cp = decode_utf8(text, offset, &len);
  char buf[32];
  if (cp >= 0x20 && cp < 0x7F) {
    std::snprintf(buf, sizeof buf, "'%c'", static_cast<char>(cp));
    return buf;
  }
  std::snprintf(buf, sizeof buf, "U+%04X", cp);
  std::string s = buf;
  if (cp >= 0x80) s = "'" + std::string(text.substr(offset, len)) + "' (" + s + ")";
  return s;
}

// ---------------------------------------------------------------------------
// Tokens

enum class T : uint8_t {
  Eof, Newline, Comment, Ident, Number,
  OBrace, CBrace, OBrack, CBrack, OParen, CParen,
  OQuote, CQuote, OHeredoc, CHeredoc,
  Star, Slash, Plus, Minus, Percent,
  Equal, EqualOp, NotEqual, Less, LessEq, Greater, GreaterEq,
  And, Or, Bang, Dot, Comma, DoubleColon, Ellipsis, FatArrow, Question, Colon,
  Interp,    // ${ or ${~
  Control,   // %{ or %{~
  SeqEnd,    // } or ~} closing an interpolation or directive
  QuotedLit, // literal text of a quoted string (may hold escapes)
  StringLit, // literal text of a heredoc (one line at most)
  // Never valid anywhere:
  BitAnd, BitOr, BitNot, BitXor, Apostrophe, Backtick, Semicolon, QuotedNewline, Invalid,
};

struct Token {
  T type;
  uint32_t begin, end;
};

struct Abort {};  // thrown internally on the first error, caught by parse_hcl

// A growing array of tokens that is not zero-filled (one token per few bytes of
// text).
struct TokenBuffer {
  std::unique_ptr<Token[]> data;
  size_t size = 0, capacity = 0;

  explicit TokenBuffer(size_t initial) : data(new Token[initial]), capacity(initial) {}
  void push(T type, uint32_t b, uint32_t e) {
    if (size == capacity) grow();
    data[size++] = Token{type, b, e};
  }
  [[gnu::noinline]] void grow() {
    size_t cap = capacity * 2 + 256;
    std::unique_ptr<Token[]> bigger(new Token[cap]);
    std::memcpy(bigger.get(), data.get(), size * sizeof(Token));
    data = std::move(bigger);
    capacity = cap;
  }
  const Token& operator[](size_t i) const { return data[i]; }
};

// Character classes of ASCII bytes for identifiers: 1 = may start one, 2 = may
// only continue one; bytes >= 0x80 (3) need the Unicode tables.
constexpr std::array<uint8_t, 256> make_ident_table() {
  std::array<uint8_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<size_t>(c)] = 1;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<size_t>(c)] = 1;
  t['_'] = 1;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] = 2;
  t['-'] = 2;
  for (int c = 0x80; c < 256; ++c) t[static_cast<size_t>(c)] = 3;
  return t;
}
constexpr std::array<uint8_t, 256> kIdentChar = make_ident_table();

// ---------------------------------------------------------------------------
// Lexer: the whole text at once. Like HCL's scanner it has three modes (normal,
// quoted string, heredoc), nested on a stack: "${" enters normal mode until its
// matching "}", a quote enters a string until the closing quote.

class Lexer {
 public:
  Lexer(std::string_view text, TokenBuffer& tokens, std::vector<Comment>& comments, ParseError& error)
      : s_(text), toks_(tokens), comments_(comments), error_(error) {
    modes_.reserve(16);
  }

  void run(uint32_t start) {
    p_ = start;
    modes_.push_back(Mode{Kind::Normal, 0, 0, false, false});
    while (p_ < s_.size()) {
      switch (modes_.back().kind) {
        case Kind::Normal: normal(); break;
        case Kind::Quoted: quoted(); break;
        case Kind::Heredoc: heredoc(); break;
      }
    }
    emit(T::Eof, static_cast<uint32_t>(s_.size()), static_cast<uint32_t>(s_.size()));
  }

 private:
  enum class Kind : uint8_t { Normal, Quoted, Heredoc };
  struct Mode {
    Kind kind;
    uint32_t marker_begin, marker_end;  // heredoc: the closing marker
    bool flush;                         // heredoc: <<-
    bool line_start;                    // heredoc: at the start of a line
  };

  char at(size_t i) const { return i < s_.size() ? s_[i] : '\0'; }

  void emit(T type, uint32_t b, uint32_t e) { toks_.push(type, b, e); }

  [[noreturn]] void invalid(T type, uint32_t b) {
    std::string m;
    switch (type) {
      case T::BitAnd: m = "'&' is not an operator in HCL; for a logical AND write '&&'"; break;
      case T::BitOr: m = "'|' is not an operator in HCL; for a logical OR write '||'"; break;
      case T::BitNot: m = "'~' is not an operator in HCL; for a logical NOT write '!'"; break;
      case T::BitXor: m = "'^' is not an operator in HCL; bitwise operators do not exist"; break;
      case T::Apostrophe: m = "single quotes do not make a string in HCL; use double quotes"; break;
      case T::Backtick: m = "'`' is not valid in HCL; for a multi-line string use a heredoc (<<EOT)"; break;
      case T::Semicolon:
        m = "';' is not valid in HCL; put each argument on its own line and separate collection items with commas";
        break;
      case T::QuotedNewline:
        m = "unterminated string: a quoted string cannot span lines; close the quote on this line, or write \\n or "
            "use a heredoc (<<EOT) for a multi-line string";
        break;
      default:
        if (at(b) == '\\')
          m = "a backslash at the end of a line or of the file in a string; a backslash starts an escape such as \\n "
              "or \\\"";
        else if (at(b) == '$' && modes_.size() == 1)
          m = "'$' outside a string; write a reference without it (var.x), or interpolate inside quotes "
              "(\"${var.x}\")";
        else if (at(b) == '$')
          m = "'$' inside an interpolation; an interpolation cannot contain another \"${\" outside quotes (check "
              "for a missing '}' before it)";
        else if (at(b) == '\r')
          m = "a carriage return that is not followed by a line feed; save the file with \\n or \\r\\n line endings";
        else
          m = "invalid character " + describe_char(s_, b) + "; it has no meaning in HCL here";
        break;
    }
    error_ = ParseError{b, std::move(m)};
    throw Abort{};
  }

  void push_interp(T type, uint32_t len) {
    uint32_t b = p_;
    if (at(p_ + 2) == '~') ++len;
    emit(type, b, b + len);
    p_ = b + len;
    ++braces_;
    ret_braces_.push_back(braces_);
    if (!heredocs_.empty()) modes_[heredocs_.back()].line_start = false;
    modes_.push_back(Mode{Kind::Normal, 0, 0, false, false});
  }

  void close_brace(uint32_t len) {
    // A brace that closes an interpolation or directive ends the nested normal
    // mode; "~}" always counts as the end of a sequence (the parser rejects it
    // where a plain brace was meant).
    bool closes = !ret_braces_.empty() && ret_braces_.back() == braces_;
    emit(len == 2 || closes ? T::SeqEnd : T::CBrace, p_, p_ + len);
    p_ += len;
    --braces_;
    if (closes) {
      ret_braces_.pop_back();
      modes_.pop_back();
    }
  }

  bool ident_start(size_t i, size_t* len) const {
    char c = s_[i];
    if (is_ascii_alpha(c) || c == '_') { *len = 1; return true; }
    if (static_cast<unsigned char>(c) < 0x80) return false;
    uint32_t cp = decode_utf8(s_, i, len);
    return unicode_ident_class(cp) == 1;
  }

  size_t ident_end(size_t i) const {
    while (i < s_.size()) {
      uint8_t cls = kIdentChar[static_cast<unsigned char>(s_[i])];
      if (cls == 1 || cls == 2) { ++i; continue; }
      if (cls == 0) break;
      size_t len;
      uint32_t cp = decode_utf8(s_, i, &len);
      if (unicode_ident_class(cp) == 0) break;
      i += len;
    }
    return i;
  }

  void number() {
    // digits, dots and exponents, not ending with a dot (validated by the parser)
    size_t q = p_ + 1, last = q;
    for (;;) {
      char c = at(q);
      if (is_digit(c)) { last = ++q; continue; }
      if (c == '.') { ++q; continue; }
      if (c == 'e' || c == 'E') {
        char d = at(q + 1);
        if (is_digit(d)) { q += 2; last = q; continue; }
        if ((d == '+' || d == '-') && is_digit(at(q + 2))) { q += 3; last = q; continue; }
      }
      break;
    }
    emit(T::Number, p_, static_cast<uint32_t>(last));
    p_ = static_cast<uint32_t>(last);
  }

  void comment_to_line_end() {
    size_t q = s_.find('\n', p_);
    q = q == std::string_view::npos ? s_.size() : q + 1;
    emit(T::Comment, p_, static_cast<uint32_t>(q));
    comments_.push_back(Comment{Range{p_, static_cast<uint32_t>(q)}, true});
    p_ = static_cast<uint32_t>(q);
  }

  // "<<EOT\n" or "<<-EOT\n": true when a heredoc starts at p_.
  bool heredoc_start() {
    size_t q = p_ + 2;
    bool flush = at(q) == '-';
    if (flush) ++q;
    size_t len;
    if (q >= s_.size() || !ident_start(q, &len)) return false;
    size_t mb = q, me = ident_end(q + len);
    size_t nl = me;
    if (at(nl) == '\r') ++nl;
    if (at(nl) != '\n') return false;
    emit(T::OHeredoc, p_, static_cast<uint32_t>(nl + 1));
    p_ = static_cast<uint32_t>(nl + 1);
    heredocs_.push_back(modes_.size());
    modes_.push_back(Mode{Kind::Heredoc, static_cast<uint32_t>(mb), static_cast<uint32_t>(me), flush, true});
    return true;
  }

  void op(T type, uint32_t len) {
    emit(type, p_, p_ + len);
    p_ += len;
  }

  void normal() {
    char c = s_[p_];
    char n = at(p_ + 1);
    switch (c) {
      case ' ': case '\t':
        while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t')) ++p_;
        return;
      case '\n': op(T::Newline, 1); return;
      case '\r':
        if (n == '\n') { op(T::Newline, 2); return; }
        invalid(T::Invalid, p_);
      case '#': comment_to_line_end(); return;
      case '/':
        if (n == '/') { comment_to_line_end(); return; }
        if (n == '*' && p_ < no_comment_end_) {
          size_t e = s_.find("*/", p_ + 2);
          if (e == std::string_view::npos) no_comment_end_ = p_;
          if (e != std::string_view::npos) {
            emit(T::Comment, p_, static_cast<uint32_t>(e + 2));
            comments_.push_back(Comment{Range{p_, static_cast<uint32_t>(e + 2)}, false});
            p_ = static_cast<uint32_t>(e + 2);
            return;
          }
        }
        op(T::Slash, 1);
        return;
      case '"':
        op(T::OQuote, 1);
        modes_.push_back(Mode{Kind::Quoted, 0, 0, false, false});
        return;
      case '<':
        if (n == '<' && heredoc_start()) return;
        if (n == '=') { op(T::LessEq, 2); return; }
        op(T::Less, 1);
        return;
      case '{':
        op(T::OBrace, 1);
        ++braces_;
        return;
      case '}': close_brace(1); return;
      case '~':
        if (n == '}') { close_brace(2); return; }
        invalid(T::BitNot, p_);
      case '=':
        if (n == '=') { op(T::EqualOp, 2); return; }
        if (n == '>') { op(T::FatArrow, 2); return; }
        op(T::Equal, 1);
        return;
      case '!':
        if (n == '=') { op(T::NotEqual, 2); return; }
        op(T::Bang, 1);
        return;
      case '>':
        if (n == '=') { op(T::GreaterEq, 2); return; }
        op(T::Greater, 1);
        return;
      case '&':
        if (n == '&') { op(T::And, 2); return; }
        invalid(T::BitAnd, p_);
      case '|':
        if (n == '|') { op(T::Or, 2); return; }
        invalid(T::BitOr, p_);
      case ':':
        if (n == ':') { op(T::DoubleColon, 2); return; }
        op(T::Colon, 1);
        return;
      case '.':
        if (n == '.' && at(p_ + 2) == '.') { op(T::Ellipsis, 3); return; }
        op(T::Dot, 1);
        return;
      case '[': op(T::OBrack, 1); return;
      case ']': op(T::CBrack, 1); return;
      case '(': op(T::OParen, 1); return;
      case ')': op(T::CParen, 1); return;
      case ',': op(T::Comma, 1); return;
      case '*': op(T::Star, 1); return;
      case '%': op(T::Percent, 1); return;
      case '+': op(T::Plus, 1); return;
      case '-': op(T::Minus, 1); return;
      case '?': op(T::Question, 1); return;
      case '^': invalid(T::BitXor, p_);
      case ';': invalid(T::Semicolon, p_);
      case '`': invalid(T::Backtick, p_);
      case '\'': invalid(T::Apostrophe, p_);
      default:
        break;
    }
    if (is_digit(c)) { number(); return; }
    size_t len;
    if (ident_start(p_, &len)) {
      size_t e = ident_end(p_ + len);
      emit(T::Ident, p_, static_cast<uint32_t>(e));
      p_ = static_cast<uint32_t>(e);
      return;
    }
    invalid(T::Invalid, p_);
  }

  // After '$' or '%' at q inside a template: 0 = starts a sequence ("${"), 3 = an
  // escaped sequence ("$${"), 1 = just the character.
  int template_mark(size_t q) const {
    char c = s_[q];
    if (at(q + 1) == '{') return 0;
    if (at(q + 1) == c && at(q + 2) == '{') return 3;
    return 1;
  }

  void quoted() {
    char c = s_[p_];
    if (c == '"') {
      op(T::CQuote, 1);
      modes_.pop_back();
      return;
    }
    if ((c == '$' || c == '%') && at(p_ + 1) == '{') {
      push_interp(c == '$' ? T::Interp : T::Control, 2);
      return;
    }
    if (c == '\n' || c == '\r') invalid(T::QuotedNewline, p_);
    size_t q = p_;
    while (q < s_.size()) {
      char d = s_[q];
      if (d == '"' || d == '\n' || d == '\r') break;
      if (d == '\\') {
        char e = at(q + 1);
        if (q + 1 >= s_.size() || e == '\n' || e == '\r') break;
        size_t len;
        decode_utf8(s_, q + 1, &len);
        q += 1 + len;
        continue;
      }
      if (d == '$' || d == '%') {
        int m = template_mark(q);
        if (m == 0) break;
        if (m == 1 && q + 1 >= s_.size()) break;  // a lone '$' at the very end
        q += m;
        continue;
      }
      ++q;
    }
    if (q == p_) invalid(T::Invalid, p_);
    emit(T::QuotedLit, p_, static_cast<uint32_t>(q));
    p_ = static_cast<uint32_t>(q);
  }

  void heredoc() {
    Mode& m = modes_.back();
    char c = s_[p_];
    if ((c == '$' || c == '%') && at(p_ + 1) == '{') {
      push_interp(c == '$' ? T::Interp : T::Control, 2);
      return;
    }
    size_t q = p_;
    size_t nl = 0;  // length of the line break ending the literal
    while (q < s_.size()) {
      char d = s_[q];
      if (d == '\n') { nl = 1; ++q; break; }
      if (d == '\r') {
        if (at(q + 1) == '\n') { nl = 2; q += 2; break; }
        if (q > p_) break;  // emit the text before it first
        invalid(T::Invalid, static_cast<uint32_t>(q));
      }
      if (d == '$' || d == '%') {
        if (q + 1 >= s_.size()) {  // a lone '$' or '%' at the very end
          if (q > p_) break;
          invalid(T::Invalid, static_cast<uint32_t>(q));
        }
        int mark = template_mark(q);
        if (mark == 0) break;
        q += mark;
        continue;
      }
      ++q;
    }
    if (nl && m.line_start) {
      std::string_view line = s_.substr(p_, q - p_);
      size_t b = leading_space(line);
      size_t e = without_trailing_space(line);
      if (e > b && line.substr(b, e - b) == s_.substr(m.marker_begin, m.marker_end - m.marker_begin)) {
        uint32_t nls = static_cast<uint32_t>(q - nl);
        emit(T::CHeredoc, p_, nls);
        emit(T::Newline, nls, static_cast<uint32_t>(q));
        p_ = static_cast<uint32_t>(q);
        modes_.pop_back();
        heredocs_.pop_back();
        return;
      }
    }
    emit(T::StringLit, p_, static_cast<uint32_t>(q));
    m.line_start = nl != 0;
    p_ = static_cast<uint32_t>(q);
  }

  std::string_view s_;
  TokenBuffer& toks_;
  std::vector<Comment>& comments_;
  ParseError& error_;
  uint32_t p_ = 0;
  int braces_ = 0;
  std::vector<int> ret_braces_;
  std::vector<Mode> modes_;
  std::vector<size_t> heredocs_;  // indexes in modes_ of the open heredocs
  size_t no_comment_end_ = static_cast<size_t>(-1);  // no "*/" at or after this offset
};

// ---------------------------------------------------------------------------
// Parser

// A piece of a template before its structure is built.
enum class PartKind : uint8_t { Lit, Interp, If, Else, EndIf, For, EndFor, End };
struct Part {
  PartKind kind;
  Range range;
  StrRef str;          // Lit
  Id expr = kNone;     // Interp: the expression; If: the condition; For: the collection
  Range key_name, name;  // For
};

class Parser {
 public:
  Parser(HclFile& f, const TokenBuffer& toks) : f_(f), s_(f.text), toks_(toks) {}

  Id parse_file() {
    nl_.push_back(true);
    Id body = parse_body(T::Eof, Range{0, 0});
    if (!f_.errors.empty()) throw Abort{};
    Body& b = f_.bodies[body];
    b.range = Range{0, static_cast<uint32_t>(s_.size())};
    return body;
  }

 private:
  // ----- token access ------------------------------------------------------
  struct Tok {
    T type;
    uint32_t index;
  };

  // The next significant token: comments are skipped, and newlines too unless
  // they are significant here; a line comment ends with its line break, so it
  // stands for a newline where newlines count.
  Tok peek() const {
    const bool nl = nl_.back() != 0;
    for (uint32_t i = pos_;; ++i) {
      const Token& t = toks_[i];
      if (t.type == T::Comment) {
        if (nl && s_[t.end - 1] == '\n') return Tok{T::Newline, i};
        continue;
      }
      if (t.type == T::Newline && !nl) continue;
      return Tok{t.type, i};
    }
  }
  Tok read() {
    Tok t = peek();
    if (toks_[t.index].type != T::Eof) pos_ = t.index + 1;
    return t;
  }
  uint32_t begin(Tok t) const { return toks_[t.index].begin; }
  uint32_t end(Tok t) const { return toks_[t.index].end; }
  Range range(Tok t) const { return Range{begin(t), end(t)}; }
  std::string_view text(Tok t) const { return s_.substr(begin(t), end(t) - begin(t)); }
  bool keyword(Tok t, std::string_view word) const { return t.type == T::Ident && text(t) == word; }

  struct Newlines {  // significance of newlines for a nested construct
    Newlines(Parser* p, bool on) : p_(p) { p_->nl_.push_back(on); }
    ~Newlines() { p_->nl_.pop_back(); }
    Parser* p_;
  };

  struct Depth {
    Depth(Parser* p, uint32_t offset) : p_(p) {
      if (++p_->depth_ > kMaxNestingDepth)
        p_->fail(offset, "nesting deeper than " + std::to_string(kMaxNestingDepth) +
                             " levels; simplify the expression or split it with locals");
    }
    ~Depth() { --p_->depth_; }
    Parser* p_;
  };

  [[noreturn]] void fail(uint32_t offset, std::string message) {
    f_.errors.push_back(ParseError{offset, std::move(message)});
    throw Abort{};
  }

  // An error after which the reference parser goes on as if nothing happened
  // (a bad number, escape or duplicate argument): parsing continues, so that an
  // error it reports ahead of this one can still be found, and the file fails at
  // the end.
  void soft(uint32_t offset, std::string message) {
    if (f_.errors.empty()) f_.errors.push_back(ParseError{offset, std::move(message)});
  }

  // Skips to the "]" that closes the current brackets (or the end of the file),
  // as the reference parser does when it reports a missing "]" there.
  uint32_t find_close_bracket() {
    int nest = 0;
    for (;;) {
      Tok t = read();
      if (t.type == T::Eof) return begin(t);
      if (t.type == T::OBrack) ++nest;
      if (t.type == T::CBrack) {
        if (nest == 0) return begin(t);
        --nest;
      }
    }
  }

  std::string quote(std::string_view s) const { return "'" + std::string(s.substr(0, 40)) + (s.size() > 40 ? "...'" : "'"); }
  std::string what(Tok t) const {
    switch (t.type) {
      case T::Eof: return "the end of the file";
      case T::Newline: return "the end of the line";
      case T::Ident: return "'" + std::string(text(t)) + "'";
      case T::OQuote: return "a string";
      case T::OHeredoc: return "a heredoc";
      case T::Number: return "the number " + std::string(text(t));
      case T::Interp: case T::Control: return "'" + std::string(text(t)) + "'";
      default: return quote(text(t));
    }
  }

  // ----- nodes ---------------------------------------------------------------
  Id add(const Expr& e) {
    f_.exprs.push_back(e);
    return static_cast<Id>(f_.exprs.size() - 1);
  }
  Expr& node(Id id) { return f_.exprs[id]; }

  // Moves scratch_[base..] into HclFile::lists; returns the start index.
  uint32_t commit_list(size_t base, uint32_t* count) {
    uint32_t start = static_cast<uint32_t>(f_.lists.size());
    f_.lists.insert(f_.lists.end(), scratch_.begin() + static_cast<std::ptrdiff_t>(base), scratch_.end());
    *count = static_cast<uint32_t>(scratch_.size() - base);
    scratch_.resize(base);
    return start;
  }

  StrRef store(std::string_view s) {
    StrRef r{static_cast<uint32_t>(f_.strings.size()), static_cast<uint32_t>(s.size())};
    f_.strings.append(s.data(), s.size());
    return r;
  }

  // ----- bodies --------------------------------------------------------------
  Id parse_body(T end_type, Range open) {
    size_t base = item_scratch_.size();
    size_t attr_base = attr_names_.size();
    NameIndex names;  // built once the body has many arguments
    Range body_range = open;
    for (;;) {
      Tok next = peek();
      if (next.type == end_type) {
        read();
        body_range.end = end(next);
        break;
      }
      if (next.type == T::Newline) {
        read();
        continue;
      }
      if (next.type == T::Ident) {
        parse_body_item(attr_base, names);
        continue;
      }
      if (next.type == T::OQuote)
        fail(begin(next), "an argument name cannot be quoted; write the name without quotes");
      if (next.type == T::Eof)
        fail(open.begin, "unclosed '{': this block has no closing brace before the end of the file (check the brace "
                         "nesting in the file)");
      if (next.type == T::Slash && begin(next) + 1 < s_.size() && s_[begin(next) + 1] == '*')
        fail(begin(next), "unterminated comment: this '/*' has no closing '*/'");
      fail(begin(next), "expected an argument or a block, found " + what(next) +
                            (next.type == T::CBrace ? " (check the brace nesting)" : ""));
    }
    Body b;
    b.range = body_range;
    b.items = static_cast<uint32_t>(f_.body_items.size());
    b.item_count = static_cast<uint32_t>(item_scratch_.size() - base);
    f_.body_items.insert(f_.body_items.end(), item_scratch_.begin() + static_cast<std::ptrdiff_t>(base),
                         item_scratch_.end());
    item_scratch_.resize(base);
    attr_names_.resize(attr_base);
    f_.bodies.push_back(b);
    return static_cast<Id>(f_.bodies.size() - 1);
  }

  using NameIndex = std::unique_ptr<std::unordered_set<std::string_view>>;

  void parse_body_item(size_t attr_base, NameIndex& names) {
    Tok ident = read();
    Tok next = peek();
    if (next.type == T::Equal) {
      Id attr = parse_attribute(ident, false);
      check_unique(attr, attr_base, names);
      item_scratch_.push_back(BodyItem{false, attr});
      return;
    }
    if (next.type == T::OQuote || next.type == T::OBrace || next.type == T::Ident) {
      item_scratch_.push_back(BodyItem{true, parse_block(ident)});
      return;
    }
    fail(begin(ident), "expected '=' or a block after " + what(ident) + ", found " + what(next) +
                           "; to set an argument write name = value");
  }

  // "Each argument may be set only once" in a body.
  void check_unique(Id attr, size_t attr_base, NameIndex& names) {
    const Attribute& a = f_.attributes[attr];
    std::string_view name = f_.source(a.name);
    const size_t n = attr_names_.size() - attr_base;
    if (n >= 16 && !names) {
      names = std::make_unique<std::unordered_set<std::string_view>>();
      for (size_t i = attr_base; i < attr_names_.size(); ++i) names->insert(f_.source(f_.attributes[attr_names_[i]].name));
    }
    if (!names || !names->insert(name).second) {
      for (size_t i = attr_base; i < attr_names_.size(); ++i)
        if (f_.source(f_.attributes[attr_names_[i]].name) == name) {
          duplicate(a, f_.attributes[attr_names_[i]]);
          return;  // the first definition stays
        }
    }
    attr_names_.push_back(attr);
  }

  void duplicate(const Attribute& a, const Attribute& first) {
    if (!f_.errors.empty()) return;  // only the first error is reported
    LineIndex lines(s_);
    Position p = lines.position(first.name.begin);
    soft(a.name.begin, "argument '" + std::string(f_.source(a.name)) + "' is already set on line " +
                           std::to_string(p.line) + "; each argument may be set only once");
  }

  Id parse_attribute(Tok ident, bool single_line) {
    read();  // '='
    Id value = parse_expression();
    if (!single_line) {
      Tok end_tok = peek();
      if (end_tok.type != T::Newline && end_tok.type != T::Eof) {
        if (end_tok.type == T::Comma)
          fail(begin(end_tok), "unexpected ',' after the argument; arguments are separated by newlines, not commas");
        fail(begin(end_tok), "expected a newline after the argument value, found " + what(end_tok) +
                                 "; put each argument on its own line");
      }
      read();
    }
    Attribute a;
    a.name = range(ident);
    a.value = value;
    a.range = Range{begin(ident), f_.exprs[value].range.end};
    f_.attributes.push_back(a);
    return static_cast<Id>(f_.attributes.size() - 1);
  }

  Id parse_block(Tok type) {
    Depth depth(this, begin(type));
    size_t label_base = label_scratch_.size();
    Tok open;
    for (;;) {
      Tok t = peek();
      if (t.type == T::OBrace) {
        open = read();
        break;
      }
      if (t.type == T::OQuote) {
        label_scratch_.push_back(parse_label());
        continue;
      }
      if (t.type == T::Ident) {
        read();
        Label l;
        l.range = range(t);
        l.value = store(text(t));
        label_scratch_.push_back(l);
        continue;
      }
      if (t.type == T::Equal)
        fail(begin(t), "'=' after a block label; a block is written type \"label\" { ... }, an argument name = value");
      if (t.type == T::Newline)
        fail(begin(t), "expected '{' on the same line as the block header " + quote(text(type)) +
                           "; the opening brace must follow the labels on the same line");
      fail(begin(t), "expected a quoted block label or '{' in the block header, found " + what(t));
    }
    Id body;
    Tok first = peek();
    if (first.type == T::Newline || first.type == T::Eof || first.type == T::CBrace) {
      body = parse_body(T::CBrace, range(open));
    } else {
      body = parse_single_line_body(open);
    }
    uint32_t close_end = toks_[pos_ - 1].end;
    Range close{toks_[pos_ - 1].begin, close_end};
    Tok eol = peek();
    if (eol.type != T::Newline && eol.type != T::Eof)
      fail(begin(eol), "expected a newline after the block's closing brace, found " + what(eol) +
                           "; start the next item on its own line");
    read();

    Block b;
    b.type = range(type);
    b.labels = static_cast<uint32_t>(f_.labels.size());
    b.label_count = static_cast<uint32_t>(label_scratch_.size() - label_base);
    f_.labels.insert(f_.labels.end(), label_scratch_.begin() + static_cast<std::ptrdiff_t>(label_base),
                     label_scratch_.end());
    label_scratch_.resize(label_base);
    b.body = body;
    b.open_brace = range(open);
    b.close_brace = close;
    b.range = Range{begin(type), close_end};
    f_.blocks.push_back(b);
    return static_cast<Id>(f_.blocks.size() - 1);
  }

  // `type { name = value }` on one line. The reference parser reports such a
  // block that is not closed on its line ahead of any error inside it (after
  // skipping the rest of the broken item), so errors here are settled by
  // single_line_close.
  Id parse_single_line_body(Tok open) {
    const size_t mark = f_.errors.size();
    Tok ident = read();
    if (ident.type != T::Ident) {
      skip_item(pos_);
      single_line_close(open, mark, true);
      fail(begin(ident), "expected an argument or a block, found " + what(ident));
    }
    Tok next = peek();
    if (next.type != T::Equal) {
      skip_item(pos_);
      single_line_close(open, mark, true);
      if (next.type == T::OQuote || next.type == T::OBrace || next.type == T::Ident)
        fail(begin(ident), "a block on one line can hold a single argument only; put the nested block " +
                               quote(text(ident)) + " on a line of its own");
      fail(begin(ident), "expected '=' after " + what(ident) + ", found " + what(next) +
                             "; to set an argument write name = value");
    }
    size_t attr_base = attr_names_.size();
    Id attr;
    try {
      attr = parse_attribute(ident, true);
    } catch (const Abort&) {
      ParseError inner = f_.errors.back();
      f_.errors.pop_back();
      skip_item(token_at(inner.offset));
      single_line_close(open, mark, true);
      f_.errors.push_back(inner);
      throw;
    }
    attr_names_.resize(attr_base);
    single_line_close(open, mark, false);
    read();  // '}'
    Body b;
    b.range = Range{begin(open), toks_[pos_ - 1].end};
    b.items = static_cast<uint32_t>(f_.body_items.size());
    b.item_count = 1;
    f_.body_items.push_back(BodyItem{false, attr});
    f_.bodies.push_back(b);
    return static_cast<Id>(f_.bodies.size() - 1);
  }

  // The token that holds a byte offset (or the first one after it).
  uint32_t token_at(uint32_t offset) const {
    const Token* b = toks_.data.get();
    const Token* e = b + toks_.size;
    const Token* it = std::upper_bound(b, e, offset, [](uint32_t o, const Token& t) { return o < t.end; });
    if (it == e) return static_cast<uint32_t>(toks_.size - 1);
    return static_cast<uint32_t>(it - b);
  }

  // Skips the rest of a broken body item from token index `from`: to the end of
  // its line, past any brackets it opened.
  void skip_item(uint32_t from) {
    pos_ = from;
    std::vector<T> open;
    for (;;) {
      Tok t = read();
      switch (t.type) {
        case T::Newline:
          if (open.empty()) return;
          break;
        case T::Eof:
          return;
        case T::OBrace: case T::OBrack: case T::OParen: case T::OQuote: case T::OHeredoc:
        case T::Interp: case T::Control:
          open.push_back(t.type);
          break;
        case T::CBrace: case T::CBrack: case T::CParen: case T::CQuote: case T::CHeredoc: {
          T opener = t.type == T::CBrace ? T::OBrace : t.type == T::CBrack ? T::OBrack
                   : t.type == T::CParen ? T::OParen : t.type == T::CQuote ? T::OQuote : T::OHeredoc;
          while (!open.empty() && open.back() != opener) open.pop_back();
          if (!open.empty()) open.pop_back();
          break;
        }
        case T::SeqEnd:
          while (!open.empty() && open.back() != T::Interp && open.back() != T::Control) open.pop_back();
          if (!open.empty()) open.pop_back();
          break;
        default:
          break;
      }
    }
  }

  // After the single argument of a one-line block: the closing brace must follow.
  // A problem here is reported before the errors found since `mark`.
  void single_line_close(Tok open, size_t mark, bool recovering) {
    Tok close = peek();
    std::string message;
    switch (close.type) {
      case T::CBrace:
        return;
      case T::Comma:
        message = "a block on one line can hold one argument only; write one argument per line";
        break;
      case T::Newline:
        message = "a block that starts with an argument on its first line must close on that line; put the closing "
                  "brace right after the argument, or the argument on its own line";
        break;
      case T::Eof:
        if (recovering) return;
        f_.errors.insert(f_.errors.begin() + static_cast<std::ptrdiff_t>(mark),
                         ParseError{begin(open), "unclosed '{': this block has no closing brace before the end of the file"});
        throw Abort{};
      default:
        if (recovering) return;
        message = "expected '}' after the single argument of a one-line block, found " + what(close);
        break;
    }
    f_.errors.insert(f_.errors.begin() + static_cast<std::ptrdiff_t>(mark), ParseError{begin(close), message});
    throw Abort{};
  }

  // A quoted block label: no interpolation allowed.
  Label parse_label() {
    Tok open = read();
    Label l;
    l.quoted = true;
    size_t start = f_.strings.size();
    for (;;) {
      Tok t = read();
      if (t.type == T::CQuote) {
        l.range = Range{begin(open), end(t)};
        break;
      }
      if (t.type == T::QuotedLit) {
        decode(t, true);
        continue;
      }
      if (t.type == T::Interp || t.type == T::Control) {
        char c = s_[begin(t)];
        fail(begin(t), std::string("a block label cannot contain a template sequence; to write a literal \"") + c +
                           "{\" double the " + c + " (\"" + c + c + "{\")");
      }
      if (t.type == T::Eof) fail(begin(t), "unterminated string: the label has no closing quote before the end of the file");
      fail(begin(t), "unexpected " + what(t) + " in a block label");
    }
    l.value = StrRef{static_cast<uint32_t>(start), static_cast<uint32_t>(f_.strings.size() - start)};
    return l;
  }

  // ----- expressions ---------------------------------------------------------
  Id parse_expression() {
    Tok first = peek();
    Depth depth(this, begin(first));
    Id cond = parse_binary(0);
    if (peek().type != T::Question) return cond;
    read();
    Id yes = parse_expression();
    Tok colon = peek();
    if (colon.type != T::Colon)
      fail(begin(colon), "expected ':' and the false result of the conditional, found " + what(colon) +
                             "; a conditional is written cond ? true_value : false_value");
    read();
    Id no = parse_expression();
    Expr e;
    e.kind = ExprKind::Conditional;
    e.range = Range{f_.exprs[cond].range.begin, f_.exprs[no].range.end};
    e.a = cond;
    e.b = yes;
    e.c = no;
    return add(e);
  }

  static int level(T t, Op* op) {
    switch (t) {
      case T::Or: *op = Op::Or; return 0;
      case T::And: *op = Op::And; return 1;
      case T::EqualOp: *op = Op::Equal; return 2;
      case T::NotEqual: *op = Op::NotEqual; return 2;
      case T::Less: *op = Op::Less; return 3;
      case T::LessEq: *op = Op::LessEqual; return 3;
      case T::Greater: *op = Op::Greater; return 3;
      case T::GreaterEq: *op = Op::GreaterEqual; return 3;
      case T::Plus: *op = Op::Add; return 4;
      case T::Minus: *op = Op::Subtract; return 4;
      case T::Star: *op = Op::Multiply; return 5;
      case T::Slash: *op = Op::Divide; return 5;
      case T::Percent: *op = Op::Modulo; return 5;
      default: return -1;
    }
  }

  // Binary operators by precedence climbing; all are left-associative.
  Id parse_binary(int min_level) {
    Id lhs = parse_operand();
    for (;;) {
      Op op = Op::None;
      int lvl = level(peek().type, &op);
      if (lvl < min_level) return lhs;
      read();
      Id rhs = parse_binary(lvl + 1);
      Expr e;
      e.kind = ExprKind::Binary;
      e.op = op;
      e.range = Range{f_.exprs[lhs].range.begin, f_.exprs[rhs].range.end};
      e.a = lhs;
      e.b = rhs;
      lhs = add(e);
    }
  }

  Id parse_operand() { return parse_traversals(parse_term()); }

  Id parse_term() {
    Tok start = peek();
    switch (start.type) {
      case T::OParen: {
        read();
        Newlines nl(this, false);
        Id inner = parse_expression();
        Tok close = peek();
        if (close.type != T::CParen)
          fail(begin(close), "expected ')' to close the '(' opened at " + here(begin(start)) + ", found " + what(close));
        read();
        Expr e;
        e.kind = ExprKind::Parens;
        e.range = Range{begin(start), end(close)};
        e.a = inner;
        return add(e);
      }
      case T::Number: {
        read();
        check_number(start);
        Expr e;
        e.kind = ExprKind::Number;
        e.range = range(start);
        return add(e);
      }
      case T::Ident: {
        read();
        Tok next = peek();
        if (next.type == T::OParen || next.type == T::DoubleColon) return parse_call(start);
        Expr e;
        e.range = range(start);
        std::string_view name = text(start);
        if (name == "true" || name == "false") {
          e.kind = ExprKind::Bool;
          e.flags = name == "true" ? kTrue : 0;
        } else if (name == "null") {
          e.kind = ExprKind::Null;
        } else {
          e.kind = ExprKind::Reference;
          e.name = e.range;
          e.steps = static_cast<uint32_t>(f_.steps.size());
        }
        return add(e);
      }
      case T::OQuote:
      case T::OHeredoc:
        return parse_template();
      case T::Minus:
      case T::Bang: {
        Depth depth(this, begin(start));
        read();
        Id operand = parse_operand();
        Expr e;
        e.kind = ExprKind::Unary;
        e.op = start.type == T::Minus ? Op::Negate : Op::Not;
        e.range = Range{begin(start), f_.exprs[operand].range.end};
        e.a = operand;
        return add(e);
      }
      case T::OBrack:
        return parse_tuple();
      case T::OBrace:
        return parse_object();
      case T::Eof:
        fail(begin(start), "expected a value, found the end of the file");
      default:
        fail(begin(start), "expected a value (a string, number, name, [list], {object} or function call), found " +
                               what(start));
    }
  }

  std::string here(uint32_t offset) const {
    // line:column of an earlier position (only for messages; errors are rare)
    Position p = LineIndex(s_).position(offset);
    return std::to_string(p.line) + ":" + std::to_string(p.column);
  }

  // A number token holds digits, dots and exponents; valid numbers have at most
  // one dot, before any exponent.
  void check_number(Tok t) {
    std::string_view n = text(t);
    size_t i = 0;
    while (i < n.size() && is_digit(n[i])) ++i;
    if (i < n.size() && n[i] == '.') {
      ++i;
      while (i < n.size() && is_digit(n[i])) ++i;
    }
    if (i < n.size() && (n[i] == 'e' || n[i] == 'E')) {
      ++i;
      if (i < n.size() && (n[i] == '+' || n[i] == '-')) ++i;
      while (i < n.size() && is_digit(n[i])) ++i;
    }
 if (i != n.size())
      soft(begin(t), "invalid number " + quote(n) +
                         "; a number has at most one decimal point (quote values such as IP addresses or versions)");
  }

  Id parse_call(Tok name) {
    Tok open = read();  // '(' or '::'
    uint32_t name_end = end(name);
    while (open.type == T::DoubleColon) {
      Tok part = read();
      if (part.type != T::Ident)
        fail(begin(part), "expected a function name after '::', found " + what(part));
      name_end = end(part);
      open = read();
    }
    if (open.type != T::OParen)
      fail(begin(open), "expected '(' after the function name " + quote(s_.substr(begin(name), name_end - begin(name))) +
                            ", found " + what(open));
    Newlines nl(this, false);
    size_t base = scratch_.size();
    uint8_t flags = 0;
    uint32_t close_end;
    for (;;) {
      Tok t = peek();
      if (t.type == T::CParen) {
        read();
        close_end = end(t);
        break;
      }
      scratch_.push_back(parse_expression());
      Tok sep = read();
      if (sep.type == T::CParen) {
        close_end = end(sep);
        break;
      }
      if (sep.type == T::Ellipsis) {
        flags |= kExpandFinal;
        Tok close = peek();
        if (close.type != T::CParen)
          fail(begin(sep), "an argument expanded with '...' must be the last one; put ')' right after the '...'");
        read();
        close_end = end(close);
        break;
      }
      if (sep.type != T::Comma) {
        if (sep.type == T::Eof)
          fail(begin(name), "unclosed '(' of the call to " + quote(s_.substr(begin(name), name_end - begin(name))) +
                                ": no closing parenthesis before the end of the file");
        fail(begin(sep), "expected ',' or ')' after a function argument, found " + what(sep));
      }
      if (peek().type == T::CParen) {
        close_end = end(read());
        break;
      }
    }
    Expr e;
    e.kind = ExprKind::Call;
    e.flags = flags;
    e.name = Range{begin(name), name_end};
    e.range = Range{begin(name), close_end};
    e.items = commit_list(base, &e.item_count);
    return add(e);
  }

  Id parse_tuple() {
    Tok open = read();
    Newlines nl(this, false);
    if (keyword(peek(), "for")) return parse_for(open);
    size_t base = scratch_.size();
    uint32_t close_end;
    for (;;) {
      Tok next = peek();
      if (next.type == T::CBrack) {
        read();
        close_end = end(next);
        break;
      }
      scratch_.push_back(parse_expression());
      next = peek();
      if (next.type == T::CBrack) {
        read();
        close_end = end(next);
        break;
      }
      if (next.type != T::Comma) {
        if (next.type == T::Eof)
          fail(begin(open), "unclosed '[': no closing bracket before the end of the file (check the bracket nesting)");
        fail(begin(next), "expected ',' or ']' after a list item, found " + what(next));
      }
      read();
    }
    Expr e;
    e.kind = ExprKind::Tuple;
    e.range = Range{begin(open), close_end};
    e.items = commit_list(base, &e.item_count);
    return add(e);
  }

  Id parse_object() {
    Tok open = read();
    bool is_for;
    {
      Newlines nl(this, false);
      is_for = keyword(peek(), "for");
    }
    if (is_for) {
      Newlines nl(this, false);
      return parse_for(open);
    }
    Newlines nl(this, true);
    size_t base = scratch_.size();
    uint32_t close_end;
    for (;;) {
      Tok next = peek();
      if (next.type == T::Newline) {
        read();
        continue;
      }
      if (next.type == T::CBrace) {
        read();
        close_end = end(next);
        break;
      }
      Id key = parse_expression();
      next = peek();
      if (next.type != T::Equal && next.type != T::Colon) {
        switch (next.type) {
          case T::Newline:
          case T::Comma:
            fail(begin(next), "expected '=' and a value after the object key " +
                                  quote(f_.source(f_.exprs[key].range)));
          case T::Eof:
            fail(begin(open), "unclosed '{': no closing brace before the end of the file (check the brace nesting)");
          default:
            fail(begin(next), "expected '=' after the object key " + quote(f_.source(f_.exprs[key].range)) +
                                  ", found " + what(next) +
                                  (next.type == T::Ident ? "; a key with dots or spaces must be quoted" : ""));
        }
      }
      read();
      Id value = parse_expression();
      scratch_.push_back(key);
      scratch_.push_back(value);
      next = peek();
      if (next.type == T::CBrace) {
        read();
        close_end = end(next);
        break;
      }
      if (next.type != T::Comma && next.type != T::Newline) {
        if (next.type == T::Eof)
          fail(begin(open), "unclosed '{': no closing brace before the end of the file (check the brace nesting)");
        fail(begin(next), "expected a newline or ',' after an object item, found " + what(next));
      }
      read();
    }
    Expr e;
    e.kind = ExprKind::Object;
    e.range = Range{begin(open), close_end};
    e.items = commit_list(base, &e.item_count);
    return add(e);
  }

  // `[for ...]` or `{for ...}`, after the opening bracket.
  Id parse_for(Tok open) {
    Newlines nl(this, false);
    read();  // for
    const bool object = toks_[open.index].type == T::OBrace;
    const T close_type = object ? T::CBrace : T::CBrack;
    const char* form = object ? "{for k, v in collection : key => value}" : "[for v in collection : value]";
    Expr e;
    e.kind = ExprKind::For;
    if (object) e.flags |= kForObject;
    Tok var = peek();
    if (var.type != T::Ident)
      fail(begin(var), std::string("expected a variable name after 'for', found ") + what(var) + "; write " + form);
    read();
    e.name = range(var);
    if (peek().type == T::Comma) {
      read();
      e.key_name = e.name;
      Tok val = peek();
      if (val.type != T::Ident)
        fail(begin(val), "expected the value variable name after ',', found " + what(val) + "; write " + form);
      read();
      e.name = range(val);
    }
    Tok in = peek();
    if (!keyword(in, "in"))
      fail(begin(in), std::string("expected 'in' after the variable names, found ") + what(in) + "; write " + form);
    read();
    e.a = parse_expression();
    Tok colon = peek();
    if (colon.type != T::Colon)
      fail(begin(colon), std::string("expected ':' after the collection, found ") + what(colon) + "; write " + form);
    read();
    Id value = parse_expression();
    Id key = kNone;
    if (peek().type == T::FatArrow) {
      read();
      key = value;
      value = parse_expression();
    }
    e.b = key;
    e.c = value;
    Tok ellipsis{T::Eof, 0};
    bool group = false;
    if (peek().type == T::Ellipsis) {
      ellipsis = read();
      group = true;
      e.flags |= kGroup;
    }
    if (keyword(peek(), "if")) {
      read();
      e.d = parse_expression();
    }
    Tok close = peek();
    if (close.type != close_type)
      fail(begin(close), "unexpected " + what(close) + " in the 'for' expression; expected '" +
                             (object ? "}" : "]") + "' (or 'if' and a condition)");
    read();
    if (!object) {
      if (key != kNone)
        soft(f_.exprs[key].range.begin, "a list 'for' expression has no key: remove the 'key =>', or build an "
                                        "object with {for ...}");
      if (group)
        soft(begin(ellipsis), "the grouping '...' works only when building an object with {for ...}");
    } else if (key == kNone) {
      soft(f_.exprs[value].range.begin, "an object 'for' expression needs a key: write key => value");
    }
    e.range = Range{begin(open), end(close)};
    return add(e);
  }

  // ----- traversals ----------------------------------------------------------
  // The steps after a term: .name, .0, [key], [*] and .*.
  Id parse_traversals(Id from) {
    const uint32_t from_begin = f_.exprs[from].range.begin;
    Id ret = from;
    // `open` is the Reference or Traversal whose steps are collecting in
    // step_scratch_[step_base..]; other nodes are made around it once it is closed.
    Id open = f_.exprs[from].kind == ExprKind::Reference ? from : kNone;
    size_t step_base = step_scratch_.size();
    auto close_open = [&]() {
      if (open == kNone) return;
      Expr& e = f_.exprs[open];
      e.steps = static_cast<uint32_t>(f_.steps.size());
      e.step_count = static_cast<uint32_t>(step_scratch_.size() - step_base);
      f_.steps.insert(f_.steps.end(), step_scratch_.begin() + static_cast<std::ptrdiff_t>(step_base),
                      step_scratch_.end());
      step_scratch_.resize(step_base);
      open = kNone;
    };
    auto add_step = [&](const Step& st) {
      if (open == kNone) {
        Expr t;
        t.kind = ExprKind::Traversal;
        t.range = Range{from_begin, st.range.end};
        t.a = ret;
        ret = open = add(t);
      }
      step_scratch_.push_back(st);
      f_.exprs[open].range.end = st.range.end;
    };

    for (;;) {
      Tok next = peek();
      if (next.type == T::Dot) {
        Tok dot = read();
        Tok attr = peek();
        if (attr.type == T::Ident) {
          read();
          add_step(Step{StepKind::Attr, Range{begin(dot), end(attr)}, range(attr), kNone});
        } else if (attr.type == T::Number) {
          read();
          legacy_index(attr);
          add_step(Step{StepKind::LegacyIndex, Range{begin(dot), end(attr)}, range(attr), kNone});
        } else if (attr.type == T::Star) {
          Tok star = read();
          close_open();
          Expr item;
          item.kind = ExprKind::SplatItem;
          item.range = Range{begin(dot), end(star)};
          Id item_id = add(item);
          Id each = item_id;
          uint32_t last_end = end(star);
          size_t each_base = step_scratch_.size();
          while (peek().type == T::Dot) {
            Tok d = read();
            Tok n = peek();
            if (n.type == T::Number) {
              read();
              legacy_index(n);
              step_scratch_.push_back(Step{StepKind::LegacyIndex, Range{begin(d), end(n)}, range(n), kNone});
              last_end = end(n);
              continue;
            }
            if (n.type != T::Ident) {
              if (n.type == T::Star)
                fail(begin(n), "a '.*' splat cannot contain another splat; use [*] for the inner one");
              fail(begin(star), "expected an attribute name after '.', found " + what(n));
            }
            read();
            step_scratch_.push_back(Step{StepKind::Attr, Range{begin(d), end(n)}, range(n), kNone});
            last_end = end(n);
          }
          if (step_scratch_.size() > each_base) {
            Expr t;
            t.kind = ExprKind::Traversal;
            t.a = item_id;
            t.range = Range{step_scratch_[each_base].range.begin, last_end};
            t.steps = static_cast<uint32_t>(f_.steps.size());
            t.step_count = static_cast<uint32_t>(step_scratch_.size() - each_base);
            f_.steps.insert(f_.steps.end(), step_scratch_.begin() + static_cast<std::ptrdiff_t>(each_base),
                            step_scratch_.end());
            step_scratch_.resize(each_base);
            each = add(t);
          }
          Expr sp;
          sp.kind = ExprKind::Splat;
          sp.flags = kAttrOnly;
          sp.range = Range{from_begin, last_end};
          sp.a = ret;
          sp.b = each;
          ret = add(sp);
        } else {
          fail(begin(attr), "expected an attribute name after '.', found " + what(attr));
        }
        continue;
      }
      if (next.type == T::OBrack) {
        Tok open_brack = read();
        if (peek().type == T::Star) {
          read();
          Tok close = read();
          if (close.type != T::CBrack)
            fail(find_close_bracket(), "expected ']' right after '[*'; a full splat is written [*]");
          close_open();
          Depth depth(this, begin(open_brack));
          Expr item;
          item.kind = ExprKind::SplatItem;
          item.range = Range{begin(open_brack), end(close)};
          Id item_id = add(item);
          Id each = parse_traversals(item_id);
          Expr sp;
          sp.kind = ExprKind::Splat;
          sp.range = Range{from_begin, f_.exprs[each].range.end};
          sp.a = ret;
          sp.b = each;
          ret = add(sp);
          continue;
        }
        Id key;
        Tok close;
        {
          Newlines nl(this, false);
          key = parse_expression();
          close = read();
          if (close.type != T::CBrack)
            fail(find_close_bracket(), "expected ']' to close the index opened at " + here(begin(open_brack)));
        }
        Range whole{begin(open_brack), end(close)};
        if (is_literal_key(key)) {
          add_step(Step{StepKind::Index, whole, f_.exprs[key].range, key});
        } else {
          close_open();
          Expr ix;
          ix.kind = ExprKind::Index;
          ix.range = Range{from_begin, whole.end};
          ix.a = ret;
          ix.b = key;
          ret = add(ix);
        }
        continue;
      }
      break;
    }
    close_open();
    return ret;
  }

  bool is_literal_key(Id key) const {
    const Expr& k = f_.exprs[key];
    if (k.kind == ExprKind::Number || k.kind == ExprKind::Bool || k.kind == ExprKind::Null) return true;
    if (k.kind != ExprKind::Template) return false;
    return k.item_count == 0 || (k.item_count == 1 && f_.exprs[f_.lists[k.items]].kind == ExprKind::String);
  }

  void legacy_index(Tok num) {
    std::string_view n = text(num);
    size_t dot = n.find('.');
    if (dot != std::string_view::npos) {
      soft(begin(num), "'." + std::string(n) + "' chains two old-style indexes; write [" + std::string(n.substr(0, dot)) +
                           "][" + std::string(n.substr(dot + 1)) + "]");
      return;
    }
    check_number(num);
  }

  // ----- templates -----------------------------------------------------------
  // Decodes a literal token into f_.strings (escapes in quoted strings; "$${" and
  // "%%{" everywhere).
  StrRef decode(Tok t, bool quoted) {
    std::string& out = f_.strings;
    const uint32_t start = static_cast<uint32_t>(out.size());
    const uint32_t b = begin(t), e = end(t);
    uint32_t i = b;
    while (i < e) {
      // copy a run of plain characters at once
      uint32_t j = i;
      while (j < e && s_[j] != '$' && s_[j] != '%' && !(quoted && s_[j] == '\\')) ++j;
      out.append(s_.data() + i, j - i);
      i = j;
      if (i >= e) break;
      char c = s_[i];
      if (c == '$' || c == '%') {
        if (i + 2 < e && s_[i + 1] == c && s_[i + 2] == '{') {
          out.push_back(c);
          out.push_back('{');
          i += 3;
        } else {
          out.push_back(c);
          ++i;
        }
        continue;
      }
      // backslash escape (quoted only)
      char sel = s_[i + 1];
      switch (sel) {
        case 'n': out.push_back('\n'); i += 2; continue;
        case 'r': out.push_back('\r'); i += 2; continue;
        case 't': out.push_back('\t'); i += 2; continue;
        case '"': out.push_back('"'); i += 2; continue;
        case '\\': out.push_back('\\'); i += 2; continue;
        case 'u':
        case 'U': {
          const uint32_t want = sel == 'u' ? 4 : 8;
          uint32_t k = i + 2;
          uint32_t cp = 0;
          while (k < e && k - (i + 2) < want && std::isxdigit(static_cast<unsigned char>(s_[k]))) {
            char h = s_[k];
            cp = cp * 16 + static_cast<uint32_t>(is_digit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
            ++k;
          }
          if (k - (i + 2) != want) {
            soft(i, std::string("invalid escape sequence: \\") + sel + " must be followed by " +
                        (want == 4 ? "four" : "eight") + " hexadecimal digits");
            out.append(s_.data() + i, k - i);
          } else if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "U+%04X", cp);
            soft(i, std::string("invalid escape sequence: ") + buf + " is not a character that UTF-8 can encode");
          } else {
            append_utf8(out, cp);
          }
          i = k;
          continue;
        }
        default: {
          size_t len;
          decode_utf8(s_, i + 1, &len);
          soft(i, "invalid escape sequence '\\" + std::string(s_.substr(i + 1, len)) +
                      "'; the escapes are \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN (write \\\\ for a backslash)");
          out.append(s_.data() + i + 1, len);
          i += 1 + static_cast<uint32_t>(len);
          continue;
        }
      }
    }
    return StrRef{start, static_cast<uint32_t>(out.size() - start)};
  }

  Id parse_template() {
    Tok open = read();
    const bool heredoc = toks_[open.index].type == T::OHeredoc;
    const T end_type = heredoc ? T::CHeredoc : T::CQuote;
    const bool flush = heredoc && s_[begin(open) + 2] == '-';

    // 1. pieces: literals (with strip markers applied), interpolations, directives
    const size_t base = parts_.size();
    const uint32_t start_offset = begin(peek());
    bool ltrim_next = false, next_can_trim_prev = false;
    Tok close;
    for (;;) {
      Tok next = read();
      if (next.type == end_type) {
        close = next;
        break;
      }
      const bool ltrim = ltrim_next, can_trim_prev = next_can_trim_prev;
      ltrim_next = next_can_trim_prev = false;
      switch (next.type) {
        case T::StringLit:
        case T::QuotedLit: {
          StrRef v = decode(next, next.type == T::QuotedLit);
          if (ltrim) {
            size_t skip = leading_space(f_.str(v));
            v.offset += static_cast<uint32_t>(skip);
            v.size -= static_cast<uint32_t>(skip);
          }
          Part p{PartKind::Lit, range(next), v, kNone, {}, {}};
          parts_.push_back(p);
          next_can_trim_prev = true;
          break;
        }
        case T::Interp: {
          trim_previous(next, can_trim_prev, base);
          Newlines nl(this, false);
          Id e = parse_expression();
          Tok sq = peek();
          if (sq.type != T::SeqEnd) interp_error(sq, start_offset, end_type);
          read();
          if (end(sq) - begin(sq) == 2) ltrim_next = true;
          parts_.push_back(Part{PartKind::Interp, Range{begin(next), end(sq)}, {}, e, {}, {}});
          break;
        }
        case T::Control: {
          trim_previous(next, can_trim_prev, base);
          Newlines nl(this, false);
          Tok kw = peek();
          if (kw.type != T::Ident)
            fail(begin(kw), "expected a directive keyword (if, else, endif, for, endfor) after '%{', found " + what(kw) +
                                "; to write a literal '%{' double the % (\"%%{\")");
          read();
          std::string_view word = text(kw);
          Part p{PartKind::If, {}, {}, kNone, {}, {}};
          if (word == "if") {
            p.expr = parse_expression();
          } else if (word == "else") {
            p.kind = PartKind::Else;
          } else if (word == "endif") {
            p.kind = PartKind::EndIf;
          } else if (word == "endfor") {
            p.kind = PartKind::EndFor;
          } else if (word == "for") {
            p.kind = PartKind::For;
            Tok v = peek();
            if (v.type != T::Ident)
              fail(begin(v), "expected a variable name after 'for', found " + what(v) +
                                 "; write %{ for v in collection }");
            read();
            p.name = range(v);
            if (peek().type == T::Comma) {
              read();
              p.key_name = p.name;
              Tok v2 = peek();
              if (v2.type != T::Ident)
                fail(begin(v2), "expected the value variable name after ',', found " + what(v2));
              read();
              p.name = range(v2);
            }
            Tok in = peek();
            if (!keyword(in, "in"))
              fail(begin(in), "expected 'in' after the variable names, found " + what(in) +
                                  "; write %{ for v in collection }");
            read();
            p.expr = parse_expression();
          } else {
            fail(begin(kw), "unknown template directive " + quote(word) +
                                "; the directives are if, else, endif, for and endfor (to write a literal '%{' "
                                "double the %: \"%%{\")");
          }
          Tok sq = peek();
          if (sq.type != T::SeqEnd)
            fail(begin(sq), "expected '}' to end the %{ " + std::string(word) + " } directive, found " + what(sq));
          read();
          if (end(sq) - begin(sq) == 2) ltrim_next = true;
          p.range = Range{begin(next), end(sq)};
          parts_.push_back(p);
          break;
        }
        default:
          fail(begin(next), heredoc ? "unterminated heredoc: no line with the closing marker '" +
                                          std::string(marker(open)) + "' before the end of the file"
                                    : std::string("unterminated string: no closing quote before the end of the file"));
      }
    }
    parts_.push_back(Part{PartKind::End, range(close), {}, kNone, {}, {}});

    // 2. indented heredocs lose the common indentation; adjacent literals join
    if (flush) flush_indentation(base);
    meld_literals(base);

    // 3. the structure: directives nest
    Expr e;
    e.range = Range{begin(open), end(close)};
    if (parts_.size() - base == 2 && parts_[base].kind == PartKind::Interp) {
      e.kind = ExprKind::TemplateWrap;
      e.a = parts_[base].expr;
      parts_.resize(base);
      return add(e);
    }
    e.kind = ExprKind::Template;
    if (heredoc) e.flags |= kHeredoc;
    if (flush) e.flags |= kFlush;
    size_t i = base;
    const size_t list_base = scratch_.size();
    while (parts_[i].kind != PartKind::End) scratch_.push_back(build_part(i));
    parts_.resize(base);
    e.items = commit_list(list_base, &e.item_count);
    return add(e);
  }

  std::string_view marker(Tok open) const {
    std::string_view t = text(open);
    size_t b = t[2] == '-' ? 3 : 2;
    size_t e = t.size();
    while (e > b && (t[e - 1] == '\n' || t[e - 1] == '\r')) --e;
    return t.substr(b, e - b);
  }

  // "${~" / "%{~" strip the white space at the end of the literal before them.
  void trim_previous(Tok opener, bool can_trim_prev, size_t base) {
    if (!can_trim_prev || end(opener) - begin(opener) != 3 || parts_.size() <= base) return;
    Part& prev = parts_.back();
    if (prev.kind != PartKind::Lit) return;
    prev.str.size = static_cast<uint32_t>(without_trailing_space(f_.str(prev.str)));
  }

  [[noreturn]] void interp_error(Tok t, uint32_t start_offset, T end_type) {
    const char* hint =
        "; if this is meant for another language (a shell script, a policy), escape it as \"$${\"";
    if (t.type == T::Eof)
      fail(start_offset, "unclosed '${': no closing brace before the end of the file");
    if (t.type == T::Colon)
      fail(begin(t), std::string("unexpected ':' in an interpolation") + hint);
    if ((t.type == T::CQuote || t.type == T::OQuote) && end_type == T::CQuote)
      fail(start_offset, "unclosed '${': no closing brace before the end of the string");
    fail(begin(t), "expected '}' to end the interpolation, found " + what(t) + hint);
  }

  // The indentation rule of <<-: remove from every line the white space that all
  // non-blank lines share (a line starting with an interpolation shares none).
  void flush_indentation(size_t base) {
    const size_t kMax = static_cast<size_t>(-1);
    size_t min_spaces = kMax;
    bool newline = true;
    std::vector<size_t>& adjust = flush_scratch_;
    adjust.clear();
    for (size_t i = base; i < parts_.size(); ++i) {
      const Part& p = parts_[i];
      if (newline) {
        newline = false;
        size_t spaces = 0;
        if (p.kind == PartKind::Lit) {
          std::string_view v = f_.str(p.str);
          size_t lead = leading_space(v);
          if (lead == v.size() && !v.empty() && v.back() == '\n') {
            spaces = kMax;
          } else {
            spaces = count_chars(v.substr(0, lead));
            adjust.push_back(i);
          }
        } else if (p.kind == PartKind::End) {
          break;
        }
        min_spaces = std::min(min_spaces, spaces);
      }
      if (p.kind == PartKind::Lit) {
        std::string_view v = f_.str(p.str);
        if (!v.empty() && v.back() == '\n') newline = true;
      }
    }
    for (size_t i : adjust) {
      Part& p = parts_[i];
      std::string_view v = f_.str(p.str);
      size_t bytes = 0;
      for (size_t n = 0; n < min_spaces && bytes < v.size(); ++n) {
        if (v[bytes] == '\r' && bytes + 1 < v.size() && v[bytes + 1] == '\n') {
          bytes += 2;
          continue;
        }
        size_t len;
        decode_utf8(v, bytes, &len);
        bytes += len;
      }
      p.str.offset += static_cast<uint32_t>(bytes);
      p.str.size -= static_cast<uint32_t>(bytes);
      p.range.begin = std::min(p.range.end, p.range.begin + static_cast<uint32_t>(bytes));
    }
  }

  static size_t count_chars(std::string_view s) {
    size_t n = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
      if (s[i] == '\n' && i > 0 && s[i - 1] == '\r') continue;  // "\r\n" is one character
      ++n;
    }
    return n;
  }

  // Joins each run of adjacent literal pieces into one.
  void meld_literals(size_t base) {
    size_t out = base;
    for (size_t i = base; i < parts_.size();) {
      size_t j = i + 1;
      if (parts_[i].kind == PartKind::Lit) {
        bool contiguous = true;
        size_t total = parts_[i].str.size;
        for (; j < parts_.size() && parts_[j].kind == PartKind::Lit; ++j) {
          const StrRef& prev = parts_[j - 1].str;
          contiguous = contiguous && prev.offset + prev.size == parts_[j].str.offset;
          total += parts_[j].str.size;
        }
        Part joined = parts_[i];
        joined.range.end = parts_[j - 1].range.end;
        if (contiguous) {
          joined.str.size = static_cast<uint32_t>(total);
        } else {
          std::string& pool = f_.strings;
          pool.reserve(pool.size() + total);
          const uint32_t start = static_cast<uint32_t>(pool.size());
          for (size_t k = i; k < j; ++k) pool.append(pool.data() + parts_[k].str.offset, parts_[k].str.size);
          joined.str = StrRef{start, static_cast<uint32_t>(total)};
        }
        parts_[out++] = joined;
      } else {
        parts_[out++] = parts_[i];
      }
      i = j;
    }
    parts_.resize(out);
  }

  // One element of a template's structure starting at parts_[i]; advances i.
  Id build_part(size_t& i) {
    const Part& p = parts_[i];
    switch (p.kind) {
      case PartKind::Lit: {
        ++i;
        Expr e;
        e.kind = ExprKind::String;
        e.range = p.range;
        e.str = p.str;
        return add(e);
      }
      case PartKind::Interp:
        ++i;
        return p.expr;
      case PartKind::If:
        return build_if(i);
      case PartKind::For:
        return build_for(i);
      case PartKind::Else:
      case PartKind::EndIf:
      case PartKind::EndFor:
        fail(p.range.begin, std::string("unexpected %{ ") + directive_name(p.kind) +
                                " } directive: the template's directives are unbalanced");
      case PartKind::End:
        break;
    }
    fail(p.range.begin, "unexpected end of the template");
  }

  static const char* directive_name(PartKind k) {
    switch (k) {
      case PartKind::Else: return "else";
      case PartKind::EndIf: return "endif";
      case PartKind::EndFor: return "endfor";
      case PartKind::For: return "for";
      default: return "if";
    }
  }

  Id build_if(size_t& i) {
    const Part open = parts_[i++];
    Depth depth(this, open.range.begin);
    const size_t base = scratch_.size();
    size_t else_at = kNoElse;
    for (;;) {
      const Part& p = parts_[i];
      if (p.kind == PartKind::End)
        fail(p.range.begin, "the %{ if } directive at " + here(open.range.begin) + " has no %{ endif }");
      if (p.kind == PartKind::Else) {
        if (else_at != kNoElse)
          fail(p.range.begin, "a second %{ else } for the %{ if } at " + here(open.range.begin));
        else_at = scratch_.size();
        ++i;
        continue;
      }
      if (p.kind == PartKind::EndIf) break;
      if (p.kind == PartKind::EndFor)
        fail(p.range.begin, "unexpected %{ endfor }: the %{ if } at " + here(open.range.begin) + " needs %{ endif } first");
      scratch_.push_back(build_part(i));
    }
    const Part close = parts_[i++];
    Expr e;
    e.kind = ExprKind::TemplateIf;
    e.range = Range{open.range.begin, close.range.end};
    e.a = open.expr;
    const size_t split = else_at == kNoElse ? scratch_.size() : else_at;
    e.items = static_cast<uint32_t>(f_.lists.size());
    e.item_count = static_cast<uint32_t>(split - base);
    f_.lists.insert(f_.lists.end(), scratch_.begin() + static_cast<std::ptrdiff_t>(base),
                    scratch_.begin() + static_cast<std::ptrdiff_t>(split));
    e.items2 = static_cast<uint32_t>(f_.lists.size());
    e.item2_count = static_cast<uint32_t>(scratch_.size() - split);
    f_.lists.insert(f_.lists.end(), scratch_.begin() + static_cast<std::ptrdiff_t>(split), scratch_.end());
    scratch_.resize(base);
    return add(e);
  }

  Id build_for(size_t& i) {
    const Part open = parts_[i++];
    Depth depth(this, open.range.begin);
    const size_t base = scratch_.size();
    for (;;) {
      const Part& p = parts_[i];
      if (p.kind == PartKind::End)
        fail(p.range.begin, "the %{ for } directive at " + here(open.range.begin) + " has no %{ endfor }");
      if (p.kind == PartKind::EndFor) break;
      if (p.kind == PartKind::Else) fail(p.range.begin, "a %{ for } directive cannot have an %{ else }");
      if (p.kind == PartKind::EndIf)
        fail(p.range.begin, "unexpected %{ endif }: the %{ for } at " + here(open.range.begin) + " needs %{ endfor } first");
      scratch_.push_back(build_part(i));
    }
    const Part close = parts_[i++];
    Expr e;
    e.kind = ExprKind::TemplateFor;
    e.range = Range{open.range.begin, close.range.end};
    e.a = open.expr;
    e.name = open.name;
    e.key_name = open.key_name;
    e.items = commit_list(base, &e.item_count);
    return add(e);
  }

  static constexpr size_t kNoElse = static_cast<size_t>(-1);

  HclFile& f_;
  std::string_view s_;
  const TokenBuffer& toks_;
  uint32_t pos_ = 0;
  int depth_ = 0;
  std::vector<uint8_t> nl_;
  std::vector<Id> scratch_;
  std::vector<Step> step_scratch_;
  std::vector<BodyItem> item_scratch_;
  std::vector<Label> label_scratch_;
  std::vector<Id> attr_names_;
  std::vector<Part> parts_;
  std::vector<size_t> flush_scratch_;
};

}  // namespace

// ---------------------------------------------------------------------------
// HclFile helpers

Id HclFile::unwrap(Id id) const {
  while (id != kNone) {
    const Expr& e = exprs[id];
    if (e.kind != ExprKind::Parens && e.kind != ExprKind::TemplateWrap) break;
    id = e.a;
  }
  return id;
}

std::optional<ReferenceView> HclFile::as_reference(Id id) const {
  id = unwrap(id);
  if (id == kNone || exprs[id].kind != ExprKind::Reference) return std::nullopt;
  const Expr& e = exprs[id];
  ReferenceView v;
  v.root = source(e.name);
  v.root_range = e.name;
  v.steps = steps.data() + e.steps;
  v.step_count = e.step_count;
  v.range = e.range;
  return v;
}

std::optional<LiteralView> HclFile::as_literal(Id id) const {
  id = unwrap(id);
  if (id == kNone) return std::nullopt;
  const Expr& e = exprs[id];
  LiteralView v;
  v.type = e.kind;
  v.range = e.range;
  switch (e.kind) {
    case ExprKind::Number: v.text = std::string(source(e.range)); return v;
    case ExprKind::Bool: v.text = (e.flags & kTrue) ? "true" : "false"; return v;
    case ExprKind::Null: v.text = "null"; return v;
    case ExprKind::Template:
      if (e.item_count == 0) {
        v.type = ExprKind::String;
        return v;
      }
      if (e.item_count == 1 && exprs[lists[e.items]].kind == ExprKind::String) {
        v.type = ExprKind::String;
        v.text = std::string(str(exprs[lists[e.items]].str));
        return v;
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// ---------------------------------------------------------------------------
// Entry point

HclFile parse_hcl(std::string_view text, const std::string& display_name) {
  HclFile f;
  f.display_name = display_name;
  try {
    if (text.size() >= 0xFFFFFFFFu) {
      f.errors.push_back(ParseError{0, "file is too large (4 GiB or more)"});
      return f;
    }
    f.text.assign(text.data(), text.size());  // error offsets refer to it too
    if (const char* bom = foreign_bom_name(text)) {
      f.errors.push_back(ParseError{0, std::string("the file is encoded as ") + bom + "; save it as UTF-8"});
      return f;
    }
    // most files are ASCII: look for the first byte with the high bit set, 8 at a time
    size_t ascii = 0;
    for (; ascii + 8 <= text.size(); ascii += 8) {
      uint64_t w;
      std::memcpy(&w, text.data() + ascii, 8);
      if (w & 0x8080808080808080ull) break;
    }
    while (ascii < text.size() && static_cast<unsigned char>(text[ascii]) < 0x80) ++ascii;
    if (auto bad = find_invalid_utf8(text.substr(ascii))) {
      *bad += static_cast<uint32_t>(ascii);
      f.errors.push_back(ParseError{*bad, "invalid UTF-8 byte sequence; save the file as UTF-8"});
      return f;
    }
    TokenBuffer tokens(text.size() / 3 + 16);
    ParseError lex_error;
    Lexer lexer(f.text, tokens, f.comments, lex_error);
    try {
      lexer.run(static_cast<uint32_t>(utf8_bom_length(text)));
    } catch (const Abort&) {
      f.errors.push_back(lex_error);
      return f;
    }
    f.exprs.reserve(tokens.size / 2 + 4);
    Parser parser(f, tokens);
    try {
      f.root = parser.parse_file();
    } catch (const Abort&) {
      f.root = kNone;
      f.errors.resize(1);  // the first error, as the reference parser orders them
    }
  } catch (const std::bad_alloc&) {
    f.root = kNone;
    f.errors.push_back(ParseError{0, "out of memory while parsing the file"});
  } catch (...) {
    f.root = kNone;
    f.errors.push_back(ParseError{0, "internal error while parsing the file"});
  }
  return f;
}

}  // namespace hcl
}  // namespace amilint
