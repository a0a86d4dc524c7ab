import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { StepHandler } from '../../functions/steps';

/**
 * Fault injection in the local runtime: `GONGKAI_FAULTS=steps:0.2,dynamo:0.05` makes that share of
 * step invocations and of DynamoDB writes fail, as they do on AWS now and then. Half of them fail
 * before anything happened (Lambda refused the invocation; DynamoDB refused the write), half after
 * it all happened and only the answer was lost (the function ran and timed out; the write
 * committed and the client timed out) — the case that finds what is not idempotent. `events`
 * loses that share of S3 events between the bucket and the state machine: they go to the local
 * dead-letter queue (./dead-letters.ts), as EventBridge's undeliverable events do.
 */
export interface FaultRates {
  readonly steps: number;
  readonly dynamo: number;
  readonly events: number;
}

export const NO_FAULTS: FaultRates = { steps: 0, dynamo: 0, events: 0 };

const KINDS = ['steps', 'dynamo', 'events'] as const;

/** Parses `kind:rate,…` (rates in [0, 1]); a mistake is an error that says what is wrong. */
export function parseFaults(spec: string | undefined): FaultRates {
  if (spec === undefined || spec.trim() === '') return NO_FAULTS;
  const rates: Record<(typeof KINDS)[number], number> = { ...NO_FAULTS };
  for (const part of spec.split(',')) {
    const [kind, rate, extra] = part.trim().split(':');
    if (!kind || rate === undefined || extra !== undefined || !(KINDS as readonly string[]).includes(kind)) {
      throw new Error(
        `GONGKAI_FAULTS: "${part.trim()}" is not kind:rate with kind one of ${KINDS.join(', ')} (e.g. steps:0.2,dynamo:0.05)`,
      );
    }
    const value = Number(rate);
    if (rate.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new Error(`GONGKAI_FAULTS: the rate of ${kind} must be a number from 0 to 1, got "${rate}"`);
    }
    rates[kind as (typeof KINDS)[number]] = value;
  }
  return rates;
}

export function describeFaults(rates: FaultRates): string {
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return `fault injection: ${pct(rates.steps)} of step invocations, ${pct(rates.dynamo)} of DynamoDB writes, ${pct(rates.events)} of S3 events`;
}

/** An injected failure, named as AWS names the one it stands for (so the retry policy sees it as such). */
export class InjectedFault extends Error {
  constructor(name: string, message: string) {
    super(`injected fault: ${message}`);
    this.name = name;
  }
}

/** What was injected, by kind and when (before or after the work). */
export interface FaultCounts {
  stepsBefore: number;
  stepsAfter: number;
  dynamoBefore: number;
  dynamoAfter: number;
  events: number;
}

const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
]);

export class FaultInjector {
  readonly counts: FaultCounts = { stepsBefore: 0, stepsAfter: 0, dynamoBefore: 0, dynamoAfter: 0, events: 0 };
  /** Off while the runtime starts (seeding the directory is not under test). */
  enabled = false;

  constructor(
    readonly rates: FaultRates,
    private readonly random: () => number = Math.random,
  ) {}

  get active(): boolean {
    return this.rates.steps > 0 || this.rates.dynamo > 0 || this.rates.events > 0;
  }

  /** Whether to fail now at `rate`, and if so, before (true) or after the work. */
  private draw(rate: number): 'before' | 'after' | undefined {
    if (!this.enabled || rate <= 0 || this.random() >= rate) return undefined;
    return this.random() < 0.5 ? 'before' : 'after';
  }

  step(name: string, handler: StepHandler): StepHandler {
    return async (event) => {
      const fault = this.draw(this.rates.steps);
      if (fault === 'before') {
        this.counts.stepsBefore++;
        throw new InjectedFault('Lambda.ServiceException', `the invocation of ${name} failed`);
      }
      const result = await handler(event);
      if (fault === 'after') {
        this.counts.stepsAfter++;
        throw new InjectedFault('Sandbox.Timedout', `${name} ran, then timed out before it answered`);
      }
      return result;
    };
  }

  /** Outermost on the client, so that "after" comes once the write is committed (services.ts awaits that). */
  attach(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const fault = WRITES.has(context.commandName ?? '') ? this.draw(this.rates.dynamo) : undefined;
        if (fault === 'before') {
          this.counts.dynamoBefore++;
          throw new InjectedFault('InternalServerError', `DynamoDB refused ${context.commandName}`);
        }
        const result = await next(args);
        if (fault === 'after') {
          this.counts.dynamoAfter++;
          throw new InjectedFault('TimeoutError', `${context.commandName} committed, then its answer was lost`);
        }
        return result;
      },
      { step: 'initialize', priority: 'high', name: 'gongkaiInjectedFaults' },
    );
  }

  /** Whether this S3 event is lost on its way to the state machine. */
  loseEvent(): boolean {
    if (this.draw(this.rates.events) === undefined) return false;
    this.counts.events++;
    return true;
  }
}
