// Work dossiers of the year (Decree 30/2020 Art. 28–31): open, close, hand over to the archive.
import { App, Button, Card, Empty, Form, Input, InputNumber, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorText } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { formatDate } from '../doc-tags.tsx';
import { useSession } from '../session.tsx';

export interface Dossier {
  id: number;
  code: string;
  title: string;
  retentionYears: number | null;
  state: 'open' | 'closed' | 'archived';
  documentCount: number;
  closedAt: string | null;
  archiveDueDate: string | null;
  archiveOverdue: boolean;
}

export default function DossiersPage() {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [list, setList] = useState<Dossier[] | null>(null);
  const [form] = Form.useForm();
  const load = useCallback(() => void api<Dossier[]>('GET', '/api/v1/office/dossiers').then(setList), []);
  useEffect(load, [load]);
  const run = async (call: () => Promise<unknown>) => {
    try {
      await call();
      void message.success(t('o.done'));
      load();
    } catch (err) {
      void message.error(errorText(err, lang));
    }
  };
  return (
    <Card title={t('o.menu.dossiers')}>
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 16 }}
        onFinish={(v: { code: string; title: string; retentionYears?: number }) =>
          void run(() => api('POST', '/api/v1/office/dossiers', v)).then(() => form.resetFields())
        }
      >
        <Form.Item name="code" rules={[{ required: true, message: t('o.form.required') }]}>
          <Input placeholder={t('o.dossier.code')} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="title" rules={[{ required: true, message: t('o.form.required') }]}>
          <Input placeholder={t('o.dossier.title')} style={{ width: 360 }} />
        </Form.Item>
        <Form.Item name="retentionYears">
          <InputNumber placeholder={t('o.dossier.retention')} min={1} max={100} style={{ width: 170 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('o.dossier.open')}
        </Button>
      </Form>
      <Table<Dossier>
        rowKey="id"
        size="small"
        loading={list === null}
        dataSource={list ?? []}
        locale={{ emptyText: <Empty description={t('o.empty.dossiers')} /> }}
        pagination={false}
        columns={[
          { title: t('o.dossier.code'), dataIndex: 'code', width: 100 },
          { title: t('o.dossier.title'), dataIndex: 'title' },
          { title: t('o.dossier.documents'), dataIndex: 'documentCount', width: 90 },
          {
            title: t('o.dossier.retention'),
            dataIndex: 'retentionYears',
            width: 120,
            render: (v: number | null) => v ?? t('o.dossier.permanent'),
          },
          {
            title: t('o.col.state'),
            key: 's',
            width: 220,
            render: (_: unknown, d) => (
              <Space>
                <Tag color={d.state === 'open' ? 'blue' : d.state === 'closed' ? 'gold' : 'green'}>
                  {t(`o.dossierState.${d.state}`)}
                </Tag>
                {d.archiveDueDate && d.state === 'closed' && (
                  <Tag color={d.archiveOverdue ? 'red' : 'default'}>
                    {t('o.dossier.due')} {formatDate(d.archiveDueDate)}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            title: '',
            key: 'a',
            width: 140,
            render: (_: unknown, d) =>
              d.state === 'open' ? (
                <Button
                  size="small"
                  onClick={() => void run(() => api('POST', `/api/v1/office/dossiers/${d.id}/close`))}
                >
                  {t('o.dossier.close')}
                </Button>
              ) : d.state === 'closed' && me?.user.role === 'clerk' ? (
                <Button
                  size="small"
                  onClick={() => void run(() => api('POST', `/api/v1/office/dossiers/${d.id}/archive`))}
                >
                  {t('o.dossier.archive')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
