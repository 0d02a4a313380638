import { describe, expect, it } from "vitest";
import { ConnectionError as NatsConnectionError } from "@nats-io/transport-node";
import { errors as openSearchErrors } from "@opensearch-project/opensearch";
import { ConfigError, explainStartupError, natsStartCommand } from "@gazette/shared";

const settings = {
  NATS_URL: "nats://127.0.0.1:4999",
  OPENSEARCH_URL: "http://127.0.0.1:9299",
  portVariable: "INGEST_PORT",
};

describe("explainStartupError: what a newcomer reads when a service cannot start", () => {
  it("names a port that is taken, by whom, and the variable that moves it", () => {
    const error = Object.assign(new Error("listen EADDRINUSE: address already in use 0.0.0.0:8081"), {
      code: "EADDRINUSE",
      port: 8081,
    });
    expect(explainStartupError(error, settings, () => "nginx (pid 42)")).toBe(
      "port 8081 is already in use by nginx (pid 42): stop that process, or set INGEST_PORT to a free port.",
    );
    expect(explainStartupError(error, settings, () => undefined)).toBe(
      "port 8081 is already in use: stop that process, or set INGEST_PORT to a free port.",
    );
  });

  it("gives the exact command that starts NATS when it does not answer", () => {
    // What the NATS client throws when nothing listens.
    const error = new NatsConnectionError("connection refused");
    const text = explainStartupError(error, settings);
    expect(text).toContain("NATS at nats://127.0.0.1:4999 does not answer");
    expect(text).toContain(natsStartCommand);
  });

  it("says how to get an OpenSearch when none answers", () => {
    const error = new openSearchErrors.ConnectionError("connect ECONNREFUSED 127.0.0.1:9299");
    expect(explainStartupError(error, settings)).toMatch(
      /^OpenSearch at http:\/\/127\.0\.0\.1:9299 does not answer .*npm run opensearch:local/,
    );
  });

  it("passes a bad setting through as it is, naming the variable", () => {
    expect(explainStartupError(new ConfigError([{ variable: "INGEST_PORT", message: "too big" }]), settings)).toBe(
      "Invalid configuration:\n  INGEST_PORT: too big",
    );
  });
});
