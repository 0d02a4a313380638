import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";

/** A JSON file (or text) that does not parse: says where, as `file:line:column`, and what is wrong. */
export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(source: string, line: number, column: number, reason: string, options?: ErrorOptions) {
    super(`${source}:${line}:${column}: ${reason}`, options);
    this.name = "JsonSyntaxError";
    this.line = line;
    this.column = column;
  }
}

/** Line and column (both from 1) of a character offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

const reasons: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "malformed number",
  PropertyNameExpected: "a property name in double quotes is expected",
  ValueExpected: "a value is expected",
  ColonExpected: "a colon is expected",
  CommaExpected: "a comma is expected",
  CloseBraceExpected: "a closing brace } is expected",
  CloseBracketExpected: "a closing bracket ] is expected",
  EndOfFileExpected: "nothing may follow the JSON value",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "comments are not allowed in JSON",
  UnexpectedEndOfString: "a string is not closed",
  UnexpectedEndOfNumber: "a number is cut off",
  InvalidUnicode: "invalid \\u escape",
  InvalidEscapeCharacter: "invalid escape character",
  InvalidCharacter: "a control character inside a string",
};

/**
 * `JSON.parse`, with a failure located: V8's messages quote the text but give no line, so the text is
 * scanned again (jsonc-parser, strict: no comments, no trailing commas) to find the first fault.
 */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const errors: ParseError[] = [];
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const at = lineAndColumn(text, first?.offset ?? 0);
    const reason =
      first === undefined
        ? (error as Error).message
        : (reasons[printParseErrorCode(first.error)] ?? printParseErrorCode(first.error));
    throw new JsonSyntaxError(source, at.line, at.column, `not valid JSON: ${reason}`, { cause: error });
  }
}
