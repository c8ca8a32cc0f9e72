// A document's page: its data, attachments (PDF preview), the actions the signed-in user may take now,
// assignments, and the full status timeline per recipient (outgoing) or as sent to the sender (incoming).
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Progress,
  Result,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Upload,
} from 'antd';
import { ArrowLeftOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useState } from 'react';
import { api, errorText, upload } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { navigate } from '../../../shared/router.tsx';
import { formatDate, numberOf, PriorityTag, StateTag, StatusCodeTag } from '../doc-tags.tsx';
import type { Detail } from '../doc-types.ts';
import { useSession } from '../session.tsx';

type ModalKind = 'return' | 'assign' | 'complete' | 'reject' | 'revoke' | 'refuse-revoke' | null;

export default function DocumentPage({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [busy, setBusy] = useState(false);
  const [modal, setModal] = useState<ModalKind>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [preview, setPreview] = useState<number | null>(null);
  const [form] = Form.useForm();
  const [dossiers, setDossiers] = useState<{ id: number; code: string; title: string; state: string }[]>([]);
  useEffect(() => {
    api<{ id: number; code: string; title: string; state: string }[]>('GET', '/api/v1/office/dossiers')
      .then((list) => setDossiers(list.filter((x) => x.state === 'open')))
      .catch(() => undefined);
  }, []);

  const load = useCallback(async () => {
    try {
      setDetail(await api<Detail>('GET', `/api/v1/office/documents/${id}`));
    } catch (err) {
      if ((err as { status?: number }).status === 404) setNotFound(true);
      else void message.error(errorText(err, lang));
    }
  }, [id, lang, message]);

  useEffect(() => {
    void load();
    // Statuses arrive from the recipients through the axis: refresh while the page is open.
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [load]);

  const act = async (action: string, body?: unknown) => {
    setBusy(true);
    try {
      await api('POST', `/api/v1/office/documents/${id}/${action}`, body ?? {});
      void message.success(t('o.done'));
      setModal(null);
      form.resetFields();
      await load();
    } catch (err) {
      void message.error(errorText(err, lang));
    } finally {
      setBusy(false);
    }
  };

  if (notFound) {
    return (
      <Result
        status="404"
        title={t('common.notFound')}
        extra={<Button onClick={() => navigate('/')}>{t('common.back')}</Button>}
      />
    );
  }
  if (!detail) return <Card loading />;
  const d = detail.document;
  const actions = new Set(detail.actions);
  const users = me?.users ?? [];
  const departments = me?.departments ?? [];

  const buttons = (
    <Space wrap>
      {actions.has('accept') && (
        <Button type="primary" loading={busy} onClick={() => void act('accept')} data-testid="action-accept">
          {t('o.action.accept')}
        </Button>
      )}
      {actions.has('return') && (
        <Button danger onClick={() => setModal('return')} data-testid="action-return">
          {t('o.action.return')}
        </Button>
      )}
      {actions.has('assign') && (
        <Button type="primary" onClick={() => setModal('assign')} data-testid="action-assign">
          {t('o.action.assign')}
        </Button>
      )}
      {actions.has('process') && (
        <Button loading={busy} onClick={() => void act('process')} data-testid="action-process">
          {t('o.action.process')}
        </Button>
      )}
      {actions.has('complete') && (
        <Button type="primary" onClick={() => setModal('complete')} data-testid="action-complete">
          {t('o.action.complete')}
        </Button>
      )}
      {actions.has('reply') && (
        <Button onClick={() => navigate(`/soan-thao?tra-loi=${d.id}`)} data-testid="action-reply">
          {t('o.action.reply')}
        </Button>
      )}
      {actions.has('submit') && (
        <Button type="primary" loading={busy} onClick={() => void act('submit')} data-testid="action-submit">
          {t('o.action.submit')}
        </Button>
      )}
      {actions.has('approve') && (
        <Button
          type="primary"
          loading={busy}
          onClick={() => void act('approve')}
          data-testid="action-approve"
        >
          {t('o.action.approve')}
        </Button>
      )}
      {actions.has('reject') && (
        <Button danger onClick={() => setModal('reject')} data-testid="action-reject">
          {t('o.action.reject')}
        </Button>
      )}
      {actions.has('issue') && (
        <Button type="primary" loading={busy} onClick={() => void act('issue')} data-testid="action-issue">
          {t('o.action.issue')}
        </Button>
      )}
      {actions.has('revoke') && (
        <Button danger onClick={() => setModal('revoke')} data-testid="action-revoke">
          {t('o.action.revoke')}
        </Button>
      )}
      {actions.has('answer-revoke') && (
        <>
          <Button
            type="primary"
            danger
            loading={busy}
            onClick={() => void act('revoke-answer', { agree: true })}
            data-testid="action-revoke-agree"
          >
            {t('o.action.answerRevokeAgree')}
          </Button>
          <Button onClick={() => setModal('refuse-revoke')}>{t('o.action.answerRevokeRefuse')}</Button>
        </>
      )}
    </Space>
  );

  const reasonModal = (kind: ModalKind, title: string, action: string, extra?: object) => (
    <Modal
      open={modal === kind}
      title={title}
      onCancel={() => setModal(null)}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() =>
        void form
          .validateFields()
          .then((v: { reason: string }) => act(action, { ...extra, reason: v.reason }))
      }
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('o.form.reason')}
          rules={[{ required: true, whitespace: true, message: t('o.form.reasonRequired') }, { max: 1000 }]}
        >
          <Input.TextArea rows={3} autoFocus data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );

  const eventsByParty = new Map<string, Detail['events']>();
  for (const e of detail.events) {
    const list = eventsByParty.get(e.partyCode) ?? [];
    list.push(e);
    eventsByParty.set(e.partyCode, list);
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        onClick={() => window.history.back()}
        style={{ padding: 0 }}
      >
        {t('common.back')}
      </Button>
      <Card
        title={
          <Space wrap>
            <PriorityTag priority={d.priority} />
            <span data-testid="doc-subject">{d.subject}</span>
          </Space>
        }
        extra={<StateTag state={d.state} />}
      >
        {d.pendingRequest === 'revoke' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('o.doc.revokeRequest')}
            description={d.pendingReason}
          />
        )}
        {d.returnReason && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            message={`${t('o.doc.returnReason')}: ${d.returnReason}`}
          />
        )}
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 2 }} bordered>
          <Descriptions.Item label={t('o.col.number')}>
            <span data-testid="doc-number">{numberOf(d)}</span>
          </Descriptions.Item>
          {d.direction === 'incoming' && (
            <Descriptions.Item label={t('o.col.incomingNumber')}>
              <span data-testid="doc-incoming-number">{d.incomingNumber ?? '—'}</span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('o.form.type')}>{d.typeName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={d.direction === 'incoming' ? t('o.col.from') : t('o.col.to')}>
            {d.direction === 'incoming'
              ? `${d.fromName ?? ''} ${d.fromCode ? `(${d.fromCode})` : ''}`
              : d.recipientsText}
          </Descriptions.Item>
          <Descriptions.Item label={t('o.col.date')}>{formatDate(d.promulgationDate)}</Descriptions.Item>
          <Descriptions.Item label={t('o.col.deadline')}>{formatDate(d.deadline) || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('o.doc.signature')}>
            <Tag
              color={
                d.signatureStatus === 'verified'
                  ? 'green'
                  : d.signatureStatus === 'invalid'
                    ? 'red'
                    : 'default'
              }
            >
              {t(`o.sig.${d.signatureStatus}`)}
            </Tag>
            {d.signatureNote && <div style={{ fontSize: 12, color: '#666' }}>{d.signatureNote}</div>}
          </Descriptions.Item>
          {d.signerName && (
            <Descriptions.Item label="Người ký / Signer">
              {d.signerPosition ? `${d.signerPosition}: ` : ''}
              {d.signerName}
            </Descriptions.Item>
          )}
          {d.directive && <Descriptions.Item label={t('o.doc.directive')}>{d.directive}</Descriptions.Item>}
          {d.summary && (
            <Descriptions.Item label={t('o.form.summary')} span={2}>
              {d.summary}
            </Descriptions.Item>
          )}
        </Descriptions>
        <div
          style={{
            marginTop: 16,
            display: 'flex',
            justifyContent: 'space-between',
            gap: 16,
            flexWrap: 'wrap',
          }}
        >
          {buttons}
          {me?.user.role !== 'admin' && dossiers.length > 0 && (
            <Select
              placeholder={t('o.dossier.file')}
              style={{ minWidth: 260 }}
              value={(d as { dossierId?: number | null }).dossierId ?? undefined}
              options={dossiers.map((x) => ({ value: x.id, label: `${x.code} — ${x.title}` }))}
              onChange={(dossierId: number) => void act('dossier', { dossierId })}
            />
          )}
        </div>
      </Card>

      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card
            title={t('o.doc.attachments')}
            size="small"
            extra={
              (actions.has('upload') || (d.paper && me?.user.role === 'clerk')) && (
                <Upload
                  showUploadList={false}
                  accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,.doc,.docx,.odt"
                  customRequest={({ file }) => {
                    const form = new FormData();
                    form.append('file', file as Blob);
                    setProgress(0);
                    upload(`/api/v1/office/documents/${id}/attachments`, form, setProgress)
                      .then(() => load())
                      .catch((err: unknown) => void message.error(errorText(err, lang)))
                      .finally(() => setProgress(null));
                  }}
                >
                  <Button icon={<UploadOutlined />} data-testid="upload-button">
                    {t('o.action.upload')}
                  </Button>
                </Upload>
              )
            }
          >
            {progress !== null && <Progress percent={progress} size="small" />}
            {detail.attachments.length === 0 ? (
              <Empty description={t('o.doc.noAttachments')} />
            ) : (
              <List
                size="small"
                dataSource={detail.attachments}
                renderItem={(a) => (
                  <List.Item
                    actions={[
                      a.contentType === 'application/pdf' ? (
                        <Button
                          key="v"
                          type="link"
                          size="small"
                          onClick={() => setPreview(preview === a.id ? null : a.id)}
                        >
                          {t('o.doc.preview')}
                        </Button>
                      ) : null,
                      <a key="d" href={`/api/v1/office/attachments/${a.id}`} target="_blank" rel="noreferrer">
                        {t('o.doc.download')}
                      </a>,
                    ]}
                  >
                    <PaperClipOutlined /> <span data-testid="attachment-name">{a.name}</span> (
                    {Math.ceil(a.size / 1024)} KB)
                  </List.Item>
                )}
              />
            )}
            {preview !== null && (
              <iframe
                title="PDF"
                src={`/api/v1/office/attachments/${preview}`}
                style={{ width: '100%', height: 480, border: '1px solid #ddd', marginTop: 8 }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          {d.direction === 'outgoing' ? (
            <Card title={t('o.doc.recipients')} size="small">
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={detail.recipients}
                data-testid="recipient-table"
                columns={[
                  { title: t('o.col.to'), key: 'r', render: (_: unknown, r) => r.name ?? r.code },
                  {
                    title: t('o.col.state'),
                    key: 's',
                    render: (_: unknown, r) => (
                      <span data-testid={`recipient-status-${r.code}`}>
                        <StatusCodeTag code={r.statusCode} />
                      </span>
                    ),
                  },
                  {
                    title: t('o.doc.timeline'),
                    key: 't',
                    render: (_: unknown, r) => (
                      <span data-testid={`recipient-timeline-${r.code}`}>
                        {(eventsByParty.get(r.code) ?? [])
                          .filter((e) => e.direction === 'received')
                          .map((e) => e.statusCode)
                          .join(' → ')}
                      </span>
                    ),
                  },
                ]}
              />
            </Card>
          ) : (
            <Card title={t('o.doc.assignments')} size="small">
              {detail.assignments.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="—" />
              ) : (
                <List
                  size="small"
                  dataSource={detail.assignments}
                  renderItem={(a) => (
                    <List.Item>
                      <Tag color={a.role === 'lead' ? 'blue' : 'default'}>
                        {a.role === 'lead' ? 'Chủ trì' : 'Phối hợp'}
                      </Tag>
                      {a.userName ?? a.departmentName}{' '}
                      {a.deadline ? `· ${t('o.col.deadline')}: ${formatDate(a.deadline)}` : ''}
                    </List.Item>
                  )}
                />
              )}
            </Card>
          )}
          <Card title={t('o.doc.timeline')} size="small" style={{ marginTop: 16 }}>
            {detail.events.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="—" />
            ) : (
              <Timeline
                items={detail.events.map((e) => ({
                  color: e.statusCode === '02' ? 'red' : e.statusCode === '06' ? 'green' : 'blue',
                  children: (
                    <div>
                      <StatusCodeTag code={e.statusCode} />{' '}
                      {e.direction === 'sent' ? t('o.doc.sent') : t('o.doc.received')} {e.partyCode} ·{' '}
                      {formatDate(e.at)}
                      {e.description && <div style={{ color: '#666' }}>{e.description}</div>}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>

      {reasonModal('return', t('o.action.return'), 'return')}
      {reasonModal('reject', t('o.action.reject'), 'reject')}
      {reasonModal('revoke', t('o.action.revoke'), 'revoke')}
      {reasonModal('refuse-revoke', t('o.action.answerRevokeRefuse'), 'revoke-answer', { agree: false })}
      <Modal
        open={modal === 'assign'}
        title={t('o.action.assign')}
        onCancel={() => setModal(null)}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() =>
          void form
            .validateFields()
            .then((v: Record<string, unknown>) =>
              act(
                'assign',
                Object.fromEntries(
                  Object.entries(v).filter(([, x]) => x !== undefined && x !== null && x !== ''),
                ),
              ),
            )
        }
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ deadlineWorkingDays: 5 }}>
          <Form.Item
            name="leadUserId"
            label={t('o.form.lead')}
            rules={[{ required: true, message: t('o.form.required') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              data-testid="assign-lead"
              options={users
                .filter((u) => u.role !== 'admin')
                .map((u) => ({ value: u.id, label: `${u.fullName} (${u.position ?? u.role})` }))}
            />
          </Form.Item>
          <Form.Item name="supportDepartmentIds" label={t('o.form.supportDepts')}>
            <Select mode="multiple" options={departments.map((x) => ({ value: x.id, label: x.name }))} />
          </Form.Item>
          <Form.Item name="supportUserIds" label={t('o.form.supportUsers')}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              options={users
                .filter((u) => u.role !== 'admin')
                .map((u) => ({ value: u.id, label: u.fullName }))}
            />
          </Form.Item>
          <Form.Item name="deadlineWorkingDays" label={t('o.form.workingDays')}>
            <InputNumber min={1} max={365} />
          </Form.Item>
          <Form.Item name="opinion" label={t('o.form.opinion')}>
            <Input.TextArea rows={3} data-testid="assign-opinion" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={modal === 'complete'}
        title={t('o.action.complete')}
        onCancel={() => setModal(null)}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() =>
          void form
            .validateFields()
            .then((v: { result?: string }) => act('complete', v.result ? { result: v.result } : {}))
        }
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="result" label={t('o.form.result')}>
            <Input.TextArea rows={3} data-testid="complete-result" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
