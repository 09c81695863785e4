import { existsSync } from 'node:fs';
import { type Evidence, parseEvidence } from '@ballast/contracts';
import {
  appendDecision,
  type DecisionLogHead,
  evaluate,
  exitCode,
  loadPolicy,
  renderJUnit,
  renderJson,
  renderMarkdown,
  renderSarif,
  renderText,
  verifyDecisionLog,
} from '@ballast/policy-gates';
import { type Command, Option } from 'commander';
import { CliError } from '../shared/cli-error';
import { type CliContext, resolvePath } from '../shared/context';
import { exitCodes } from '../shared/exit-codes';
import { errorExitLine, helpEpilogue, jsonOption } from '../shared/options';
import { printJson, printLine, writeOutput } from '../shared/output';
import type { ProgramState } from '../shared/program-state';
import { readJson } from '../shared/read-json';

/** The decision formats of `ballast gate`. */
export const gateOutputs = ['text', 'json', 'junit', 'sarif', 'markdown'] as const;

interface GateCommandOptions {
  policy: string;
  evidence: string;
  output?: (typeof gateOutputs)[number];
  out?: string;
  environment?: string;
  now?: string;
  failOnWarn?: boolean;
  showPassed?: boolean;
  log?: string;
  json?: boolean;
}

interface VerifyLogOptions {
  expectedHead?: string;
  json?: boolean;
}

async function runGate(context: CliContext, state: ProgramState, options: GateCommandOptions) {
  if (!options.policy || !options.evidence) {
    throw new CliError({
      code: 'USAGE',
      message: 'ballast gate needs --policy and --evidence.',
      fix: 'run ballast gate --policy promotion.yaml --evidence evidence.json',
    });
  }
  const policyPath = resolvePath(context, options.policy);
  const policy = await loadPolicy(policyPath);
  const evidence: Evidence = parseEvidence(await readJson(context, options.evidence, 'evidence'));
  const decision = evaluate(policy, evidence, {
    ...(options.environment ? { environment: options.environment } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const output = options.output ?? (options.json ? 'json' : 'text');
  const rendered =
    output === 'json'
      ? renderJson(decision)
      : output === 'junit'
        ? renderJUnit(decision, { failOnWarn: options.failOnWarn ?? false })
        : output === 'sarif'
          ? renderSarif(decision, { policy, policyUri: options.policy })
          : output === 'markdown'
            ? renderMarkdown(decision)
            : renderText(decision, { showPassed: options.showPassed ?? false });
  await writeOutput(context, rendered, options.out);
  if (options.log) {
    const entry = await appendDecision(resolvePath(context, options.log), decision);
    if (!options.json)
      printLine(
        context,
        `Decision appended to ${options.log} (seq ${entry.seq}, hash ${entry.hash})`,
      );
  }
  if (options.out !== undefined && options.out !== '-') {
    if (options.json) printJson(context, { out: options.out, output, decision });
    else printLine(context, `Gate ${decision.outcome}; ${output} written to ${options.out}`);
  }
  state.exitCode = exitCode(decision, { failOnWarn: options.failOnWarn ?? false });
}

/** `--expected-head`: a hash, or a JSON file holding `{ sequence, hash }`. */
async function expectedHeadOf(
  context: CliContext,
  value: string | undefined,
): Promise<string | DecisionLogHead | undefined> {
  if (value === undefined) return undefined;
  if (existsSync(resolvePath(context, value))) {
    return (await readJson(context, value, 'expected head')) as DecisionLogHead;
  }
  return value;
}

async function runVerifyLog(
  context: CliContext,
  state: ProgramState,
  log: string,
  options: VerifyLogOptions,
) {
  const expectedHead = await expectedHeadOf(context, options.expectedHead);
  const verification = await verifyDecisionLog(
    resolvePath(context, log),
    expectedHead === undefined ? {} : { expectedHead },
  );
  if (options.json) printJson(context, verification);
  else printLine(context, `${verification.valid ? 'valid' : 'INVALID'}: ${verification.message}`);
  state.exitCode = verification.valid ? exitCodes.ok : exitCodes.finding;
}

/** Adds `ballast gate` and `ballast gate verify-log` to the program. */
export function registerGateCommand(
  program: Command,
  context: CliContext,
  state: ProgramState,
): Command {
  const gate = program
    .command('gate')
    .summary('evaluate a promotion policy against evidence (Conftest exit codes)')
    .description(
      'Evaluates a promotion policy (YAML or JSON) against an Evidence document and prints the decision as text, JSON, JUnit, SARIF or markdown. Exit codes follow policy-gates (Conftest with --fail-on-warn): a denial is always 2.',
    )
    .option('--policy <file>', 'policy file (.yaml, .yml, .json)')
    .option('--evidence <file>', 'Evidence document (JSON)')
    .addOption(
      new Option(
        '--output <format>',
        'decision format (default: text, or json with --json)',
      ).choices(gateOutputs),
    )
    .option('--out <file>', 'write the decision to this file instead of stdout')
    .option('--environment <name>', 'environment whose enforcement modes apply (e.g. production)')
    .option('--now <timestamp>', 'evaluate as of this ISO 8601 time (default: now)')
    .option('--fail-on-warn', 'exit 1 when the outcome is warn')
    .option('--show-passed', 'list passing rules in text output')
    .option('--log <file>', 'append the decision to this hash-chained decision log')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      helpEpilogue(
        [
          'ballast gate --policy promotion.yaml --evidence evidence.json',
          'ballast gate --policy promotion.yaml --evidence evidence.json --output sarif --out gate.sarif',
          'ballast gate verify-log .ballast/decisions.jsonl --expected-head head.json',
        ],
        [
          '0  allowed (or warn without --fail-on-warn)',
          '1  warn with --fail-on-warn',
          '2  denied',
          errorExitLine,
        ],
      ),
    )
    .action(async (options: GateCommandOptions) => runGate(context, state, options))
    // `--json` and `--out` after `verify-log` belong to verify-log, not to gate.
    .enablePositionalOptions();
  gate
    .command('verify-log')
    .summary("check a decision log's hash chain")
    .description(
      'Re-reads a decision log and checks every entry: its JSON, its hash, the link to the previous entry and the sequence. With --expected-head (a hash, or a JSON file with { sequence, hash } recorded earlier) it also detects entries cut from the end.',
    )
    .argument('<log>', 'decision log (JSON Lines)')
    .option('--expected-head <hash|file>', 'head recorded outside the log: a hash or a JSON file')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      helpEpilogue(
        [
          'ballast gate verify-log .ballast/decisions.jsonl',
          'ballast gate verify-log decisions.jsonl --expected-head 9f2c…',
        ],
        [
          '0  the log is intact',
          '1  the log is broken (the message names the first bad line)',
          errorExitLine,
        ],
      ),
    )
    .action(async (log: string, options: VerifyLogOptions) =>
      runVerifyLog(context, state, log, options),
    );
  return gate;
}
