// Layout shell shared by the apps: a header with the app name, the language switch and the user menu;
// a collapsible side menu; the page content. Fits 1366×768 (side menu 220 px, content scrolls).
import { Button, Dropdown, Layout, Menu, Segmented, Space, Typography } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useState, type ReactNode } from 'react';
import { useI18n, type Lang } from './i18n.tsx';
import { navigate } from './router.tsx';

export interface ShellMenuItem {
  readonly key: string;
  readonly path: string;
  readonly label: ReactNode;
  readonly icon?: ReactNode;
}

export interface AppShellProps {
  readonly title: string;
  readonly menu: readonly ShellMenuItem[];
  readonly selectedKey?: string;
  readonly user?: { name: string; subtitle?: string } | null;
  readonly onLogout?: () => void;
  readonly children: ReactNode;
}

export function LanguageSwitch() {
  const { lang, setLang } = useI18n();
  return (
    <Segmented<Lang>
      size="small"
      value={lang}
      onChange={setLang}
      options={[
        { label: 'VI', value: 'vi' },
        { label: 'EN', value: 'en' },
      ]}
      aria-label="Ngôn ngữ / Language"
    />
  );
}

export function AppShell({ title, menu, selectedKey, user, onLogout, children }: AppShellProps) {
  const { t } = useI18n();
  const [collapsed, setCollapsed] = useState(false);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', paddingInline: 16 }}
      >
        <Typography.Text strong style={{ color: '#fff', fontSize: 16 }}>
          {t('common.appName')} · {title}
        </Typography.Text>
        <Space size="middle">
          <LanguageSwitch />
          {user && (
            <Dropdown
              menu={{
                items: [{ key: 'logout', icon: <LogoutOutlined />, label: t('common.logout') }],
                onClick: () => onLogout?.(),
              }}
            >
              <Button type="text" style={{ color: '#fff' }} icon={<UserOutlined />} data-testid="user-menu">
                {user.name}
                {user.subtitle ? ` · ${user.subtitle}` : ''}
              </Button>
            </Dropdown>
          )}
        </Space>
      </Layout.Header>
      <Layout>
        {menu.length > 0 && (
          <Layout.Sider width={220} collapsible collapsed={collapsed} onCollapse={setCollapsed} theme="light">
            <Menu
              mode="inline"
              selectedKeys={selectedKey ? [selectedKey] : []}
              items={menu.map((item) => ({ key: item.key, icon: item.icon, label: item.label }))}
              onClick={({ key }) => {
                const item = menu.find((m) => m.key === key);
                if (item) navigate(item.path);
              }}
            />
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: 16, overflow: 'auto' }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
