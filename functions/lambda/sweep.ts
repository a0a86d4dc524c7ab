import { SFNClient } from '@aws-sdk/client-sfn';
import { SIGNALS } from '../../shared/model/signals';
import { sweepUnstarted } from '../../shared/pipeline/ops';
import { requireEnv } from '../adapters/aws';
import { SfnStarter } from '../adapters/sfn';
import { awsDeps } from '../deps';
import { observedJob, signals } from '../observability/observe';

const deps = awsDeps();
const starter = new SfnStarter(new SFNClient({}), requireEnv('STATE_MACHINE_ARN'));
const olderThanMs = Number(requireEnv('SWEEP_AFTER_SECONDS')) * 1000;

/** Every few minutes (infra/constructs/ops-jobs.ts): start the uploads whose event never started the flow. */
export const handler = observedJob(
  'sweep',
  async () => {
    const report = await sweepUnstarted(deps, starter, { olderThanMs });
    signals({ name: SIGNALS.swept, value: report.started.length, unit: 'Count' });
    return report;
  },
  (r) => ({ checked: r.checked, started: r.started, awaitingUpload: r.awaitingUpload, notStarted: r.notStarted }),
);
