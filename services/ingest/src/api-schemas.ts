import { z } from "zod";
import { errorCatalogue, ReleaseInputSchema, releaseEventTypes, ReleaseSchema } from "@gazette/shared";

/** The body of a withdrawal. */
export const WithdrawalSchema = z.strictObject({
  reason: z.string().trim().min(1).max(2000).describe("Why the release is withdrawn; shown to aggregators."),
});

/** Most releases one batch may carry. */
export const maxBatchSize = 100;

/** A batch as the OpenAPI document describes it (ingest reads the list first, then each item on its own). */
export const BatchRequestSchema = z.strictObject({ releases: z.array(ReleaseInputSchema).min(1).max(maxBatchSize) });

export const SubmissionStatusSchema = z.enum(["published", "updated", "embargoed", "withdrawn", "unchanged"]);

/** What a write answers (202, or 200 when unchanged). */
export const SubmissionResultSchema = z.strictObject({
  id: z.string().describe("Gazette's id of the release: `<publisher>-<32 hex digits>`, stable for its life."),
  version: z.number().int().positive(),
  status: SubmissionStatusSchema,
});

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(errorCatalogue) as [keyof typeof errorCatalogue, ...(keyof typeof errorCatalogue)[]]),
    instance: z.string().optional(),
    errors: z
      .array(z.strictObject({ field: z.string(), message: z.string() }))
      .optional()
      .describe("For VALIDATION_FAILED: each bad field."),
  })
  .describe("RFC 9457 problem details");

export const BatchResponseSchema = z.strictObject({
  results: z.array(
    z.union([
      SubmissionResultSchema.extend({ index: z.number().int(), externalId: z.string().optional() }),
      z.strictObject({
        index: z.number().int(),
        externalId: z.string().optional(),
        status: z.literal("failed"),
        problem: ProblemSchema,
      }),
    ]),
  ),
});

export const ReleaseStateSchema = z.strictObject({
  status: z.enum(["published", "embargoed", "withdrawn"]),
  release: ReleaseSchema,
  withdrawal: z.strictObject({ reason: z.string(), at: z.string() }).optional(),
});

export const VersionListSchema = z.strictObject({
  versions: z.array(
    z.strictObject({
      version: z.number().int(),
      event: z.enum(releaseEventTypes),
      updatedAt: z.string(),
      published: z.boolean(),
    }),
  ),
});
