// Ant Design configuration shared by every app: the locale follows the chosen language (vi_VN first),
// one theme for the whole platform.
import { App as AntApp, ConfigProvider, theme as antTheme } from 'antd';
import viVN from 'antd/locale/vi_VN';
import enUS from 'antd/locale/en_US';
import type { ReactNode } from 'react';
import { I18nProvider, useI18n } from './i18n.tsx';

export const platformTheme = {
  algorithm: antTheme.defaultAlgorithm,
  token: {
    colorPrimary: '#1d4e89',
    colorError: '#c62828',
    borderRadius: 6,
    fontFamily: "'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif",
  },
  components: { Layout: { headerBg: '#1d4e89', siderBg: '#ffffff' } },
};

function LocalisedConfig({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'vi' ? viVN : enUS} theme={platformTheme} componentSize="middle">
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <I18nProvider>
      <LocalisedConfig>{children}</LocalisedConfig>
    </I18nProvider>
  );
}
