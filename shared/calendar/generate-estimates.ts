// Regenerates statutory-estimates.json: `TZ=Asia/Shanghai npx tsx shared/calendar/generate-estimates.ts`.
// chinese-days converts lunar dates in local time, so this runs on Beijing time, once, offline; the
// pipeline only reads the JSON (and a test checks the method against the published years).
import { writeFileSync } from 'node:fs';
import chineseDays from 'chinese-days';
import { type LunarAstronomy, statutoryHolidays } from './statutory';

if (process.env.TZ !== 'Asia/Shanghai') throw new Error('run with TZ=Asia/Shanghai');

export const chineseDaysLunar: LunarAstronomy = {
  springFestival: (year) => chineseDays.getSolarDateFromLunar(`${year}-01-01`).date,
  dragonBoat: (year) => chineseDays.getSolarDateFromLunar(`${year}-05-05`).date,
  midAutumn: (year) => chineseDays.getSolarDateFromLunar(`${year}-08-15`).date,
  qingming: (year) => {
    const term = chineseDays.getSolarTerms(`${year}-04-01`, `${year}-04-10`).find((t) => t.name === '清明');
    if (!term) throw new Error(`no 清明 found in ${year}`);
    return term.date;
  },
};

const years: Record<string, string[]> = {};
for (let year = 2025; year <= 2040; year++) years[String(year)] = statutoryHolidays(year, chineseDaysLunar);
writeFileSync(new URL('./statutory-estimates.json', import.meta.url), `${JSON.stringify({ years }, null, 2)}\n`);
