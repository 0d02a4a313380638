/**
 * Delivery reports: what each publisher's releases reached, by day (ingest writes, feeds counts, both read).
 */
export { DeliveryReportRecorder, openReportBucket, readDeliveryReport, reportDay } from "./delivery-report-store.ts";
export type { DeliveryReport } from "./delivery-report-store.ts";
export { latencyBucketsMs, readerFamilies, readerFamilyOf, reportQuery } from "./delivery-report.ts";
export type { DailyReport, ReaderFamily, ReportDelta } from "./delivery-report.ts";
