import { Duration, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { type IRole, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import {
  DefinitionBody,
  Fail,
  type IChainable,
  IntegrationPattern,
  JsonPath,
  LogLevel,
  Pass,
  Result,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  type TaskStateBase,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, SqsSendMessage } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { StepName } from '../../functions/steps/names';
import { FLOW_STEPS } from '../../shared/model/flow-steps';
import { EXCERPT_PREFIX, UPLOAD_PREFIX } from '../../shared/model/object-keys';
import { type BranchRoute, ROUTE_ERRORS, routeError } from '../../shared/model/route';
import { type BranchDecisionOf, decisionError, type TaskKind } from '../../shared/model/task';
import { type BranchStage, STAGE_ERRORS, stageError } from '../../shared/pipeline/stage';
import { BundledFunction } from './bundled-function';
import { OcrLayer, type OcrLayerProps } from './ocr-layer';
import { PUBLICATION_TIMEOUT, PublicationQueue } from './publication-queue';
import { addStepRetries, RECORD_FAILURE_RETRY } from './retries';

export interface WorkflowProps {
  readonly table: Table;
  readonly intakeBucket: Bucket;
  readonly publicBucket: Bucket;
  /**
   * How long a leader has to sign off before the task is escalated (and again before the
   * escalated task fails the document).
   * @default Duration.days(7)
   */
  readonly signOffTimeout?: Duration;
  /**
   * How long the pre-review group and competent departments have for their decisions.
   * @default Duration.days(14)
   */
  readonly humanTaskTimeout?: Duration;
  /** Where the OCR language data the review function ships comes from (./ocr-layer.ts). */
  readonly ocr?: OcrLayerProps;
}

/**
 * The review function reads scans by OCR (shared/review/ocr), in its invocation: about 7 s of one
 * full core and 400 MB for an A4 page, up to OCR_LIMITS.pages (50) pages a file. 2048 MB, because
 * Lambda gives CPU with memory (one full vCPU from 1769 MB: OCR runs on one core; at 1024 MB it
 * had 0.6 of one, and 50 pages would not fit the time) and the engine's memory comes on top of the
 * extraction's (up to 600 MB for the largest DOCX the limits admit); 15 minutes, Lambda's longest,
 * for 50 pages at up to 15 s each.
 */
const REVIEW_MEMORY_MB = 2048;
const REVIEW_TIMEOUT = Duration.minutes(15);

/**
 * EventBridge retries a failed StartExecution with backoff; an event still undelivered after two
 * hours goes to the dead-letter queue, which raises an alarm. The sweeper will have started its
 * document after five minutes anyway; the queue tells ops that the rule itself is failing.
 */
const START_RETRY_ATTEMPTS = 20;
const START_MAX_EVENT_AGE = Duration.hours(2);

/**
 * The disclosure flow (DESIGN.md): Intake → Confidentiality review → Leader sign-off → Routing →
 * Publication, with a failure path that records FAILED with the step and the error.
 * This is the only definition of the flow; the local runtime runs its synthesized ASL.
 */
export class Workflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly stepFunctions: Readonly<Record<StepName, BundledFunction>>;
  /** tesseract.js, pdf.js and the language data: the review's, and the API's scan function's. */
  readonly ocr: OcrLayer;
  /** Events of uploads the rule could not start the flow with (after its retries). */
  readonly deadLetterQueue: Queue;
  /** One writer per publisher: the Publication state's FIFO queue and its dead-letter queue. */
  readonly publication: PublicationQueue;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const signOffTimeout = props.signOffTimeout ?? Duration.days(7);
    const humanTaskTimeout = props.humanTaskTimeout ?? Duration.days(14);

    const ocr = new OcrLayer(this, 'Ocr', props.ocr);
    this.ocr = ocr;
    const fn = (step: StepName) =>
      new BundledFunction(this, `${step}Function`, {
        entry: step,
        memorySize: step === 'review' ? REVIEW_MEMORY_MB : step === 'intake' ? 1024 : 256,
        timeout: step === 'review' ? REVIEW_TIMEOUT : Duration.minutes(1),
        logGroup: new LogGroup(this, `${step}Logs`, { retention: RetentionDays.ONE_YEAR }),
        environment: {
          TABLE_NAME: props.table.tableName,
          INTAKE_BUCKET: props.intakeBucket.bucketName,
          PUBLIC_BUCKET: props.publicBucket.bucketName,
          // The local runtime binds task states to handlers through this variable.
          GONGKAI_STEP: step,
          // Where the review finds the OCR language data its layer holds.
          ...(step === 'review' ? ocr.environment : {}),
        },
        // The review's OCR engine (tesseract.js) and pdf.js come from its layer, never from the bundle.
        ...(step === 'review' ? { layers: [ocr.layer] } : {}),
      });
    const functions = {
      intake: fn('intake'),
      review: fn('review'),
      openTask: fn('openTask'),
      route: fn('route'),
      publish: fn('publish'),
      recordFailure: fn('recordFailure'),
    } satisfies Record<StepName, BundledFunction>;
    this.stepFunctions = functions;

    for (const f of Object.values(functions)) props.table.grantReadWriteData(f);
    props.intakeBucket.grantRead(functions.intake);
    props.intakeBucket.grantRead(functions.review);
    // The reviewers' excerpt goes beside the pinned content (shared/pipeline/review.ts).
    props.intakeBucket.grantPut(functions.review, `${EXCERPT_PREFIX}*`);
    props.intakeBucket.grantRead(functions.publish);
    props.publicBucket.grantPut(functions.publish);

    const documentId = JsonPath.stringAt('$.intake.documentId');
    // Every step's logs carry the execution (functions/observability): it is in every payload.
    const executionId = JsonPath.stringAt('$$.Execution.Id');
    const invoke = (name: string, step: StepName, payload: Record<string, unknown>, resultPath: string) => {
      const task = new LambdaInvoke(this, name, {
        lambdaFunction: functions[step],
        payload: TaskInput.fromObject({ ...payload, executionId }),
        payloadResponseOnly: true,
        resultPath,
        taskTimeout: Timeout.duration(Duration.minutes(5)),
        // Lambda's service errors are retried by the policy below, with every other transient error.
        retryOnServiceExceptions: false,
      });
      addStepRetries(task, { humanTask: false, ...(step === 'recordFailure' ? { retry: RECORD_FAILURE_RETRY } : {}) });
      return task;
    };
    // A state that waits for its task token: a person's task (openTask opens it, the API answers it)
    // or an automated step that answers its own state (shared/pipeline/answer-state.ts).
    const callbackTask = (
      name: string,
      step: StepName,
      payload: Record<string, unknown>,
      resultPath: string,
      timeout: Duration,
      retries: Parameters<typeof addStepRetries>[1],
    ) => {
      const task = new LambdaInvoke(this, name, {
        lambdaFunction: functions[step],
        integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: TaskInput.fromObject({ ...payload, taskToken: JsonPath.taskToken, executionId }),
        resultPath,
        taskTimeout: Timeout.duration(timeout),
        retryOnServiceExceptions: false,
      });
      addStepRetries(task, retries);
      return task;
    };
    // Retried as any step, except for the answers that branch, which its Catches take.
    const answeringStep = (
      name: string,
      step: StepName,
      payload: Record<string, unknown>,
      resultPath: string,
      timeout: Duration,
      branchErrors: readonly string[],
    ) => callbackTask(name, step, payload, resultPath, timeout, { humanTask: false, neverRetried: branchErrors });
    // Opening the task is retried (openTask is idempotent); waiting for the person is not.
    const humanTask = (name: string, kind: TaskKind, timeout: Duration, resultPath: string, extra = {}) =>
      callbackTask(name, 'openTask', { documentId, kind, ...extra }, resultPath, timeout, { humanTask: true });

    // Failure path: remember which step failed, then record FAILED (the object is kept).
    const recordFailure = invoke('Record failure', 'recordFailure', { 'state.$': '$' }, '$.failure').next(
      new Fail(this, 'Failed', { error: 'DocumentFailed', cause: 'see the document history' }),
    );
    const onError = <T extends TaskStateBase>(state: T, stepName: string): T => {
      const mark = new Pass(this, `${stepName} failed`, {
        result: Result.fromString(stepName),
        resultPath: '$.failedStep',
      }).next(recordFailure);
      state.addCatch(mark, { resultPath: '$.error' });
      return state;
    };

    const intake = onError(invoke(FLOW_STEPS.intake, 'intake', { 'event.$': '$' }, '$.intake'), FLOW_STEPS.intake);
    // The review answers its state through the task token (shared/pipeline/stage.ts): on to the
    // sign-off, or a failure named by where the document goes, which the Catches below take there.
    // It may take its function's whole time (OCR of a long scan).
    const review = answeringStep(
      FLOW_STEPS.review,
      'review',
      { documentId, resumeAt: JsonPath.stringAt('$.intake.next') },
      '$.review',
      REVIEW_TIMEOUT,
      STAGE_ERRORS,
    );
    const stopped = new Succeed(this, 'Stopped by a decision', {
      comment: 'Rejected, withheld, returned or not approved: the decision already recorded the status.',
    });
    // A person's answer that does not go on to the state's next state comes back as the task's
    // failure named by the decision (shared/model/task.ts ONWARD_DECISIONS), caught here — before
    // the catch-all of onError — and sent where it leads: no Choice state (a billed transition)
    // after a decision. The tables are typed by the domain's decisions: one missing does not compile.
    const onDecisions = <K extends TaskKind>(
      state: TaskStateBase,
      _kind: K,
      branches: Record<BranchDecisionOf<K>, IChainable>,
    ) => {
      for (const [decision, next] of Object.entries<IChainable>(branches)) {
        state.addCatch(next, { errors: [decisionError(decision)], resultPath: '$.decided' });
      }
    };

    const humanReview = humanTask(FLOW_STEPS.humanReview, 'review', humanTaskTimeout, '$.humanReview');
    // A redacted version is scanned again; it goes on only once nothing is found.
    onDecisions(humanReview, 'review', { redact: review, withhold: stopped, return: stopped });
    onError(humanReview, FLOW_STEPS.humanReview);
    const signOff = humanTask(FLOW_STEPS.signOff, 'signoff', signOffTimeout, '$.signoff');
    const escalatedSignOff = humanTask(FLOW_STEPS.escalatedSignOff, 'signoff', signOffTimeout, '$.signoff', {
      escalated: true,
    });
    onDecisions(escalatedSignOff, 'signoff', { reject: stopped });
    onError(escalatedSignOff, FLOW_STEPS.escalatedSignOff);
    // A leader who does not answer in time does not block publication forever: escalate once.
    signOff.addCatch(escalatedSignOff, { errors: ['States.Timeout'], resultPath: '$.signoffTimeout' });
    onDecisions(signOff, 'signoff', { reject: stopped });
    onError(signOff, FLOW_STEPS.signOff);
    // Routing answers its state through the task token (shared/model/route.ts): on to Publication,
    // or a failure named by where it leads, which the Catches below take there — no Choice after it.
    const route = answeringStep(
      FLOW_STEPS.routing,
      'route',
      { documentId },
      '$.route',
      Duration.minutes(5),
      ROUTE_ERRORS,
    );
    const approval = humanTask(FLOW_STEPS.approval, 'approval', humanTaskTimeout, '$.approval');
    onDecisions(approval, 'approval', { reject: stopped });
    onError(approval, FLOW_STEPS.approval);
    // Publication: to the publisher's message group of the FIFO queue, answered by the publish
    // function (functions/steps/publication-queue.ts) with the step's result or its error.
    this.publication = new PublicationQueue(this, 'PublicationQueue', { consumer: functions.publish });
    const publishTask = new SqsSendMessage(this, FLOW_STEPS.publication, {
      queue: this.publication.queue,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      messageBody: TaskInput.fromObject({ documentId, taskToken: JsonPath.taskToken, executionId }),
      // Routing always ran before (a resumed execution goes through it again: 'Resume at').
      messageGroupId: JsonPath.stringAt('$.route.publisher'),
      resultPath: '$.publication',
      taskTimeout: Timeout.duration(PUBLICATION_TIMEOUT),
    });
    addStepRetries(publishTask, { humanTask: false });
    const publish = onError(publishTask, FLOW_STEPS.publication);

    // A step that answers its state through the task token hands back each result that does not go
    // on as a failure named by it; its Catches, before the catch-all of onError (Catchers are tried
    // in order), take each where it leads. The tables are typed by the domain's results: a result
    // without a branch does not compile.
    const onBranches = <B extends string>(
      state: TaskStateBase,
      errorOf: (branch: B) => string,
      branches: Record<B, IChainable>,
    ) => {
      for (const [branch, next] of Object.entries(branches) as Array<[B, IChainable]>) {
        state.addCatch(next, { errors: [errorOf(branch)], resultPath: '$.branched' });
      }
    };

    // After the approval, Routing answers from what it recorded (ROUTED: on to Publication, the
    // publisher's message group in its result).
    approval.next(route);
    // COORD-5: ask the agencies concerned; an objection goes to the disclosure office. Routing
    // then reads the outcome the replies recorded and decides again.
    const consultation = onError(
      humanTask(FLOW_STEPS.consultation, 'consultation', humanTaskTimeout, '$.consultation'),
      FLOW_STEPS.consultation,
    ).next(route);
    const escalation = onError(
      humanTask(FLOW_STEPS.escalation, 'escalation', humanTaskTimeout, '$.escalation'),
      FLOW_STEPS.escalation,
    ).next(route);
    onBranches<BranchRoute>(route, routeError, {
      consultation,
      escalation,
      approval,
      // COORD-6: the uploading agency may not publish this; Routing recorded the refusal.
      refused: stopped,
    });
    onError(route, FLOW_STEPS.routing);
    // Publication ends the flow (its success is the execution's): no Succeed state after it.
    route.next(publish);
    signOff.next(route);
    escalatedSignOff.next(route);
    humanReview.next(signOff);
    // Intake says where the document stands, so a restarted or redriven execution resumes there;
    // the review state scans it, or passes that on (shared/pipeline/review-stage.ts), and its answer
    // takes the flow there: no Choice after either.
    const nothingToDo = new Succeed(this, 'Nothing to do', {
      comment: 'Duplicate event, already finished, or the file stopped the scan twice (recorded FAILED).',
    });
    intake.next(review);
    onBranches<BranchStage>(review, stageError, {
      'human-review': humanReview,
      route,
      // Routing answers from what it recorded (the publisher, where the flow goes): the
      // Publication state's message group is the publisher.
      approval: route,
      publish: route,
      done: nothingToDo,
      duplicate: nothingToDo,
    });
    onError(review, FLOW_STEPS.review);
    review.next(signOff);

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(intake),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'StateMachineLogs', { retention: RetentionDays.ONE_YEAR }),
        level: LogLevel.ALL,
        // Execution data holds document metadata and findings (personal data): keep it out of logs.
        includeExecutionData: false,
      },
    });

    // A retried callback step after the person decided hands the decision on itself: SendTaskSuccess,
    // or SendTaskFailure for a decision that branches (shared/pipeline/tasks/answer.ts).
    // A Policy of its own, not the role's default one: the function does not wait for it to exist,
    // so the state machine (which names the function) may name nothing that waits for it.
    // Routing and the review answer their own states the same way (shared/pipeline/answer-state.ts).
    for (const [id, step] of [
      ['OpenTaskCallbacks', 'openTask'],
      ['RouteCallbacks', 'route'],
      ['ReviewCallbacks', 'review'],
    ] as const) {
      new Policy(this, id, {
        roles: [functions[step].role as IRole],
        statements: [
          new PolicyStatement({
            actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
            resources: [this.stateMachine.stateMachineArn],
          }),
        ],
      });
    }
    this.publication.grantAnswers(functions.publish, this.stateMachine);

    // An event the rule cannot deliver (StartExecution throttled or refused for two hours) is kept
    // here, not dropped: `gongkai ops replay-dlq` delivers it again, and an alarm says it is there.
    this.deadLetterQueue = new Queue(this, 'StartDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue: that of the EventBridge rule that starts the flow.',
    });
    new Rule(this, 'ObjectCreatedRule', {
      description: 'An upload to the intake bucket starts the disclosure flow',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.intakeBucket.bucketName] },
          object: { key: [{ prefix: UPLOAD_PREFIX }] },
        },
      },
      targets: [
        new SfnStateMachine(this.stateMachine, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: START_RETRY_ATTEMPTS,
          maxEventAge: START_MAX_EVENT_AGE,
        }),
      ],
    });
  }
}
