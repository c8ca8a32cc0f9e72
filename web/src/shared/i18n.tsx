// Vietnamese-first translation: a small dictionary per app, registered at module load, and a React
// context holding the chosen language (persisted in localStorage). A missing key falls back to
// Vietnamese, then to the key itself, so a forgotten English entry never blanks the screen.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'vi' | 'en';
export type Messages = Record<string, string>;

const dictionaries: Record<Lang, Messages> = { vi: {}, en: {} };

/** Adds an app's messages; keys are namespaced by convention (`office.inbox.title`). */
export function registerMessages(messages: { vi: Messages; en: Messages }): void {
  Object.assign(dictionaries.vi, messages.vi);
  Object.assign(dictionaries.en, messages.en);
}

registerMessages({
  vi: {
    'common.appName': 'Liên Thông',
    'common.language': 'Ngôn ngữ',
    'common.logout': 'Đăng xuất',
    'common.loading': 'Đang tải…',
    'common.retry': 'Thử lại',
    'common.save': 'Lưu',
    'common.cancel': 'Hủy',
    'common.confirm': 'Xác nhận',
    'common.search': 'Tìm kiếm',
    'common.error': 'Đã có lỗi',
    'common.notFound': 'Không tìm thấy trang',
    'common.back': 'Quay lại',
    'common.bundleMissing': 'Chưa dựng giao diện',
  },
  en: {
    'common.appName': 'Liên Thông',
    'common.language': 'Language',
    'common.logout': 'Sign out',
    'common.loading': 'Loading…',
    'common.retry': 'Retry',
    'common.save': 'Save',
    'common.cancel': 'Cancel',
    'common.confirm': 'Confirm',
    'common.search': 'Search',
    'common.error': 'Something went wrong',
    'common.notFound': 'Page not found',
    'common.back': 'Back',
    'common.bundleMissing': 'The interface has not been built',
  },
});

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

interface I18nValue {
  readonly lang: Lang;
  readonly setLang: (lang: Lang) => void;
  readonly t: Translate;
}

const STORAGE_KEY = 'lt.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function translate(lang: Lang, key: string, vars?: Record<string, string | number>): string {
  const text = dictionaries[lang][key] ?? dictionaries.vi[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) =>
    vars[name] === undefined ? match : String(vars[name]),
  );
}

const I18nContext = createContext<I18nValue>({
  lang: 'vi',
  setLang: () => undefined,
  t: (key, vars) => translate('vi', key, vars),
});

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing: the choice lasts for this page only.
    }
    document.documentElement.lang = next;
  }, []);
  const value = useMemo<I18nValue>(
    () => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  return useContext(I18nContext);
}
