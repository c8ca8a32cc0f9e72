// Registering a paper document (same số đến series as electronic ones, Art. 22); the scan is uploaded next.
import { App, Button, Card, Form, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { api, errorText } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { navigate } from '../../../shared/router.tsx';

export default function PaperPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const submit = async (v: Record<string, unknown>) => {
    setBusy(true);
    try {
      const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== ''));
      const doc = await api<{ id: number }>('POST', '/api/v1/office/documents/incoming/paper', body);
      navigate(`/van-ban/${doc.id}`);
    } catch (err) {
      void message.error(errorText(err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('o.menu.paper')} style={{ maxWidth: 900 }}>
      <Form
        layout="vertical"
        onFinish={(v) => void submit(v as Record<string, unknown>)}
        initialValues={{ priority: 0 }}
      >
        <Form.Item
          name="fromName"
          label={t('o.form.fromName')}
          rules={[{ required: true, whitespace: true, message: t('o.form.required') }]}
        >
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="codeNumber" label={t('o.form.codeNumber')}>
            <Input style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="codeNotation" label={t('o.form.codeNotation')}>
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="priority" label={t('o.form.priority')}>
            <Select
              style={{ width: 180 }}
              options={[0, 1, 2, 3].map((p) => ({ value: p, label: t(`o.priority.${p}`) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item
          name="subject"
          label={t('o.form.subject')}
          rules={[{ required: true, whitespace: true, message: t('o.form.required') }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('o.form.register')}
        </Button>
      </Form>
    </Card>
  );
}
