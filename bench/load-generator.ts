/**
 * The load generator, run as a process of its own in its own session (see `requestsPerSecond`):
 * autocannon with the options given as JSON in argv[2]; prints autocannon's result as JSON.
 */
import autocannon from "autocannon";

const { datedPaths, datedBodies, ...options } = JSON.parse(process.argv[2]!) as autocannon.Options & {
  datedPaths?: { template: string; count: number };
  datedBodies?: { template: string; count: number };
};
// Paths in turn (a search with a different filter each time, so no cache answers): autocannon's own hook.
let next = 0;
const dated = (template: string, i: number) =>
  template.replace("{date}", new Date(i * 86_400_000).toISOString().slice(0, 10));
const requests =
  datedPaths !== undefined
    ? [
        {
          setupRequest: (request: autocannon.Request) => ({
            ...request,
            path: dated(datedPaths.template, next++ % datedPaths.count),
          }),
        },
      ]
    : datedBodies !== undefined
      ? [
          {
            setupRequest: (request: autocannon.Request) => ({
              ...request,
              body: dated(datedBodies.template, next++ % datedBodies.count),
            }),
          },
        ]
      : undefined;
const result = await autocannon({ ...options, ...(requests === undefined ? {} : { requests }) });
process.stdout.write(JSON.stringify(result));
