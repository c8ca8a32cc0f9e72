import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { api, errorText } from '../../../shared/api.ts';
import { LanguageSwitch } from '../../../shared/app-shell.tsx';
import { useI18n } from '../../../shared/i18n.tsx';
import { useSession } from '../session.tsx';

export default function LoginPage() {
  const { t, lang } = useI18n();
  const { reload } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/api/v1/office/session', values);
      await reload();
    } catch (err) {
      setError(errorText(err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#eef2f7' }}>
      <Card style={{ width: 380 }} extra={<LanguageSwitch />} title={t('common.appName')}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('o.login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('o.login.hint')}</Typography.Paragraph>
        {error && (
          <Alert
            type="error"
            showIcon
            message={error}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form
          layout="vertical"
          onFinish={(v: { username: string; password: string }) => void submit(v)}
          requiredMark={false}
        >
          <Form.Item
            name="username"
            label={t('o.login.username')}
            rules={[{ required: true, message: t('o.form.required') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus id="login-username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('o.login.password')}
            rules={[{ required: true, message: t('o.form.required') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('o.login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
