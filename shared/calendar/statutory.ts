// The statutory public holidays of 《全国年节及纪念日放假办法》 (2024 revision, in force 2025):
// 元旦 1, 春节 4 (除夕 to 初三), 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3. The State Council's yearly
// arrangement adds bridging days and 调休 around them, which cannot be foreseen; these dates are
// only what the law fixes, used to estimate deadlines in a year whose arrangement is unpublished.
import { fromDayNumber, type IsoDate, toDayNumber } from './iso-date';

export interface LunarAstronomy {
  /** 正月初一 (Spring Festival) of a Gregorian year, as YYYY-MM-DD in Beijing. */
  springFestival(year: number): IsoDate;
  /** 五月初五 (Dragon Boat Festival). */
  dragonBoat(year: number): IsoDate;
  /** 八月十五 (Mid-Autumn Festival). */
  midAutumn(year: number): IsoDate;
  /** The day of the 清明 solar term. */
  qingming(year: number): IsoDate;
}

export function statutoryHolidays(year: number, lunar: LunarAstronomy): IsoDate[] {
  const spring = toDayNumber(lunar.springFestival(year));
  const days = [
    `${year}-01-01`,
    ...[-1, 0, 1, 2].map((offset) => fromDayNumber(spring + offset)),
    lunar.qingming(year),
    `${year}-05-01`,
    `${year}-05-02`,
    lunar.dragonBoat(year),
    lunar.midAutumn(year),
    `${year}-10-01`,
    `${year}-10-02`,
    `${year}-10-03`,
  ];
  return [...new Set(days)].sort();
}
