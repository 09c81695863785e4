// `pnpm --filter @ballast-examples/promotion-gate start [--drift]`: one promotion attempt on
// embedded defaults, in .ballast/ under the current directory.
import { runPromotionPipeline } from './promotion-pipeline';

const drifted = process.argv.includes('--drift');
const result = await runPromotionPipeline({
  servingAmountScale: drifted ? 3 : 1,
  approvals: [{ approver: 'bob@example.com', decision: 'approved', at: new Date().toISOString() }],
});
console.log(result.summary);
console.log(
  result.promoted
    ? `fraud-detector version ${result.version} is now the champion.`
    : `fraud-detector version ${result.version} was not promoted.`,
);
console.log(
  `registry: ${result.paths.registry}\nlineage: ${result.paths.lineage}\ndecisions: ${result.paths.decisions}`,
);
process.exitCode = result.promoted ? 0 : 2;
