import { describe, expect, it } from "vitest";
import { JsonSyntaxError, parseJsonText } from "@gazette/shared";

describe("parseJsonText: a JSON file that does not parse says where", () => {
  const cases: [string, string, number, number, RegExp][] = [
    ["a missing comma", '{\n  "publishers": [\n    {"id": "a"}\n    {"id": "b"}\n  ]\n}\n', 4, 5, /comma/],
    ["a trailing comma", '{\n  "publishers": [\n    {"id": "a"},\n  ]\n}', 4, 3, /value/],
    ["single quotes", "{\n  'publishers': []\n}", 2, 3, /property name|unexpected/],
    ["a comment", '{\n  // keys\n  "publishers": []\n}', 2, 3, /comment/],
    ["a string not closed", '{\n  "publishers": "abc\n}', 2, 17, /string|control/],
  ];
  it.each(cases)("%s", (_name, text, line, column, reason) => {
    let thrown: unknown;
    try {
      parseJsonText(text, "PUBLISHERS_FILE /etc/gazette/publishers.json");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(JsonSyntaxError);
    const error = thrown as JsonSyntaxError;
    expect(error.message).toMatch(
      new RegExp(`^PUBLISHERS_FILE /etc/gazette/publishers\\.json:${line}:${column}: not valid JSON: `),
    );
    expect(error.message).toMatch(reason);
  });

  it("returns the value of valid JSON", () => {
    expect(parseJsonText('{"publishers": []}', "x")).toEqual({ publishers: [] });
  });
});
