import type { Directory, DocumentStore, ScoreStore } from '../../shared/ports';
import { aggregateScores, compareScores, type ScoreDifference } from '../../shared/scores/rebuild';

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
export async function rebuildScores(
  deps: { readonly documents: DocumentStore; readonly scores: ScoreStore; readonly directory: Directory },
  options: { fix: boolean },
): Promise<RebuildReport> {
  const agencies = await deps.directory.listAgencies();
  const docs = (await Promise.all(agencies.map((a) => deps.documents.listAllByAgency(a.id)))).flat();
  const { counters, evidence } = aggregateScores(docs);
  const years = [...new Set([...counters.map((c) => c.year), ...(await deps.scores.scoreYears())])].sort();
  const differences: ScoreDifference[] = [];
  for (const year of years) {
    const computed = counters.filter((c) => c.year === year);
    const found = compareScores(year, await deps.scores.scoreCounters(year), computed);
    differences.push(...found);
    if (options.fix && found.length > 0) {
      await deps.scores.replaceScores(
        year,
        computed,
        evidence.filter((e) => e.year === year),
      );
    }
  }
  return { documents: docs.length, years, differences, fixed: options.fix && differences.length > 0 };
}
