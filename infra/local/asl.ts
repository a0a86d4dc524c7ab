import { type CfnElement, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { STEP_NAMES, type StepName } from '../../functions/steps/names';
import { GongkaiStack } from '../stack';
import { templateApp } from '../template-app';
import type { LocalSynthOptions } from './asl-cache';
import { localQueueUrl, type QueueBinding, queueBindingOf } from './asl-queues';

export interface LocalDefinition {
  /** The state machine's ASL, as CDK synthesized it, with CloudFormation tokens resolved. */
  readonly definition: { StartAt: string; States: Record<string, AslState> };
  /** Task state name → the step whose handler runs it (from the Lambda's GONGKAI_STEP). */
  readonly taskSteps: Readonly<Record<string, StepName>>;
  /** Task states that send to a queue a Lambda consumes (the Publication state), by state name. */
  readonly queueTasks: Readonly<Record<string, QueueBinding>>;
  /** Each step's Lambda memory (MB), as the template sets it: what a GB-second of it costs. */
  readonly stepMemoryMb: Readonly<Partial<Record<StepName, number>>>;
  /** The EventBridge rule's pattern that starts the flow, bucket name resolved to the local one. */
  readonly startPattern: Record<string, never>;
  /**
   * The patterns of the rules that invoke a Lambda on an event (the batch importer), by the
   * handler the function names in GONGKAI_EVENT_HANDLER; bucket names resolved.
   */
  readonly eventHandlerPatterns: Readonly<Record<string, Record<string, never>>>;
}

export interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  [key: string]: unknown;
}

type CfnValue = string | number | boolean | null | CfnValue[] | { [key: string]: CfnValue };

const LOCAL_ACCOUNT = '000000000000';
const LOCAL_REGION = 'us-east-1';

/**
 * Synthesizes the real CDK stack (without bundling: the local runtime calls the handler modules
 * in-process) and returns its state machine definition (./asl-cache.ts keeps it between starts).
 * Token placeholders are replaced by fixed local ARNs; nothing about the flow itself is changed.
 */
export function synthesizeLocalDefinition(intakeBucketName: string, options: LocalSynthOptions = {}): LocalDefinition {
  const app = templateApp();
  const stack = new GongkaiStack(app, 'GongkaiLocal', {
    ...(options.signOffTimeoutSeconds ? { signOffTimeout: Duration.seconds(options.signOffTimeoutSeconds) } : {}),
    // The flow is all it reads: no alarms (they change nothing of it, and cost seconds of every start).
    alarms: false,
    env: { account: LOCAL_ACCOUNT, region: LOCAL_REGION },
  });
  const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, CfnResource> };
  const intakeBucketId = stack.getLogicalId(stack.storage.intakeBucket.node.defaultChild as CfnElement);
  return definitionFromTemplate(template, { [intakeBucketId]: intakeBucketName });
}

interface CfnResource {
  Type: string;
  Properties?: Record<string, CfnValue>;
}

export function definitionFromTemplate(
  template: { Resources: Record<string, CfnResource> },
  refs: Readonly<Record<string, string>>,
): LocalDefinition {
  const resources = template.Resources;
  const machines = Object.values(resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');
  if (machines.length !== 1) throw new Error(`expected one state machine in the stack, found ${machines.length}`);
  const definitionString = machines[0]?.Properties?.DefinitionString;
  const resolve = (value: CfnValue): string => {
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      if ('Fn::Join' in value) {
        const [separator, parts] = value['Fn::Join'] as [string, CfnValue[]];
        return parts.map(resolve).join(separator);
      }
      if ('Fn::GetAtt' in value) {
        const [logicalId] = value['Fn::GetAtt'] as [string, string];
        return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;
      }
      if ('Ref' in value) {
        const ref = value.Ref as string;
        if (ref === 'AWS::Partition') return 'aws';
        if (ref === 'AWS::Region') return LOCAL_REGION;
        if (ref === 'AWS::AccountId') return LOCAL_ACCOUNT;
        const local = refs[ref];
        if (local !== undefined) return local;
        if (resources[ref]?.Type === 'AWS::SQS::Queue') return localQueueUrl(ref);
      }
    }
    throw new Error(`cannot resolve ${JSON.stringify(value)} in the state machine definition`);
  };
  if (definitionString === undefined) throw new Error('state machine has no DefinitionString');
  const definition = JSON.parse(resolve(definitionString)) as LocalDefinition['definition'];

  const stepOfFunction = new Map<string, StepName>();
  const stepMemoryMb: Partial<Record<StepName, number>> = {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const env = (resource.Properties?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables;
    const step = env?.GONGKAI_STEP as StepName | undefined;
    if (step && STEP_NAMES.includes(step)) {
      stepOfFunction.set(logicalId, step);
      // Lambda's default when the template sets none.
      stepMemoryMb[step] = Number(resource.Properties?.MemorySize ?? 128);
    }
  }
  const taskSteps: Record<string, StepName> = {};
  const queueTasks: Record<string, QueueBinding> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type !== 'Task') continue;
    const queued = queueBindingOf(state, resources, stepOfFunction);
    if (queued) {
      queueTasks[name] = queued;
      taskSteps[name] = queued.step;
      continue;
    }
    const arn = String(state.Parameters?.FunctionName ?? state.Resource ?? '');
    const logicalId = arn.split(':function:')[1]?.split(':')[0];
    const step = logicalId ? stepOfFunction.get(logicalId) : undefined;
    if (!step) throw new Error(`task state "${name}" is bound to no known step (${arn})`);
    taskSteps[name] = step;
  }
  // The rule that starts the flow matches events and targets the state machine; scheduled rules
  // (the daily audit digest) match none; the batch importer's targets its Lambda.
  const machineId = Object.keys(resources).find((id) => resources[id]?.Type === 'AWS::StepFunctions::StateMachine');
  const eventRules = Object.values(resources).filter(
    (r) => r.Type === 'AWS::Events::Rule' && r.Properties?.EventPattern,
  );
  const targetsOf = (rule: CfnResource) => (rule.Properties?.Targets ?? []) as Array<{ Arn?: CfnValue }>;
  const rules = eventRules.filter((r) =>
    targetsOf(r).some((t) => JSON.stringify(t.Arn) === JSON.stringify({ Ref: machineId })),
  );
  if (rules.length !== 1) throw new Error(`expected one EventBridge rule starting the flow, found ${rules.length}`);
  const resolveDeep = (value: CfnValue): CfnValue => {
    if (Array.isArray(value)) return value.map(resolveDeep);
    if (value && typeof value === 'object') {
      if ('Ref' in value || 'Fn::Join' in value || 'Fn::GetAtt' in value) return resolve(value);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v)]));
    }
    return value;
  };
  const startPattern = resolveDeep(rules[0]?.Properties?.EventPattern ?? {}) as Record<string, never>;
  const eventHandlerPatterns: Record<string, Record<string, never>> = {};
  for (const rule of eventRules) {
    for (const target of targetsOf(rule)) {
      const arn = target.Arn as { 'Fn::GetAtt'?: [string, string] } | undefined;
      const fn = resources[arn?.['Fn::GetAtt']?.[0] ?? ''];
      const env = (fn?.Properties?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables;
      const handler = env?.GONGKAI_EVENT_HANDLER;
      if (handler)
        eventHandlerPatterns[handler] = resolveDeep(rule.Properties?.EventPattern ?? {}) as Record<string, never>;
    }
  }
  return { definition, taskSteps, queueTasks, stepMemoryMb, startPattern, eventHandlerPatterns };
}
