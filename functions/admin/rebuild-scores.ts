import { aggregateScores, compareScores, type ScoreDifference } from '../../shared/scores/rebuild';
import type { DynamoRepository } from '../adapters/dynamo';

export interface RebuildReport {
  readonly documents: number;
  readonly years: number[];
  readonly differences: ScoreDifference[];
  readonly fixed: boolean;
}

/**
 * Recomputes every agency-year counter from the documents and reports where the stored ones
 * differ; with `fix`, replaces them. Reads every document: an operator's command, never a request path.
 */
export async function rebuildScores(repository: DynamoRepository, options: { fix: boolean }): Promise<RebuildReport> {
  const agencies = await repository.listAgencies();
  const docs = (await Promise.all(agencies.map((a) => repository.listAllByAgency(a.id)))).flat();
  const { counters, evidence } = aggregateScores(docs);
  const years = [...new Set([...counters.map((c) => c.year), ...(await repository.scoreYears())])].sort();
  const differences: ScoreDifference[] = [];
  for (const year of years) {
    const computed = counters.filter((c) => c.year === year);
    const found = compareScores(year, await repository.scoreCounters(year), computed);
    differences.push(...found);
    if (options.fix && found.length > 0) {
      await repository.replaceScores(
        year,
        computed,
        evidence.filter((e) => e.year === year),
      );
    }
  }
  return { documents: docs.length, years, differences, fixed: options.fix && differences.length > 0 };
}
