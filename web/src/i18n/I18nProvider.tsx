import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { setApiLanguage } from '../api';
import de from './de.json';
import en from './en.json';

// German is the source language; en.json must have the same keys (checked by the type below).
export type Messages = typeof de;
const english: Messages = en;
const catalogs = { de, en: english } as const;

export type Language = keyof typeof catalogs;
export const languages = Object.keys(catalogs) as Language[];

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<Messages>;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const storageKey = 'amtsdesk.language';

function lookup(catalog: Messages, key: string): string | undefined {
  let node: unknown = catalog;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === 'string' ? node : undefined;
}

function initialLanguage(): Language {
  let stored: string | null = null;
  try {
    stored = window.localStorage.getItem(storageKey);
  } catch {
    // Storage can be blocked by browser policy; German is the default then.
  }
  return languages.find((lang) => lang === stored) ?? 'de';
}

function storeLanguage(lang: Language): void {
  try {
    window.localStorage.setItem(storageKey, lang);
  } catch {
    // Not persisting the choice is acceptable.
  }
}

interface I18nValue {
  lang: Language;
  setLang: (lang: Language) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(initialLanguage);
  setApiLanguage(lang);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Language) => {
    storeLanguage(next);
    setApiLanguage(next);
    setLangState(next);
  }, []);

  const t = useCallback<Translate>(
    (key, params) => {
      const text = lookup(catalogs[lang], key) ?? lookup(catalogs.de, key) ?? key;
      return params
        ? text.replace(/\{(\w+)\}/g, (match, name: string) => String(params[name] ?? match))
        : text;
    },
    [lang],
  );

  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT() must be used inside <I18nProvider>');
  return value;
}

export const useT = (): Translate => useI18n().t;

export function useLanguage(): { lang: Language; setLang: (lang: Language) => void } {
  const { lang, setLang } = useI18n();
  return { lang, setLang };
}

/** BCP 47 locale for Intl formatting. */
export const localeOf = (lang: Language): string => (lang === 'de' ? 'de-DE' : 'en-GB');
