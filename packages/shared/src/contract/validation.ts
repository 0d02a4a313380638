import type { z } from "zod";
import { GazetteError, type ErrorCode } from "./errors.ts";

/**
 * One bad input of a request, as a problem document lists it under `errors`: the same member names
 * in every service, whether the input is a body field, a query parameter or a form field.
 */
export interface FieldProblem {
  /** Dotted path of the input (`images.0.url`, `q`, `hub.callback`); `(root)` for the whole input. */
  field: string;
  message: string;
}

/** How problems name the input as a whole (`(body)`, `(query)`) and what an input is called (`field`, `parameter`). */
export interface ProblemWording {
  root?: string;
  noun?: string;
}

/** zod's issues as field problems; each unknown key is a problem of its own, at its own path. */
export function fieldProblems(
  issues: readonly z.core.$ZodIssue[],
  { root = "(root)", noun = "field" }: ProblemWording = {},
): FieldProblem[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys" && issue.keys.length > 0) {
      return issue.keys.map((key) => ({ field: [...path, key].join("."), message: `unknown ${noun}` }));
    }
    return [{ field: path.join(".") || root, message: issue.message }];
  });
}

/** `field: message; …`: problems in one line, for a detail or a log. */
export function describeProblems(problems: readonly FieldProblem[]): string {
  return problems.map((problem) => `${problem.field}: ${problem.message}`).join("; ");
}

/** zod's issues in one line (for errors that are not HTTP answers: files, events). */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return describeProblems(fieldProblems(issues));
}

/** A 400-class GazetteError listing its field problems under `errors`; `prefix` leads the detail. */
export function invalidInput(code: ErrorCode, problems: FieldProblem[], prefix = ""): GazetteError {
  return new GazetteError(code, `${prefix}${describeProblems(problems)}`, { extensions: { errors: problems } });
}

/** `schema`'s output for `input`, or `code` (VALIDATION_FAILED unless given) naming every bad input. */
export function parseOrRefuse<S extends z.ZodType>(
  schema: S,
  input: unknown,
  options: ProblemWording & { code?: ErrorCode; prefix?: string } = {},
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw invalidInput(options.code ?? "VALIDATION_FAILED", fieldProblems(parsed.error.issues, options), options.prefix);
}
