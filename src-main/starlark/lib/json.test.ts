import { describe, expect, it } from 'vitest';
import { evalToString } from '../runtime/methods/eval-for-tests';
import { json } from './json';
import { math } from './math';
import { module, struct } from './struct';
import { time } from './time';
import type { Value } from '../runtime/value';

const env = new Map<string, Value>([
  ['json', json],
  ['math', math],
  ['time', time],
  ['struct', struct],
  ['module', module],
]);

// Each case: a Starlark expression and what go.starlark.net at Choreo's version prints for it
// (its repr, or "error: " and the message), recorded from the Go reference.
const cases: [string, string][] = [
  ['json.encode(None)', '"null"'],
  ['json.encode(True)', '"true"'],
  ['json.encode(-123)', '"-123"'],
  ['json.encode(12345*12345*12345*12345*12345*12345)', '"3539537889086624823140625"'],
  ['json.encode(float(12345*12345*12345*12345*12345*12345))', '"3.539537889086625e+24"'],
  [
    'json.encode([1.0, 1e6, 1.5, 123456789.0, 1e-5, -0.0, 1e21, 0.1, 100.0])',
    '"[1,1e+06,1.5,1.23456789e+08,1e-05,-0,1e+21,0.1,100]"',
  ],
  ['json.encode("hello")', '"\\"hello\\""'],
  ['json.encode("q\\"b\\\\s/\\x7f")', '"\\"q\\\\\\"b\\\\\\\\s/\\\\x7f\\""'],
  [
    'json.encode("tab\\there\\nnl\\r\\b\\f\\x01\\x1f")',
    '"\\"tab\\\\there\\\\nnl\\\\r\\\\b\\\\f\\\\u0001\\\\u001f\\""',
  ],
  ['json.encode("é<>&\\u2028\\u2029")', '"\\"é\\\\u003c\\\\u003e\\\\u0026\\\\u2028\\\\u2029\\""'],
  ['json.encode("😹"[:1])', '"\\"\\\\ufffd\\""'],
  ['json.encode("x" + "😹"[:1] + "y")', '"\\"x\\\\ufffdy\\""'],
  ['json.encode("<")', '"\\"<\\""'],
  ['json.encode([1, (2, 3), range(2), set([4])])', '"[1,[2,3],[0,1],[4]]"'],
  [
    'json.encode({"b": 1, "a": {"d": [], "c": {}}})',
    '"{\\"a\\":{\\"c\\":{},\\"d\\":[]},\\"b\\":1}"',
  ],
  ['json.encode({"é": 1, "e": 2, "E": 3})', '"{\\"E\\":3,\\"e\\":2,\\"é\\":1}"'],
  ['json.encode(struct(x=1, y="two"))', '"{\\"x\\":1,\\"y\\":\\"two\\"}"'],
  ['json.encode(struct())', '"{}"'],
  ['json.encode(module("m", a=1, b=[2]))', '"{\\"a\\":1,\\"b\\":[2]}"'],
  ['json.encode("abc".elems())', '"[\\"a\\",\\"b\\",\\"c\\"]"'],
  ['json.encode("abc".codepoint_ords())', '"[97,98,99]"'],
  [
    'json.encode(b"ab")',
    'error: json.encode: in field .elems: cannot encode builtin_function_or_method as JSON',
  ],
  ['json.encode(float("nan"))', 'error: json.encode: cannot encode non-finite float nan'],
  ['json.encode(float("-inf"))', 'error: json.encode: cannot encode non-finite float -inf'],
  ['json.encode({1: "two"})', 'error: json.encode: dict has int key, want string'],
  [
    'json.encode({"9": 9, "10": 10, "0": 0, "11": 11, "1": 1, "2": 2, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8})',
    '"{\\"0\\":0,\\"1\\":1,\\"10\\":10,\\"11\\":11,\\"2\\":2,\\"4\\":4,\\"5\\":5,\\"6\\":6,\\"7\\":7,\\"8\\":8,\\"9\\":9}"',
  ],
  ['json.encode({"a": 1, "b": 2, 3: 4})', 'error: json.encode: dict has int key, want string'],
  ['json.encode(len)', 'error: json.encode: cannot encode builtin_function_or_method as JSON'],
  [
    'json.encode(struct(x=[1, {"x": len}]))',
    'error: json.encode: in field .x: at list index 1: in dict key "x": cannot encode builtin_function_or_method as JSON',
  ],
  [
    'json.encode({"a": [1, {"b": float("inf")}]})',
    'error: json.encode: in dict key "a": at list index 1: in dict key "b": cannot encode non-finite float +inf',
  ],
  [
    'json.encode([[1, [2, len]]])',
    'error: json.encode: at list index 0: at list index 1: at list index 1: cannot encode builtin_function_or_method as JSON',
  ],
  ['json.encode()', 'error: json.encode: got 0 arguments, want 1'],
  ['json.encode(1, 2)', 'error: json.encode: got 2 arguments, want 1'],
  ['json.encode(x=1)', 'error: json.encode: unexpected keyword arguments'],
  [
    'json.encode(json)',
    'error: json.encode: in field .decode: cannot encode builtin_function_or_method as JSON',
  ],
  [
    'json.encode(time.parse_duration("1s"))',
    '"{\\"hours\\":0.0002777777777777778,\\"microseconds\\":1000000,\\"milliseconds\\":1000,\\"minutes\\":0.016666666666666666,\\"nanoseconds\\":1000000000,\\"seconds\\":1}"',
  ],
  ['json.decode("null")', 'None'],
  ['json.decode(" true ")', 'True'],
  ['json.decode("false")', 'False'],
  ['json.decode("-123")', '-123'],
  ['json.decode("-0")', '0'],
  ['json.decode("3539537889086624823140625")', '3539537889086624823140625'],
  ['json.decode("3539537889086624823140625.0")', '3.539537889086625e+24'],
  ['json.decode("1e-400")', '0.0'],
  ['json.decode("1e400")', 'error: json.decode: at offset 5, invalid number: 1e400'],
  ['json.decode("-0.0")', '-0.0'],
  ['json.decode("0e+1")', '0.0'],
  ['json.decode("1.")', '1.0'],
  ['json.decode("1.e5")', '100000.0'],
  ['json.decode("-.5")', '-0.5'],
  ['json.decode("1E5")', '100000.0'],
  ['json.decode("[]")', '[]'],
  [
    'json.decode(json.encode(["ab", "c\\"d", "e", "f\\\\g", "h"]))',
    '["ab", "c\\"d", "e", "f\\\\g", "h"]',
  ],
  ['json.decode(" [ \\"x\\" , {\\"k\\" : \\"v\\\\n\\"} ] ")', '["x", {"k": "v\\n"}]'],
  ['json.decode("[\\"a\\", \\"b")', 'error: json.decode: at offset 6, unclosed string literal'],
  ['json.decode("[1, [2, {}], {\\"a\\": null}]")', '[1, [2, {}], {"a": None}]'],
  ['json.decode("{\\"one\\": 1, \\"two\\": 2, \\"one\\": 3}")', '{"one": 3, "two": 2}'],
  ['json.decode("\\"a\\\\u0000b\\"")', '"a\\x00b"'],
  ['json.decode("\\"\\\\ud83d\\\\ude39\\\\ud83d\\\\udc8d\\"")', '"😹💍"'],
  ['json.decode("\\"\\\\ud83d x\\"")', '"� x"'],
  ['json.decode("\\"\\\\ude39\\"")', '"�"'],
  ['json.decode("\\"\\\\ud83d\\\\u0041\\"")', '"�A"'],
  [
    'json.decode("\\"\\\\u0123\\\\n\\\\t\\\\/\\\\\\\\\\\\\\"\\\\b\\\\f\\\\r\\"")',
    '"ģ\\n\\t/\\\\\\"\\b\\f\\r"',
  ],
  ['json.decode("\\"é\\"")', '"é"'],
  ['json.decode("\\"a" + "😹"[:1] + "b\\"")', '"a�b"'],
  ['json.decode("\\"\\x7f\\"")', '"\\x7f"'],
  ['json.decode("\\"a\\nb\\"")', '"a\\nb"'],
  [
    'json.decode("\\"a\\\\qb\\"")',
    "error: json.decode: at offset 6, invalid character 'q' in string escape code",
  ],
  [
    'json.decode("\\"\\\\u12g4\\"")',
    "error: json.decode: at offset 8, invalid character 'g' in \\u hexadecimal character escape",
  ],
  [
    'json.decode("truefalse")',
    "error: json.decode: at offset 4, unexpected character 'f' after value",
  ],
  ['json.decode("\\"abc")', 'error: json.decode: at offset 0, unclosed string literal'],
  ['json.decode("\'abc\'")', "error: json.decode: at offset 0, unexpected character '\\''"],
  ['json.decode("1.2.3")', 'error: json.decode: at offset 5, invalid number: 1.2.3'],
  ['json.decode("+1")', "error: json.decode: at offset 0, unexpected character '+'"],
  ['json.decode("-abc")', 'error: json.decode: at offset 1, invalid number: -'],
  ['json.decode("-")', 'error: json.decode: at offset 1, invalid number: -'],
  ['json.decode("-00")', 'error: json.decode: at offset 3, invalid number: -00'],
  ['json.decode("00")', 'error: json.decode: at offset 2, invalid number: 00'],
  ['json.decode("--1")', 'error: json.decode: at offset 3, invalid number: --1'],
  ['json.decode("1e1e1")', 'error: json.decode: at offset 5, invalid number: 1e1e1'],
  ['json.decode("0123")', 'error: json.decode: at offset 4, invalid number: 0123'],
  ['json.decode("0x123")', "error: json.decode: at offset 1, unexpected character 'x' after value"],
  ['json.decode("[1, 2 ")', 'error: json.decode: at offset 6, unexpected end of file'],
  ['json.decode("[1, 2, ]")', "error: json.decode: at offset 7, unexpected character ']'"],
  ['json.decode("[1, 2}")', "error: json.decode: at offset 5, got '}', want ',' or ']'"],
  ['json.decode("{\\"one\\": 1")', 'error: json.decode: at offset 9, unexpected end of file'],
  [
    'json.decode("{\\"one\\" 1")',
    "error: json.decode: at offset 7, after object key, got '1', want ':' ",
  ],
  [
    'json.decode("{\\"one\\": 1 \\"two\\": 2")',
    "error: json.decode: at offset 10, in object, got '\"', want ',' or '}'",
  ],
  ['json.decode("{\\"one\\": 1, }")', "error: json.decode: at offset 11, unexpected character '}'"],
  [
    'json.decode("{\\"one\\": 1]")',
    "error: json.decode: at offset 9, in object, got ']', want ',' or '}'",
  ],
  ['json.decode("{1: 2}")', 'error: json.decode: at offset 2, got int for object key, want string'],
  ['json.decode("")', 'error: json.decode: at offset 0, unexpected end of file'],
  ['json.decode("   ")', 'error: json.decode: at offset 3, unexpected end of file'],
  ['json.decode("nul")', "error: json.decode: at offset 0, unexpected character 'n'"],
  ['json.decode("\\x00")', "error: json.decode: at offset 0, unexpected character '\\x00'"],
  ['json.decode("é")', "error: json.decode: at offset 0, unexpected character 'Ã'"],
  ['json.decode("[1] x")', "error: json.decode: at offset 4, unexpected character 'x' after value"],
  ['json.decode("{", default=None)', 'None'],
  ['json.decode("{", 7)', '7'],
  ['json.decode("[1]", default=7)', '[1]'],
  ['json.decode(x="1")', 'error: json.decode: unexpected keyword argument x'],
  ['json.decode(1)', 'error: json.decode: for parameter x: got int, want string'],
  ['json.decode()', 'error: json.decode: missing argument for x'],
  ['json.decode("1", 2, 3)', 'error: json.decode: got 3 arguments, want at most 2'],
  [
    'json.indent(json.encode(dict(x = 1, y = ["one", "two"])))',
    '"{\\n\\t\\"x\\": 1,\\n\\t\\"y\\": [\\n\\t\\t\\"one\\",\\n\\t\\t\\"two\\"\\n\\t]\\n}"',
  ],
  [
    'json.indent("{\\"x\\": 1, \\"y\\": [\\"one\\", \\"two\\"]}", prefix="¶", indent="–––")',
    '"{\\n¶–––\\"x\\": 1,\\n¶–––\\"y\\": [\\n¶––––––\\"one\\",\\n¶––––––\\"two\\"\\n¶–––]\\n¶}"',
  ],
  ['json.indent("  [ ]  ")', '"[]  "'],
  ['json.indent("{}")', '"{}"'],
  [
    'json.indent("[1,{},[],{\\"a\\":[]}]", indent="  ")',
    '"[\\n  1,\\n  {},\\n  [],\\n  {\\n    \\"a\\": []\\n  }\\n]"',
  ],
  ['json.indent("\\"a, b: c\\"")', '"\\"a, b: c\\""'],
  [
    'json.indent("!@#$%^& this is not json")',
    "error: json.indent: invalid character '!' looking for beginning of value",
  ],
  ['json.indent("[1, 2")', 'error: json.indent: unexpected end of JSON input'],
  ['json.indent("[1 2]")', "error: json.indent: invalid character '2' after array element"],
  ['json.indent("{\\"a\\" 1}")', "error: json.indent: invalid character '1' after object key"],
  [
    'json.indent("{\\"a\\": 1 2}")',
    "error: json.indent: invalid character '2' after object key:value pair",
  ],
  [
    'json.indent("{1: 2}")',
    "error: json.indent: invalid character '1' looking for beginning of object key string",
  ],
  [
    'json.indent("tru")',
    "error: json.indent: invalid character ' ' in literal true (expecting 'e')",
  ],
  [
    'json.indent("trux")',
    "error: json.indent: invalid character 'x' in literal true (expecting 'e')",
  ],
  [
    'json.indent("nulx")',
    "error: json.indent: invalid character 'x' in literal null (expecting 'l')",
  ],
  [
    'json.indent("fals")',
    "error: json.indent: invalid character ' ' in literal false (expecting 'e')",
  ],
  [
    'json.indent("1.x")',
    "error: json.indent: invalid character 'x' after decimal point in numeric literal",
  ],
  [
    'json.indent("1ex")',
    "error: json.indent: invalid character 'x' in exponent of numeric literal",
  ],
  ['json.indent("-x")', "error: json.indent: invalid character 'x' in numeric literal"],
  ['json.indent("\\"\\\\x\\"")', "error: json.indent: invalid character 'x' in string escape code"],
  [
    'json.indent("\\"\\\\u00zz\\"")',
    "error: json.indent: invalid character 'z' in \\u hexadecimal character escape",
  ],
  ['json.indent("\\"a\\tb\\"")', "error: json.indent: invalid character '\\t' in string literal"],
  ['json.indent("1 2")', "error: json.indent: invalid character '2' after top-level value"],
  ['json.indent("")', 'error: json.indent: unexpected end of JSON input'],
  ['json.indent(1)', 'error: json.indent: for parameter 1: got int, want string'],
  ['json.indent("1", "x")', 'error: json.indent: got 2 arguments, want 1'],
  ['json.indent("1", pre="x")', 'error: json.indent: unexpected keyword argument "pre"'],
  [
    'json.indent("[" * 10001 + "]" * 10001) == ""',
    "error: json.indent: invalid character '[' exceeded max depth",
  ],
  ['dir(json)', '["decode", "encode", "indent"]'],
  ['json', '<module "json">'],
  ['json.indent("true}")', "error: json.indent: invalid character '}' after top-level value"],
  ['json.indent("[1]]")', "error: json.indent: invalid character ']' after top-level value"],
  [
    'json.indent("  [1, {\\"a\\": []}]  ", prefix="> ", indent="  ")',
    '"[\\n>   1,\\n>   {\\n>     \\"a\\": []\\n>   }\\n> ]  "',
  ],
];

describe('json module, as go.starlark.net', () => {
  it.each(cases)('%s', (expr, want) => {
    expect(evalToString(expr, env)).toBe(want);
  });
});
