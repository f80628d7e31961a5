/**
 * Two languages from simple dictionaries. Enum values from the API (statuses, categories, kinds)
 * are translated through `label(kind, value)`; an unknown value is shown as is, never hidden.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './messages.en';
import { nl, type MessageKey } from './messages.nl';
import { nlLabels, enLabels, type LabelKind } from './labels';

export type Language = 'nl' | 'en';
export const LANGUAGES: { code: Language; name: string }[] = [
  { code: 'nl', name: 'Nederlands' },
  { code: 'en', name: 'English' },
];

const MESSAGES: Record<Language, Record<MessageKey, string>> = { nl, en };
const LABELS = { nl: nlLabels, en: enLabels };
const STORAGE_KEY = 'ketenpoort-dashboard:language';

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  label(kind: LabelKind, value: string): string;
  date(value: string | null | undefined): string;
  dateTime(value: string): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored === 'nl' || stored === 'en') return stored;
  } catch {
    /* storage unavailable: fall back to the default */
  }
  return 'nl';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  useEffect(() => {
    // Screen readers pick their voice from the page's language.
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(() => {
    const locale = language === 'nl' ? 'nl-NL' : 'en-GB';
    return {
      language,
      setLanguage(next) {
        try {
          window.localStorage.setItem(STORAGE_KEY, next);
        } catch {
          /* the choice then lasts for this page only */
        }
        setLanguageState(next);
      },
      t(key, params) {
        const text = MESSAGES[language][key];
        return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
      },
      label(kind, value) {
        return (LABELS[language][kind] as Record<string, string>)[value] ?? value;
      },
      date(value) {
        if (!value) return '—';
        // A day is the chain's and stays that day anywhere; the day of a moment is the reader's.
        const day = value.length === 10;
        const d = new Date(day ? `${value}T00:00:00Z` : value);
        return Number.isNaN(d.getTime()) ? value : d.toLocaleDateString(locale, { ...(day ? { timeZone: 'UTC' } : {}), day: 'numeric', month: 'short', year: 'numeric' });
      },
      dateTime(value) {
        const d = new Date(value);
        // A moment, unlike a day, is read on the reader's own clock.
        return Number.isNaN(d.getTime()) ? value : d.toLocaleString(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
      },
      number(value, options) {
        return value.toLocaleString(locale, options);
      },
    };
  }, [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
