import './polyfills';
import { type RunOptions, StateMachine } from 'aws-local-stepfunctions';
import type { StepHandler } from '../../functions/steps';
import type { StepName } from '../../functions/steps/names';
import type { ResumeRequest } from '../../shared/pipeline/events';
import type { StartPurpose, WorkflowCallbacks, WorkflowStarter } from '../../shared/ports';
import type { LocalDefinition } from './asl';

export interface ExecutionRecord {
  readonly name: string;
  readonly arn: string;
  readonly input: unknown;
  readonly startedAt: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  output?: unknown;
  error?: string;
}

interface Waiter {
  resolve(output: unknown): void;
}

type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type Json = Awaited<ReturnType<LocalHandlers[string]>>;

/** The local state machine's ARN (the local StartExecution endpoint answers to it, ./sfn-endpoint.ts). */
export const LOCAL_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:GongkaiLocal';
const STATE_MACHINE_ARN = LOCAL_STATE_MACHINE_ARN;

/**
 * Step Functions, locally: aws-local-stepfunctions runs the synthesized ASL; each task state calls
 * the same step handler its Lambda runs. A `.waitForTaskToken` task calls its handler, then waits
 * until `succeed(token)` — the local twin of SendTaskSuccess. Executions live in memory; the
 * runtime resumes unfinished documents from DynamoDB on start.
 */
export class LocalWorkflow implements WorkflowCallbacks, WorkflowStarter {
  private readonly machine: StateMachine;
  private readonly waiting = new Map<string, Waiter>();
  /** Executions whose callback task is open: only a person can move them on. */
  private readonly parked = new Set<string>();
  private readonly running = new Map<string, { abort: () => void; done: Promise<void> }>();
  readonly executions = new Map<string, ExecutionRecord>();
  /** Re-runs started, for unique execution names. */
  private reruns = 0;

  constructor(
    private readonly local: LocalDefinition,
    private readonly handlers: Readonly<Record<StepName, StepHandler>>,
    private readonly log: (message: string) => void = () => {},
  ) {
    // The synthesized ASL is validated by the engine itself (asl-validator) at construction.
    this.machine = new StateMachine(local.definition as ConstructorParameters<typeof StateMachine>[0], {
      validationOptions: { checkPaths: true, checkArn: true },
    });
  }

  /**
   * Starts an execution unless one of that name already exists (as StartExecution does for a
   * Standard workflow with the same name and input). Returns whether it started.
   */
  start(name: string, input: unknown): boolean {
    if (this.executions.has(name)) return false;
    const arn = this.executionArn(name);
    const record: ExecutionRecord = { name, arn, input, startedAt: new Date().toISOString(), status: 'RUNNING' };
    this.executions.set(name, record);
    const token = `local-task-token:${name}`;
    const execution = this.machine.run(input as Parameters<StateMachine['run']>[0], {
      overrides: { taskResourceLocalHandlers: this.taskHandlers(token) },
      context: {
        Execution: { Id: arn, Name: name, Input: input as Json, StartTime: record.startedAt },
        StateMachine: { Id: STATE_MACHINE_ARN, Name: 'GongkaiLocal' },
        Task: { Token: token },
      },
      noThrowOnAbort: true,
    });
    const done = execution.result.then(
      (output) => {
        if (record.status === 'RUNNING') record.status = output === null ? 'ABORTED' : 'SUCCEEDED';
        record.output = output;
      },
      (err: unknown) => {
        record.status = 'FAILED';
        record.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        this.log(`execution ${name} failed: ${record.error}`);
      },
    );
    const finished = done.finally(() => {
      this.running.delete(name);
      this.waiting.delete(token);
      this.parked.delete(token);
    });
    this.running.set(name, {
      abort: () => {
        record.status = 'ABORTED';
        execution.abort();
      },
      done: finished,
    });
    return true;
  }

  executionArn(name: string): string {
    return `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  /** StartExecution of a resume (a re-run, the sweeper): a new execution, uniquely named, takes the document over. */
  async resume(documentId: string, previousExecutionId: string | undefined, purpose: StartPurpose = 'rerun') {
    const input: ResumeRequest = { resume: { documentId, ...(previousExecutionId ? { previousExecutionId } : {}) } };
    const name = `${purpose}-${documentId}-${Date.now().toString(36)}-${(this.reruns++).toString(36)}`;
    if (!this.start(name, input)) throw new Error(`an execution named ${name} exists`);
  }

  async succeed(taskToken: string, output: Record<string, unknown>): Promise<void> {
    const waiter = this.waiting.get(taskToken);
    // Step Functions answers TaskDoesNotExist for a token nobody waits on.
    if (!waiter)
      throw Object.assign(new Error(`no execution waits on task token ${taskToken}`), { name: 'TaskDoesNotExist' });
    this.waiting.delete(taskToken);
    this.parked.delete(taskToken);
    waiter.resolve(output);
  }

  /** Resolves once no execution is running or all remaining ones wait for a person. */
  async settled(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const busy = [...this.running.keys()].some((name) => !this.parked.has(`local-task-token:${name}`));
      if (!busy) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('local workflow did not settle in time');
  }

  /** Stops every execution (their state is in DynamoDB; they resume on the next start). */
  async stop(): Promise<void> {
    const all = [...this.running.values()];
    for (const run of all) run.abort();
    await Promise.allSettled(all.map((r) => r.done));
  }

  private taskHandlers(token: string) {
    const overrides: LocalHandlers = {};
    for (const [stateName, step] of Object.entries(this.local.taskSteps)) {
      const state = this.local.definition.States[stateName];
      const waitsForToken = String(state?.Resource ?? '').endsWith('.waitForTaskToken');
      const handler = this.handlers[step];
      overrides[stateName] = async (input) => {
        // lambda:invoke(.waitForTaskToken) passes {FunctionName, Payload}; a direct ARN the payload.
        const payload = isInvokeEnvelope(input) ? input.Payload : input;
        if (!waitsForToken) return (await handler(payload)) as Json;
        // Registered before the task is opened, so a decision can never arrive unheard.
        const answered = new Promise<Json>((resolve) =>
          this.waiting.set(token, { resolve: (out) => resolve(out as Json) }),
        );
        try {
          await handler(payload);
        } catch (err) {
          this.waiting.delete(token);
          throw err;
        }
        if (this.waiting.has(token)) this.parked.add(token);
        return answered;
      };
    }
    return overrides;
  }
}

function isInvokeEnvelope(input: unknown): input is { FunctionName: string; Payload: unknown } {
  return typeof input === 'object' && input !== null && 'FunctionName' in input && 'Payload' in input;
}
