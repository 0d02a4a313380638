/**
 * Consuming release events: batches, the release handler, dead letters.
 */
export { deadLetterNames, ensureDeadLetterStream, listDeadLetters, redriveDeadLetters } from "./dead-letters.ts";
export type { DeadLetter } from "./dead-letters.ts";
export { EventProcessor, indexerConsumer } from "./event-processor.ts";
export type { DocumentWriter } from "./event-processor.ts";
export { decideEvent } from "./release-handler.ts";
export type { EventTrust } from "./release-handler.ts";
