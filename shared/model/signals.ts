/**
 * What the pipeline tells ops, as CloudWatch metrics (Powertools Metrics, embedded metric format):
 * the names, the namespace and the one dimension every metric carries. The functions emit them and
 * the alarms and dashboard (infra/constructs/alarms.ts) read them, by these names only.
 */
export const METRICS_NAMESPACE = 'Gongkai';

/** Powertools' `service` dimension: every metric is published with it, so alarms must name it too. */
export const METRICS_SERVICE = 'gongkai';

export const SIGNALS = {
  /** An upload claimed by an execution (DRAFT → RECEIVED). */
  received: 'DocumentsReceived',
  /** A proactive document put in the public catalogue (ROUTED → PUBLISHED). */
  published: 'DocumentsPublished',
  /** A document the flow stopped with a failure (any step, input or system). */
  failed: 'DocumentsFailed',
  /** A document the pre-review group returned to its agency. */
  returned: 'DocumentsReturned',
  /** Findings of a scan sent to the pre-review group, by kind (dimension `kind`). */
  findings: 'Findings',
  /** Working days from formation to publication (art. 26 allows 20). */
  publicationWorkingDays: 'PublicationWorkingDays',
  /** The daily check: proactive documents past their art. 26 deadline and not published. */
  overdue: 'DocumentsOverdue',
  /** The daily check: open human tasks past their due date (in all, and by dimension `kind`). */
  tasksPastDue: 'HumanTasksPastDue',
  /** The daily check: the age in hours of the oldest open human task of each kind (dimension `kind`). */
  oldestTaskAge: 'OldestHumanTaskAgeHours',
  /** Documents the sweeper started because their upload never started the flow. */
  swept: 'DocumentsSwept',
} as const;
export type SignalName = (typeof SIGNALS)[keyof typeof SIGNALS];

/** One metric value; a dimension other than `service` makes it a metric of its own (per kind). */
export interface Signal {
  readonly name: SignalName;
  readonly value: number;
  readonly unit: 'Count' | 'None';
  readonly dimension?: { readonly name: 'kind'; readonly value: string };
}

/** Where signals go: Powertools Metrics in Lambda; nowhere (or a test's list) elsewhere. */
export type SignalSink = (signal: Signal) => void;
