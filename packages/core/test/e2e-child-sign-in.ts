// Child process for e2e-resume.test.ts: starts a sign-in against the emulator and prints the pending step as
// JSON on stdout, then exits. Run with `node --conditions=@cogflow/source --import tsx`.

import { createAuthClient, signIn } from '../src/index.js';
import { nobleHash } from '../src/srp/index.js';
import { fetchTransport, memoryStore, nodeRandom } from './client-helpers.js';

const { COGFLOW_ENDPOINT, COGFLOW_POOL_ID, COGFLOW_CLIENT_ID, COGFLOW_USERNAME, COGFLOW_PASSWORD } =
  process.env;
const client = createAuthClient({
  userPoolId: COGFLOW_POOL_ID!,
  clientId: COGFLOW_CLIENT_ID!,
  transport: fetchTransport(COGFLOW_ENDPOINT!),
  store: memoryStore(),
  random: nodeRandom,
  clock: { now: () => Date.now() },
  hash: nobleHash,
});
const result = await signIn(client, { username: COGFLOW_USERNAME!, password: COGFLOW_PASSWORD! });
if (result.status !== 'CHALLENGE') {
  process.stderr.write(`expected a challenge, got ${result.status}\n`);
  process.exit(1);
}
process.stdout.write(`${JSON.stringify({ step: result.step, pending: result.pending })}\n`);
