import { describe, expect, it } from 'vitest';
import { DomainError, ValidationError } from '../../../shared/model/errors';
import {
  type Agency,
  assertMayPublish,
  parseRoutingCase,
  type RoutingDocument,
  route,
  SENSITIVE_CATEGORIES,
  UnauthorisedPublicationError,
} from '../../../shared/routing';

const active = (id: string, extra: Partial<Agency> = {}): Agency => ({ id, status: 'active', ...extra });
const abolished = (id: string, extra: Partial<Agency> = {}): Agency => ({
  id,
  status: 'abolished',
  ...extra,
});

const registry: Agency[] = [
  active('gov', { name: '区政府' }),
  active('edu', { name: '区教育局' }),
  active('health', { name: '区卫生健康局', competentFor: ['infectious-disease'] }),
  active('agri', { name: '区农业农村局', competentFor: ['agri-product-safety', 'animal-epidemic'] }),
  active('commerce', { name: '区商务局', competentFor: ['foreign-trade'] }),
  active('nr', { name: '区自然资源局', competentFor: ['geographic-data'] }),
  active('stats', { name: '区统计局', competentFor: ['statistics'] }),
];

describe('COORD-1 who made it / who holds it publishes', () => {
  it('COORD-1 routes made information to the maker', () => {
    expect(route({ agencies: registry, document: { origin: 'made', madeBy: 'edu' } })).toEqual({
      publisher: 'edu',
      approvals: [],
      rules: ['COORD-1'],
    });
  });

  it('COORD-1 routes obtained information to the holder, not the maker', () => {
    expect(route({ agencies: registry, document: { origin: 'obtained', heldBy: 'edu', madeBy: 'citizen-x' } })).toEqual(
      { publisher: 'edu', approvals: [], rules: ['COORD-1'] },
    );
  });

  it('COORD-1 fails when the maker or holder for the origin is missing', () => {
    expect(() => route({ agencies: registry, document: { origin: 'made', heldBy: 'edu' } })).toThrow(
      'document.madeBy is required for made information',
    );
    expect(() => route({ agencies: registry, document: { origin: 'obtained', madeBy: 'edu' } })).toThrow(
      'document.heldBy is required for obtained information',
    );
  });

  it('COORD-1 fails naming an unknown agency id', () => {
    expect(() => route({ agencies: registry, document: { origin: 'made', madeBy: 'nobody' } })).toThrow(
      "unknown agency 'nobody' (document.madeBy)",
    );
  });

  it('COORD-1 fails on a duplicate agency id in the registry', () => {
    expect(() =>
      route({ agencies: [...registry, active('edu')], document: { origin: 'made', madeBy: 'edu' } }),
    ).toThrow("duplicate agency id 'edu' at agencies[7]");
  });
});

describe('COORD-2 joint drafting', () => {
  const joint: RoutingDocument = {
    origin: 'made',
    madeBy: 'edu',
    leadDrafter: 'gov',
    coDrafters: ['edu', 'health'],
  };

  it('COORD-2 routes to the lead drafter, whoever made or uploaded it', () => {
    expect(route({ agencies: registry, document: joint })).toEqual({
      publisher: 'gov',
      approvals: [],
      rules: ['COORD-1', 'COORD-2'],
    });
  });

  it('COORD-2 fails when co-drafters are given without the lead drafter', () => {
    expect(() =>
      route({ agencies: registry, document: { origin: 'made', madeBy: 'edu', coDrafters: ['health'] } }),
    ).toThrow(/document.leadDrafter is required/);
  });

  it('COORD-2 fails naming an unknown co-drafter', () => {
    expect(() =>
      route({
        agencies: registry,
        document: { origin: 'made', leadDrafter: 'gov', coDrafters: ['edu', 'ghost'] },
      }),
    ).toThrow("unknown agency 'ghost' (document.coDrafters[1])");
  });

  it('COORD-2 fails for drafters on obtained information', () => {
    expect(() =>
      route({ agencies: registry, document: { origin: 'obtained', heldBy: 'edu', leadDrafter: 'gov' } }),
    ).toThrow(ValidationError);
  });

  it('COORD-2 co-drafters may not publish (COORD-6)', () => {
    const decision = route({ agencies: registry, document: joint });
    expect(() => assertMayPublish(decision, 'health')).toThrow(UnauthorisedPublicationError);
  });
});

describe('COORD-3 abolished or changed agencies', () => {
  it('COORD-3 follows a successor chain A → B → C of any length', () => {
    const agencies = [
      abolished('a', { successorId: 'b' }),
      abolished('b', { successorId: 'c' }),
      abolished('c', { successorId: 'd' }),
      active('d'),
    ];
    expect(route({ agencies, document: { origin: 'made', madeBy: 'a' } })).toEqual({
      publisher: 'd',
      approvals: [],
      rules: ['COORD-1', 'COORD-3'],
    });
  });

  it('COORD-3 falls back to the agency that decided the abolition when nobody inherited the duties', () => {
    const agencies = [
      abolished('temp-body', { name: '临时机构', successorId: 'b' }),
      abolished('b', { abolishedBy: 'gov' }),
      active('gov'),
    ];
    expect(route({ agencies, document: { origin: 'obtained', heldBy: 'temp-body' } })).toEqual({
      publisher: 'gov',
      approvals: [],
      rules: ['COORD-1', 'COORD-3'],
    });
  });

  it('COORD-3 resolves the deciding agency through its own successor chain', () => {
    const agencies = [
      abolished('a', { abolishedBy: 'old-gov' }),
      abolished('old-gov', { successorId: 'gov' }),
      active('gov'),
    ];
    expect(route({ agencies, document: { origin: 'made', madeBy: 'a' } }).publisher).toBe('gov');
  });

  it('COORD-3 applies to an abolished lead drafter', () => {
    const agencies = [abolished('lead', { successorId: 'gov' }), active('gov'), active('edu')];
    expect(route({ agencies, document: { origin: 'made', leadDrafter: 'lead', coDrafters: ['edu'] } })).toEqual({
      publisher: 'gov',
      approvals: [],
      rules: ['COORD-1', 'COORD-2', 'COORD-3'],
    });
  });

  it('COORD-3 ignores successorId on an active agency', () => {
    const agencies = [active('a', { successorId: 'b' }), active('b')];
    expect(route({ agencies, document: { origin: 'made', madeBy: 'a' } })).toEqual({
      publisher: 'a',
      approvals: [],
      rules: ['COORD-1'],
    });
  });

  it('COORD-3 fails naming the cycle instead of hanging', () => {
    const agencies = [abolished('a', { successorId: 'b' }), abolished('b', { successorId: 'a' })];
    expect(() => route({ agencies, document: { origin: 'made', madeBy: 'a' } })).toThrow('successor cycle: a → b → a');
  });

  it('COORD-3 fails naming a cycle through abolishedBy and a self-successor', () => {
    const viaDecider = [abolished('a', { successorId: 'b' }), abolished('b', { abolishedBy: 'a' })];
    expect(() => route({ agencies: viaDecider, document: { origin: 'made', madeBy: 'a' } })).toThrow(
      'successor cycle: a → b → [abolishedBy] a',
    );
    const self = [abolished('a', { successorId: 'a' })];
    expect(() => route({ agencies: self, document: { origin: 'made', madeBy: 'a' } })).toThrow(
      'successor cycle: a → a',
    );
  });

  it('COORD-3 fails when the chain ends without successor or deciding agency', () => {
    const agencies = [abolished('a', { successorId: 'b' }), abolished('b')];
    expect(() => route({ agencies, document: { origin: 'made', madeBy: 'a' } })).toThrow(
      "agency 'b' is abolished with neither successorId nor abolishedBy",
    );
  });

  it('COORD-3 fails naming an unknown successor', () => {
    const agencies = [abolished('a', { successorId: 'ghost' })];
    expect(() => route({ agencies, document: { origin: 'made', madeBy: 'a' } })).toThrow(
      "unknown agency 'ghost' (agency 'a'.successorId)",
    );
  });
});

describe('COORD-4 approval by the competent department', () => {
  const competentFor = {
    'agri-product-safety': 'agri',
    'infectious-disease': 'health',
    'animal-epidemic': 'agri',
    'foreign-trade': 'commerce',
    'geographic-data': 'nr',
    statistics: 'stats',
  } as const;

  it.each(SENSITIVE_CATEGORIES)('COORD-4 requires the competent department to approve %s', (category) => {
    expect(
      route({ agencies: registry, document: { origin: 'made', madeBy: 'gov', sensitiveCategory: category } }),
    ).toEqual({
      publisher: 'gov',
      approvals: [competentFor[category]],
      rules: ['COORD-1', 'COORD-4'],
    });
  });

  it('COORD-4 needs no separate approval when the publisher is the competent department', () => {
    expect(
      route({
        agencies: registry,
        document: { origin: 'made', madeBy: 'stats', sensitiveCategory: 'statistics' },
      }),
    ).toEqual({ publisher: 'stats', approvals: [], rules: ['COORD-1', 'COORD-4'] });
  });

  it('COORD-4 asks every other competent department, in registry order, and skips abolished ones', () => {
    const agencies = [
      active('gov'),
      abolished('old-stats', { successorId: 'stats', competentFor: ['statistics'] }),
      active('stats', { competentFor: ['statistics'] }),
      active('survey', { competentFor: ['statistics'] }),
    ];
    expect(
      route({ agencies, document: { origin: 'made', madeBy: 'gov', sensitiveCategory: 'statistics' } }).approvals,
    ).toEqual(['stats', 'survey']);
  });

  it('COORD-4 fails when no competent department is registered', () => {
    expect(() =>
      route({
        agencies: [active('gov'), abolished('stats', { competentFor: ['statistics'] })],
        document: { origin: 'made', madeBy: 'gov', sensitiveCategory: 'statistics' },
      }),
    ).toThrow("no active agency is registered as competent for 'statistics'");
  });

  it('COORD-4 lists rules in the order applied with COORD-2 and COORD-3', () => {
    const agencies = [...registry, abolished('office', { successorId: 'gov' })];
    expect(
      route({
        agencies,
        document: {
          origin: 'made',
          leadDrafter: 'office',
          coDrafters: ['edu'],
          sensitiveCategory: 'infectious-disease',
        },
      }),
    ).toEqual({
      publisher: 'gov',
      approvals: ['health'],
      rules: ['COORD-1', 'COORD-2', 'COORD-3', 'COORD-4'],
    });
  });
});

describe('COORD-6 unauthorised publication', () => {
  const decision = route({ agencies: registry, document: { origin: 'made', madeBy: 'edu' } });

  it('COORD-6 lets the routed publisher publish', () => {
    expect(() => assertMayPublish(decision, 'edu')).not.toThrow();
  });

  it('COORD-6 refuses any other agency with unauthorised_publication', () => {
    let thrown: unknown;
    try {
      assertMayPublish(decision, 'gov');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnauthorisedPublicationError);
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({
      code: 'unauthorised_publication',
      rule: 'COORD-6',
      actingAgencyId: 'gov',
      publisher: 'edu',
      message: "agency 'gov' may not publish this information; only 'edu' may (COORD-6)",
    });
  });
});

describe('COORD-7 authorised organisations and public enterprises', () => {
  it('COORD-7 routes a public enterprise like any agency, including succession', () => {
    const agencies = [
      active('water', { name: '区自来水公司' }),
      abolished('old-water', { name: '原区供水站', successorId: 'water' }),
      active('health', { competentFor: ['infectious-disease'] }),
    ];
    expect(route({ agencies, document: { origin: 'made', madeBy: 'water' } })).toEqual({
      publisher: 'water',
      approvals: [],
      rules: ['COORD-1'],
    });
    expect(route({ agencies, document: { origin: 'obtained', heldBy: 'old-water' } }).publisher).toBe('water');
  });

  it('COORD-7 an authorised organisation can be the competent department', () => {
    const agencies = [
      active('school'),
      active('cdc', { name: '区疾控中心（授权组织）', competentFor: ['infectious-disease'] }),
    ];
    expect(
      route({
        agencies,
        document: { origin: 'made', madeBy: 'school', sensitiveCategory: 'infectious-disease' },
      }),
    ).toEqual({ publisher: 'school', approvals: ['cdc'], rules: ['COORD-1', 'COORD-4'] });
  });
});

describe('routing case schema', () => {
  it('COORD-1 parses a case read from JSON', () => {
    const parsed = parseRoutingCase(
      JSON.parse('{"agencies":[{"id":"edu","status":"active"}],"document":{"origin":"made","madeBy":"edu"}}'),
    );
    expect(route(parsed)).toEqual({ publisher: 'edu', approvals: [], rules: ['COORD-1'] });
  });

  it('COORD-3 fails on a misspelt field rather than dropping it', () => {
    expect(() =>
      parseRoutingCase({
        agencies: [{ id: 'a', status: 'abolished', sucessorId: 'b' }],
        document: { origin: 'made', madeBy: 'a' },
      }),
    ).toThrow(/agencies\[0\]: Unrecognized key: "sucessorId"/);
  });

  it('COORD-4 fails on an unknown sensitive category', () => {
    expect(() =>
      parseRoutingCase({
        agencies: [],
        document: { origin: 'made', madeBy: 'a', sensitiveCategory: 'weather' },
      }),
    ).toThrow(/document.sensitiveCategory/);
  });
});
