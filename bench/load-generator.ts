/**
 * The load generator, run as a process of its own in its own session (see `requestsPerSecond`):
 * autocannon with the options given as JSON in argv[2]; prints autocannon's result as JSON.
 */
import autocannon from "autocannon";

const options = JSON.parse(process.argv[2]!) as autocannon.Options;
const result = await autocannon(options);
process.stdout.write(JSON.stringify(result));
