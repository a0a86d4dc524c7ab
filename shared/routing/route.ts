import { ValidationError } from '../model/errors';
import type { RuleId } from '../model/rules';
import type { Agency, RoutingCase, RoutingDecision, RoutingDocument, SensitiveCategory } from './schemas';

/**
 * Decides which agency publishes a document and whose approval it needs (COORD-1..4). Pure; throws
 * `ValidationError` for unknown or duplicate agency ids, a missing maker/holder/lead drafter,
 * a successor cycle, or a COORD-4 category with no competent department registered.
 */
export function route(c: RoutingCase): RoutingDecision {
  const registry = indexAgencies(c.agencies);
  const rules = new RuleTrail();
  const responsible = responsibleAgency(c.document, registry, rules);
  const publisher = resolveSuccession(responsible.id, responsible.field, registry, rules);
  const approvals = competentApprovals(c.document.sensitiveCategory, publisher, c.agencies, rules);
  return { publisher, approvals, rules: rules.list() };
}

type Registry = ReadonlyMap<string, Agency>;

/** Rule IDs in the order applied, without duplicates. */
class RuleTrail {
  private readonly applied: RuleId[] = [];

  add(rule: RuleId): void {
    if (!this.applied.includes(rule)) this.applied.push(rule);
  }

  list(): RuleId[] {
    return [...this.applied];
  }
}

function indexAgencies(agencies: readonly Agency[]): Registry {
  const registry = new Map<string, Agency>();
  agencies.forEach((agency, index) => {
    if (registry.has(agency.id)) {
      throw new ValidationError(`duplicate agency id '${agency.id}' at agencies[${index}]`);
    }
    registry.set(agency.id, agency);
  });
  return registry;
}

function requireAgency(registry: Registry, id: string, field: string): Agency {
  const agency = registry.get(id);
  if (!agency) throw new ValidationError(`unknown agency '${id}' (${field}): not in the agency registry`);
  return agency;
}

/** COORD-1 (maker / holder) and COORD-2 (the unit that organised a joint drafting). */
function responsibleAgency(
  document: RoutingDocument,
  registry: Registry,
  rules: RuleTrail,
): { id: string; field: string } {
  rules.add('COORD-1');
  const coDrafters = document.coDrafters ?? [];
  const jointlyDrafted = document.leadDrafter !== undefined || coDrafters.length > 0;

  if (jointlyDrafted) {
    // Joint drafting produces made information; drafters on obtained information contradict COORD-1.
    if (document.origin !== 'made') {
      throw new ValidationError(
        `document.leadDrafter/coDrafters apply to made information (COORD-2), but origin is '${document.origin}'`,
      );
    }
    // No guessing which co-drafter organised the drafting: only that unit may publish.
    if (document.leadDrafter === undefined) {
      throw new ValidationError(
        'document.leadDrafter is required when coDrafters are given: the unit that organised the drafting publishes (COORD-2)',
      );
    }
    coDrafters.forEach((id, i) => {
      requireAgency(registry, id, `document.coDrafters[${i}]`);
    });
    requireAgency(registry, document.leadDrafter, 'document.leadDrafter');
    rules.add('COORD-2');
    return { id: document.leadDrafter, field: 'document.leadDrafter' };
  }

  const field = document.origin === 'made' ? 'madeBy' : 'heldBy';
  const id = document[field];
  if (id === undefined) {
    throw new ValidationError(
      `document.${field} is required for ${document.origin} information: the ${
        document.origin === 'made' ? 'maker' : 'holder'
      } publishes (COORD-1)`,
    );
  }
  requireAgency(registry, id, `document.${field}`);
  return { id, field: `document.${field}` };
}

/**
 * COORD-3: from an abolished agency, follow `successorId` to the agency that inherited its duties;
 * where nobody inherited them, go to `abolishedBy` (the deciding agency), itself resolved the same way.
 * Every id visited is remembered, so a cycle is reported instead of looping.
 */
function resolveSuccession(startId: string, startField: string, registry: Registry, rules: RuleTrail): string {
  const path: { id: string; via?: 'successorId' | 'abolishedBy' }[] = [{ id: startId }];
  let current = requireAgency(registry, startId, startField);

  while (current.status === 'abolished') {
    // Inherited duties take precedence; the deciding agency publishes only when nobody inherited them.
    const via = current.successorId !== undefined ? 'successorId' : 'abolishedBy';
    const nextId = current[via];
    if (nextId === undefined) {
      throw new ValidationError(
        `agency '${current.id}' is abolished with neither successorId nor abolishedBy, so no agency can publish for it (COORD-3)`,
      );
    }
    const seen = path.some((step) => step.id === nextId);
    path.push({ id: nextId, via });
    if (seen) throw new ValidationError(`successor cycle: ${formatPath(path)}`);
    current = requireAgency(registry, nextId, `agency '${current.id}'.${via}`);
  }

  if (path.length > 1) rules.add('COORD-3');
  return current.id;
}

function formatPath(path: readonly { id: string; via?: 'successorId' | 'abolishedBy' }[]): string {
  return path.map((step) => (step.via === 'abolishedBy' ? `[abolishedBy] ${step.id}` : step.id)).join(' → ');
}

/**
 * COORD-4: every active agency registered as competent for the category must approve, except the
 * publisher itself — its own sign-off already is the competent department's approval.
 */
function competentApprovals(
  category: SensitiveCategory | undefined,
  publisher: string,
  agencies: readonly Agency[],
  rules: RuleTrail,
): string[] {
  if (category === undefined) return [];
  const competent = agencies
    .filter((agency) => agency.status === 'active' && agency.competentFor?.includes(category))
    .map((agency) => agency.id);
  if (competent.length === 0) {
    throw new ValidationError(
      `no active agency is registered as competent for '${category}': such information must not be released without that department's approval (COORD-4)`,
    );
  }
  rules.add('COORD-4');
  return competent.filter((id) => id !== publisher);
}
