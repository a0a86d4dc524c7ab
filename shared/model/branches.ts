/**
 * The named failures through which a state that waits for its own step's answer (a task token,
 * shared/pipeline/answer-state.ts) is sent down a branch: `<prefix>.<next>` for every result but
 * the one that goes on. The state machine never retries them and catches each one
 * (infra/constructs/workflow.ts).
 */
export function branchErrors<Next extends string, Onward extends Next>(
  prefix: string,
  results: readonly Next[],
  onward: Onward,
) {
  const errorOf = (next: Exclude<Next, Onward>) => `${prefix}.${next}`;
  const all: readonly string[] = results.filter((n): n is Exclude<Next, Onward> => n !== onward).map(errorOf);
  return { errorOf, all };
}
