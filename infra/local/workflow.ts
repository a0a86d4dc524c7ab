import './polyfills';
import { type RunOptions, StateMachine } from 'aws-local-stepfunctions';
import type { StepHandler } from '../../functions/steps';
import type { StepName } from '../../functions/steps/names';
import { publicationQueueConsumer, type TaskTokenCallbacks } from '../../functions/steps/publication-queue';
import type { ResumeRequest } from '../../shared/pipeline/events';
import type { StartPurpose, WorkflowStarter } from '../../shared/ports';
import type { LocalDefinition } from './asl';
import { LocalFifoQueue } from './fifo-queue';

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
  reject(error: Error): void;
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
export class LocalWorkflow implements TaskTokenCallbacks, WorkflowStarter {
  private readonly machine: StateMachine;
  private readonly waiting = new Map<string, Waiter>();
  /** Executions whose callback task is open: only a person can move them on. */
  private readonly parked = new Set<string>();
  private readonly running = new Map<string, { abort: () => void; done: Promise<void> }>();
  readonly executions = new Map<string, ExecutionRecord>();
  /** The queues task states send to (the Publication state's FIFO queue), by logical id (./fifo-queue.ts). */
  readonly queues = new Map<string, LocalFifoQueue>();
  /** Re-runs started, for unique execution names. */
  private reruns = 0;
  /** Attempts of queue tasks, for a task token of each (./fifo-queue.ts). */
  private attempts = 0;
  /** Told each state an execution enters: the state transitions Step Functions bills (benchmarks). */
  onStateEntered?: (execution: string, state: string) => void;

  constructor(
    private readonly local: LocalDefinition,
    private readonly handlers: Readonly<Record<StepName, StepHandler>>,
    private readonly log: (message: string) => void = () => {},
  ) {
    // The synthesized ASL is validated by the engine itself (asl-validator) at construction.
    this.machine = new StateMachine(local.definition as ConstructorParameters<typeof StateMachine>[0], {
      validationOptions: { checkPaths: true, checkArn: true },
    });
    // Each queue's consumer is its Lambda's handler around the step (functions/lambda/publish.ts).
    for (const binding of Object.values(local.queueTasks)) {
      if (this.queues.has(binding.queue)) continue;
      if (binding.step !== 'publish') throw new Error(`no local consumer for a queue of the ${binding.step} step`);
      const consumer = publicationQueueConsumer(handlers[binding.step], this);
      this.queues.set(binding.queue, new LocalFifoQueue(binding, consumer, log));
    }
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
    if (this.onStateEntered) void this.forwardStates(name, execution.eventLogs, this.onStateEntered);
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
      for (const waiting of this.waiting.keys()) if (waiting.startsWith(`${token}#`)) this.waiting.delete(waiting);
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

  private async forwardStates(
    name: string,
    events: AsyncGenerator<{ type: string; state?: { name: string } }>,
    tell: (execution: string, state: string) => void,
  ) {
    for await (const event of events) if (event.type === 'StateEntered' && event.state) tell(name, event.state.name);
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

  /** SendTaskFailure: the waiting state fails with `error`, which its Retry and Catch match by name. */
  async fail(taskToken: string, error: string, cause: string): Promise<void> {
    const waiter = this.waiting.get(taskToken);
    if (!waiter)
      throw Object.assign(new Error(`no execution waits on task token ${taskToken}`), { name: 'TaskDoesNotExist' });
    this.waiting.delete(taskToken);
    this.parked.delete(taskToken);
    waiter.reject(Object.assign(new Error(cause), { name: error }));
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
    await Promise.allSettled([...all.map((r) => r.done), ...[...this.queues.values()].map((q) => q.stop())]);
  }

  /**
   * `sqs:sendMessage.waitForTaskToken`: the message goes to the queue (Step Functions sends a JSON
   * body as its text) and the state waits for its consumer's answer. Not parked: the system, not
   * a person, answers it. Each attempt has a token of its own, as on AWS: a retry's message is not
   * the one before it (content-based deduplication would drop it), and an answer to an attempt
   * that ended is TaskDoesNotExist.
   */
  private sendAndWait(queue: LocalFifoQueue, token: string, input: SendMessageInput): Promise<Json> {
    const attempt = `${token}#${(this.attempts++).toString(36)}`;
    const answered = new Promise<Json>((resolve, reject) =>
      this.waiting.set(attempt, { resolve: (out) => resolve(out as Json), reject }),
    );
    const body = JSON.stringify(input.MessageBody, (_key, value) => (value === token ? attempt : value));
    try {
      queue.send({
        body: typeof input.MessageBody === 'string' ? input.MessageBody.replaceAll(token, attempt) : body,
        ...(input.MessageGroupId !== undefined ? { groupId: input.MessageGroupId } : {}),
        ...(input.MessageDeduplicationId !== undefined ? { deduplicationId: input.MessageDeduplicationId } : {}),
      });
    } catch (err) {
      this.waiting.delete(attempt);
      return Promise.reject(err);
    }
    return answered;
  }

  private taskHandlers(token: string) {
    const overrides: LocalHandlers = {};
    for (const [stateName, step] of Object.entries(this.local.taskSteps)) {
      const state = this.local.definition.States[stateName];
      const waitsForToken = String(state?.Resource ?? '').endsWith('.waitForTaskToken');
      const handler = this.handlers[step];
      const queued = this.local.queueTasks[stateName];
      const queue = queued && this.queues.get(queued.queue);
      if (queue) {
        overrides[stateName] = (input) => this.sendAndWait(queue, token, input as unknown as SendMessageInput);
        continue;
      }
      overrides[stateName] = async (input) => {
        // lambda:invoke(.waitForTaskToken) passes {FunctionName, Payload}; a direct ARN the payload.
        const payload = isInvokeEnvelope(input) ? input.Payload : input;
        if (!waitsForToken) return (await handler(payload)) as Json;
        // Registered before the task is opened, so a decision can never arrive unheard.
        let answeredAlready = false;
        const answered = new Promise<Json>((resolve, reject) =>
          this.waiting.set(token, {
            resolve: (out) => {
              answeredAlready = true;
              resolve(out as Json);
            },
            reject: (error) => {
              answeredAlready = true;
              reject(error);
            },
          }),
        );
        try {
          await handler(payload);
        } catch (err) {
          // The step answered its state, then failed (its own answer to the invocation lost): the
          // state has its answer, as on AWS, where the task ends with the first SendTask* it gets.
          if (answeredAlready) return answered;
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

/** The parameters of an `sqs:sendMessage` task state, as the engine evaluated them. */
interface SendMessageInput {
  readonly MessageBody: unknown;
  readonly MessageGroupId?: string;
  readonly MessageDeduplicationId?: string;
}

function isInvokeEnvelope(input: unknown): input is { FunctionName: string; Payload: unknown } {
  return typeof input === 'object' && input !== null && 'FunctionName' in input && 'Payload' in input;
}
