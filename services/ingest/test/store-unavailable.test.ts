import { describe, expect, it } from "vitest";
import { NoRespondersError, RequestError, TimeoutError } from "@nats-io/transport-node";
import { storeUnavailable } from "../src/releases/release-store.ts";

/** What the client throws when no server takes a JetStream request (a request error caused by no responders). */
const noResponders = () =>
  new Error("jetstream is not enabled", {
    cause: new RequestError("no responders", { cause: new NoRespondersError("$JS.API.STREAM.MSG.GET") }),
  });

/**
 * A write NATS did not confirm in time may have been stored all the same (the cluster drills found one:
 * the stream's leader killed after it took the write, ingest answered 503, and the release was at that
 * version once a new leader was elected). The answer must not promise that nothing was written.
 */
describe("the 503 when the release store does not answer", () => {
  it("says a write sent but not confirmed in time may have been stored, and that sending it again is safe", () => {
    const error = storeUnavailable(new TimeoutError(), true);
    expect([error.code, error.status, error.headers["Retry-After"]]).toEqual(["EVENT_STORE_UNAVAILABLE", 503, "5"]);
    expect(error.message).toMatch(/may have been stored/);
    expect(error.message).toMatch(/200 unchanged/);
  });

  it("says nothing was stored when no server took the write", () => {
    const error = storeUnavailable(noResponders(), true);
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/nothing was stored/);
  });

  it("makes no claim about writes on a failed read", () => {
    const error = storeUnavailable(new TimeoutError());
    expect(error.message).toBe("The release store did not answer; retry later.");
  });
});
