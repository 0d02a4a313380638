/**
 * The load generator, run as a process of its own in its own session (see `requestsPerSecond`):
 * autocannon with the options given as JSON in argv[2]; prints autocannon's result as JSON.
 */
import autocannon from "autocannon";

const { paths, ...options } = JSON.parse(process.argv[2]!) as autocannon.Options & { paths?: string[] };
// Paths in turn (a search with a different filter each time, so no cache answers): autocannon's own hook.
let next = 0;
const requests =
  paths === undefined
    ? undefined
    : [{ setupRequest: (request: autocannon.Request) => ({ ...request, path: paths[next++ % paths.length]! }) }];
const result = await autocannon({ ...options, ...(requests === undefined ? {} : { requests }) });
process.stdout.write(JSON.stringify(result));
