// A child process for the decision log's kill-loop test. Bundled to plain JS by the test (see
// buildDecisionLogWorker) and forked: appends decisions to <path> forever, sending
// { seq, hash } over IPC after each acknowledged append, until it is killed.
import { appendDecision } from '../decision/decision-log';
import { mixedDecision } from './decisions';

const [path] = process.argv.slice(2);
const decision = mixedDecision();
const send = (message: unknown) =>
  new Promise<void>(resolve => process.send!(message, () => resolve()));

for (let index = 0; ; index += 1) {
  const entry = await appendDecision(path!, { ...decision, environment: `env-${index}` });
  await send({ seq: entry.seq, hash: entry.hash });
}
