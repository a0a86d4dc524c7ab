import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en } from './en';
import { createFormatters, type Formatters } from './format';
import { type Dict, LOCALES, type Locale } from './types';
import { zh } from './zh';

export type { Dict, Locale } from './types';

const DICTS: Record<Locale, Dict> = { 'zh-CN': zh, en };
const STORAGE_KEY = 'gongkai.locale';

interface I18n {
  readonly locale: Locale;
  readonly d: Dict;
  readonly fmt: Formatters;
  setLocale(locale: Locale): void;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    // storage blocked: fall back to Chinese
  }
  return 'zh-CN';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not persisted; the choice still holds for this page
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = `${DICTS[locale].app.brand} · ${DICTS[locale].app.title}`;
  }, [locale]);
  const value = useMemo<I18n>(
    () => ({ locale, d: DICTS[locale], fmt: createFormatters(locale), setLocale }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n must be used inside <I18nProvider>');
  return ctx;
}

type Enums =
  | 'status'
  | 'role'
  | 'disclosure'
  | 'origin'
  | 'category'
  | 'sensitive'
  | 'taskKind'
  | 'findingKind'
  | 'decision'
  | 'score';

/** The label of a code from one of the dictionary's enumerations; an unknown code shows as itself. */
export function label(d: Dict, group: Enums, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  const table = d[group] as Readonly<Record<string, string>>;
  return Object.hasOwn(table, code) ? (table[code] ?? code) : code;
}
