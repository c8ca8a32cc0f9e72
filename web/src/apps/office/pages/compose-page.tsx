// Drafting an outgoing document (or a reply linked to an incoming one): subject, type, urgency and
// recipients from the axis directory or by group; attachments are added on the document page next.
import { Alert, App, Button, Card, Form, Input, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorText } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { navigate, useLocation } from '../../../shared/router.tsx';

interface RegistryAgency {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
}
interface Catalogues {
  documentTypes: { order: number; nameVi: string; abbreviation: string | null }[];
}

export default function ComposePage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { query } = useLocation();
  const replyTo = Number(query.get('tra-loi')) || undefined;
  const [form] = Form.useForm();
  const [registry, setRegistry] = useState<RegistryAgency[]>([]);
  const [registryError, setRegistryError] = useState(false);
  const [types, setTypes] = useState<Catalogues['documentTypes']>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<{ items: RegistryAgency[] }>('GET', '/api/v1/office/registry')
      .then((r) => setRegistry(r.items))
      .catch(() => setRegistryError(true));
    api<Catalogues>('GET', '/api/v1/office/catalogues')
      .then((c) => setTypes(c.documentTypes))
      .catch(() => undefined);
  }, []);

  // QCVN 102 codes: central bodies are G.., provinces H.. at level 1 (standards-vn §1.2).
  const group = (letter: 'G' | 'H') =>
    registry.filter((a) => new RegExp(`\\.${letter}\\d+$`).test(a.code) && a.level === 1).map((a) => a.code);
  const addGroup = (letter: 'G' | 'H') => {
    const current = (form.getFieldValue('recipients') as string[] | undefined) ?? [];
    form.setFieldValue('recipients', [...new Set([...current, ...group(letter)])]);
  };

  const submit = async (v: {
    subject: string;
    summary?: string;
    type?: string;
    priority?: number;
    recipients?: string[];
  }) => {
    setBusy(true);
    try {
      const type = types.find((x) => x.nameVi === v.type);
      const doc = await api<{ id: number }>('POST', '/api/v1/office/documents/outgoing', {
        subject: v.subject,
        ...(v.summary ? { summary: v.summary } : {}),
        ...(type
          ? { typeName: type.nameVi, ...(type.abbreviation ? { typeAbbreviation: type.abbreviation } : {}) }
          : {}),
        priority: v.priority ?? 0,
        recipients: (v.recipients ?? []).map((code) => ({
          code,
          name: registry.find((a) => a.code === code)?.name,
        })),
        ...(replyTo ? { responseForId: replyTo } : {}),
      });
      navigate(`/van-ban/${doc.id}`);
    } catch (err) {
      void message.error(errorText(err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('o.menu.compose')} style={{ maxWidth: 900 }}>
      {replyTo && (
        <Alert
          type="info"
          showIcon
          message={`${t('o.form.replyTo')} #${replyTo}`}
          style={{ marginBottom: 16 }}
        />
      )}
      {registryError && (
        <Alert type="warning" showIcon message={t('o.registry.unavailable')} style={{ marginBottom: 16 }} />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v as never)}
        initialValues={{ priority: 0, type: 'Công văn' }}
      >
        <Form.Item
          name="subject"
          label={t('o.form.subject')}
          rules={[{ required: true, whitespace: true, message: t('o.form.required') }]}
        >
          <Input.TextArea rows={2} maxLength={2000} data-testid="compose-subject" />
        </Form.Item>
        <Form.Item name="summary" label={t('o.form.summary')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="type" label={t('o.form.type')} style={{ minWidth: 260 }}>
            <Select
              showSearch
              options={[
                { value: 'Công văn', label: 'Công văn' },
                ...types.map((x) => ({
                  value: x.nameVi,
                  label: `${x.nameVi}${x.abbreviation ? ` (${x.abbreviation})` : ''}`,
                })),
              ]}
            />
          </Form.Item>
          <Form.Item name="priority" label={t('o.form.priority')} style={{ minWidth: 200 }}>
            <Select
              options={[0, 1, 2, 3].map((p) => ({ value: p, label: t(`o.priority.${p}`) }))}
              data-testid="compose-priority"
            />
          </Form.Item>
        </Space>
        <Form.Item
          name="recipients"
          label={t('o.form.recipients')}
          extra={
            <Space style={{ marginTop: 8 }}>
              <Button size="small" onClick={() => addGroup('G')} disabled={registry.length === 0}>
                {t('o.form.allMinistries')}
              </Button>
              <Button size="small" onClick={() => addGroup('H')} disabled={registry.length === 0}>
                {t('o.form.allProvinces')}
              </Button>
            </Space>
          }
        >
          <Select
            mode="tags"
            showSearch
            optionFilterProp="label"
            placeholder="000.00.00.H41"
            data-testid="compose-recipients"
            options={registry.map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="compose-submit">
          {t('o.form.create')}
        </Button>
      </Form>
    </Card>
  );
}
