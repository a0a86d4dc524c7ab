import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { ValidationError } from '../../shared/model/errors';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import { migrateStoredDocuments } from '../../shared/pipeline/layout-migration';
import {
  operatorIdentity,
  type RedriveSelection,
  redriveDocuments,
  replayDeadLetters,
  SWEEP_AFTER_MS,
  sweepUnstarted,
} from '../../shared/pipeline/ops';
import type { DeadLetters, EventRedelivery, WorkflowStarter } from '../../shared/ports';

export const OPS_USAGE = `  gongkai ops redrive --document ID | --failed-since YYYY-MM-DD   re-run what a step of the system failed
  gongkai ops replay-dlq [--max N]                  deliver the dead-lettered upload events again
  gongkai ops sweep [--older-than-minutes N]        start uploads whose event never started the flow (default 5)
  gongkai ops migrate                               after an upgrade: bring the stored documents to today's layout
                                                    (their index keys, their open tasks' summaries; safe to run again)
      each re-run is audited as cli:<--actor, default the OS user>
      the local runtime (default, it must be running): [--data-dir DIR]
      a deployment: --table NAME --state-machine ARN [--intake-bucket NAME] [--dead-letter-queue URL]
        (or GONGKAI_TABLE, GONGKAI_STATE_MACHINE, GONGKAI_INTAKE_BUCKET, GONGKAI_DEAD_LETTER_QUEUE; the stack's outputs)`;

/** What `gongkai ops` works on: the same use cases and adapters, a deployment's or the local runtime's. */
export interface OpsTarget {
  readonly deps: PipelineDeps;
  readonly starter: WorkflowStarter & EventRedelivery;
  readonly deadLetters: DeadLetters;
  close(): Promise<void>;
}

export interface OpsEnvironment {
  /** Reaches the running local runtime: passed in by the bin, which may load the local tooling. */
  readonly connectLocalOps?: (options: { dataDir?: string }) => Promise<OpsTarget>;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const OPTIONS = {
  document: { type: 'string' },
  'failed-since': { type: 'string' },
  max: { type: 'string' },
  'older-than-minutes': { type: 'string' },
  actor: { type: 'string' },
  'data-dir': { type: 'string' },
  table: { type: 'string' },
  'state-machine': { type: 'string' },
  'intake-bucket': { type: 'string' },
  'dead-letter-queue': { type: 'string' },
} as const;

type Values = Partial<Record<keyof typeof OPTIONS, string>>;

const DEPLOYMENT = {
  table: 'GONGKAI_TABLE',
  'state-machine': 'GONGKAI_STATE_MACHINE',
  'intake-bucket': 'GONGKAI_INTAKE_BUCKET',
  'dead-letter-queue': 'GONGKAI_DEAD_LETTER_QUEUE',
} as const;

/** A deployment, with the AWS credentials and region of the environment. */
async function deploymentTarget(settings: Partial<Record<keyof typeof DEPLOYMENT, string>>): Promise<OpsTarget> {
  const [{ DynamoDBClient }, { S3Client }, { SFNClient }, { SQSClient }, aws, wiring, sfn, sqs] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-sfn'),
    import('@aws-sdk/client-sqs'),
    import('../adapters/aws'),
    import('../deps'),
    import('../adapters/sfn'),
    import('../adapters/sqs-dead-letters'),
  ]);
  const stateMachine = settings['state-machine'];
  if (!stateMachine) throw new ValidationError('a deployment needs --state-machine (the StateMachineArn output)');
  const clients = { dynamo: new DynamoDBClient({}), s3: new S3Client(aws.S3_CLIENT_DEFAULTS) };
  const sfnClient = new SFNClient({});
  const sqsClient = new SQSClient({});
  const missing = (what: string, option: string): never => {
    throw new ValidationError(`this command needs ${option} (the stack's ${what} output)`);
  };
  const deps = wiring.buildDeps({
    tableName: settings.table ?? '',
    intakeBucket: settings['intake-bucket'] ?? '',
    // Ops never touch public copies.
    publicBucket: '',
    publicBaseUrl: '',
    ...clients,
  });
  const queue = settings['dead-letter-queue'];
  return {
    deps,
    starter: new sfn.SfnStarter(sfnClient, stateMachine),
    deadLetters: queue
      ? new sqs.SqsDeadLetters(sqsClient, queue)
      : { receive: () => missing('DeadLetterQueueUrl', '--dead-letter-queue'), remove: async () => {} },
    async close() {
      for (const client of [clients.dynamo, clients.s3, sfnClient, sqsClient]) client.destroy();
    },
  };
}

function wholeNumber(raw: string | undefined, name: string, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || String(n) !== raw.trim()) {
    throw new ValidationError(`--${name} must be a whole number ≥ ${min}, got "${raw}"`);
  }
  return n;
}

/** Which documents `redrive` re-runs: exactly one of the two options. */
function selectionOf(values: Values): RedriveSelection {
  const { document, 'failed-since': since } = values;
  if ((document === undefined) === (since === undefined)) {
    throw new ValidationError('redrive takes one of --document ID or --failed-since YYYY-MM-DD');
  }
  if (document !== undefined) {
    if (!/^[A-Za-z0-9._-]{1,200}$/.test(document))
      throw new ValidationError(`--document "${document}" is not a document id`);
    return { documentId: document };
  }
  return { failedSince: since as string };
}

/** Runs `gongkai ops …`; the report as JSON, exit 1 when something was left for a person to look at. */
export async function runOps(
  argv: string[],
  environment: OpsEnvironment,
): Promise<{ readonly value: unknown; readonly exitCode: number }> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  const [command, ...extra] = positionals;
  if (extra.length > 0) throw new ValidationError(`unexpected arguments: ${extra.join(' ')}`);
  const allowed: Record<string, readonly (keyof typeof OPTIONS)[]> = {
    redrive: ['document', 'failed-since', 'actor'],
    'replay-dlq': ['max'],
    sweep: ['older-than-minutes'],
    migrate: [],
  };
  const own = command ? allowed[command] : undefined;
  if (!own)
    throw new ValidationError(
      command ? `unknown ops command "${command}"` : 'ops what? (redrive, replay-dlq, sweep, migrate)',
    );
  const common = ['data-dir', ...Object.keys(DEPLOYMENT)];
  const misplaced = Object.keys(values).filter((k) => !own.includes(k as keyof typeof OPTIONS) && !common.includes(k));
  if (misplaced.length > 0)
    throw new ValidationError(`${misplaced.map((k) => `--${k}`).join(', ')} is not an option of ops ${command}`);
  // Checked before anything is reached.
  const selection = command === 'redrive' ? selectionOf(values) : undefined;
  const operator = operatorIdentity(values.actor ?? userInfo().username);
  const max = wholeNumber(values.max, 'max', 1000, 1);
  const olderThanMs =
    wholeNumber(values['older-than-minutes'], 'older-than-minutes', SWEEP_AFTER_MS / 60_000, 0) * 60_000;

  const env = environment.env ?? process.env;
  const settings = Object.fromEntries(
    Object.entries(DEPLOYMENT).flatMap(([option, variable]) => {
      const value = values[option as keyof typeof DEPLOYMENT] ?? env[variable];
      return value ? [[option, value]] : [];
    }),
  ) as Partial<Record<keyof typeof DEPLOYMENT, string>>;
  let target: OpsTarget;
  if (Object.keys(settings).length > 0) {
    if (values['data-dir']) throw new ValidationError('--data-dir is for the local runtime, not a deployment');
    if (command !== 'replay-dlq' && !settings.table)
      throw new ValidationError('a deployment needs --table (the TableName output)');
    // The sweep looks for uploads; the migration writes reviewers' excerpts of old items there.
    if ((command === 'sweep' || command === 'migrate') && !settings['intake-bucket']) {
      throw new ValidationError(`ops ${command} needs --intake-bucket (the IntakeBucketName output)`);
    }
    target = await deploymentTarget(settings);
  } else {
    if (!environment.connectLocalOps)
      throw new ValidationError('the local runtime can only be reached through the gongkai bin');
    target = await environment.connectLocalOps(values['data-dir'] ? { dataDir: values['data-dir'] } : {});
  }
  try {
    switch (command) {
      case 'redrive': {
        const report = await redriveDocuments(target.deps, target.starter, operator, selection as RedriveSelection);
        return { value: report, exitCode: 0 };
      }
      case 'replay-dlq': {
        const report = await replayDeadLetters(target.deadLetters, target.starter, { max });
        return { value: report, exitCode: report.unreadable.length > 0 ? 1 : 0 };
      }
      case 'migrate':
        return { value: await migrateStoredDocuments(target.deps), exitCode: 0 };
      default: {
        const report = await sweepUnstarted(target.deps, target.starter, { olderThanMs });
        return { value: report, exitCode: report.notStarted.length > 0 ? 1 : 0 };
      }
    }
  } finally {
    await target.close();
  }
}
