/**
 * The contract half: what the services agree on (release, events and their signature, the index
 * document, errors, language tags, text rules). No I/O; loaded alone as `@gazette/shared/contract`.
 */
export { GazetteError, errorCatalogue, problemTypeBase, toProblem } from "./errors.ts";
export type { ErrorCode, GazetteErrorOptions, ProblemDocument } from "./errors.ts";
export { EventKeyError, EventSigner, EventVerifier, eventSignatureHeader } from "./event-signature.ts";
export type { SignatureCheck } from "./event-signature.ts";
export {
  ReleaseEventSchema,
  duplicateWindowMs,
  releaseEventMessageId,
  releaseEventSubject,
  releaseEventTypes,
  releaseReplaySubject,
  releasesIndexedSubject,
  versionHistoryLimit,
} from "./events.ts";
export type { ReleaseEvent, ReleaseEventNames, ReleaseEventType, VersionHistoryEntry } from "./events.ts";
export { unmixScripts } from "./mixed-scripts.ts";
export { publisherName } from "./publisher-names.ts";
export type { PublisherNames } from "./publisher-names.ts";
export {
  analysisLanguageOf,
  analysisLanguages,
  indexRefreshIntervalMs,
  indexVisibleAfterMs,
  primaryLanguageSubtag,
  searchFieldNames,
} from "./release-document.ts";
export type { AnalysisLanguage, ReleaseDocument, ReleaseStatus } from "./release-document.ts";
export {
  AnyHostHttpUrlSchema,
  DateTimeWithOffsetSchema,
  HttpUrlSchema,
  ImageSchema,
  InternalReleaseInputSchema,
  LanguageTagSchema,
  PublisherIdSchema,
  ReleaseInputSchema,
  ReleaseSchema,
  asciiUrl,
  publisherIdPattern,
  releaseIdFor,
} from "./release.ts";
export type { Image, Release, ReleaseInput, ValidReleaseInput } from "./release.ts";
export { cleanText, hasXmlIllegalCharacters } from "./text.ts";
export { describeIssues, describeProblems, fieldProblems, invalidInput, parseOrRefuse } from "./validation.ts";
export type { FieldProblem, ProblemWording } from "./validation.ts";
