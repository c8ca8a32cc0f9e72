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

type ModalKind =
  | 'return'
  | 'assign'
  | 'complete'
  | 'reject'
  | 'revoke'
  | 'refuse-revoke'
  | 'submit'
  | 'review'
  | 'update'
  | 'replace'
  | 'refuse-request'
  | null;

interface ReviewStep {
  id: number;
  round: number;
  position: number;
  reviewerId: number;
  reviewerName: string | null;
  reviewerPosition: string | null;
  state: string;
  comment: string | null;
  actedAt: string | null;
}
/** A recipient's answer to a replacement (the original is replaced only for those that agreed). */
interface ReplacementAnswer {
  code: string;
  name: string | null;
  state: string;
  note: string | null;
}
interface Brief {
  id: number;
  subject: string;
  codeNumber: string | null;
  codeNotation: string | null;
  answers?: ReplacementAnswer[];
}
interface SigReport {
  status: string;
  signer: { subject: string; issuer: string; notAfter: string } | null;
  algorithm: string | null;
  weak: boolean;
  chainChecked: boolean;
  verifiedBytes?: string;
  deliveredMatchesOriginal?: boolean;
  problems: { code: string; severity: string; vi: string; en: string }[];
}
type FullDetail = Detail & {
  reviewChain?: ReviewStep[];
  links?: { replaces?: Brief; linkedBy: Brief[] };
};
type Timeline = { version: string; document: { state: string; pendingRequest: string | null } } & Pick<
  Detail,
  'recipients' | 'events'
>;

const briefText = (b: Brief) =>
  `${b.codeNumber ? `${b.codeNumber}/${b.codeNotation ?? ''} — ` : ''}${b.subject}`;

export default function DocumentPage({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [detail, setDetail] = useState<FullDetail | null>(null);
  const [live, setLive] = useState(false);
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
      setDetail(await api<FullDetail>('GET', `/api/v1/office/documents/${id}`));
    } catch (err) {
      if ((err as { status?: number }).status === 404) setNotFound(true);
      else void message.error(errorText(err, lang));
    }
  }, [id, lang, message]);

  useEffect(() => {
    void load();
  }, [load]);

  // Statuses arrive from the recipients through the axis: poll the timeline with its ETag (304 while
  // nothing changed) and update the recipients and events in place; reload the page on a state change.
  useEffect(() => {
    let etag = '';
    let last: { state: string; pendingRequest: string | null } | undefined;
    let stopped = false;
    const poll = async () => {
      try {
        const response = await fetch(`/api/v1/office/documents/${id}/timeline`, {
          credentials: 'same-origin',
          headers: etag ? { 'if-none-match': etag } : {},
        });
        if (stopped) return;
        setLive(response.ok || response.status === 304);
        if (response.status !== 200) return;
        etag = response.headers.get('etag') ?? '';
        const timeline = (await response.json()) as Timeline;
        if (stopped) return;
        const changed =
          last !== undefined &&
          (last.state !== timeline.document.state ||
            last.pendingRequest !== timeline.document.pendingRequest);
        last = timeline.document;
        if (changed) void load();
        else
          setDetail((prev) =>
            prev ? { ...prev, recipients: timeline.recipients, events: timeline.events } : prev,
          );
      } catch {
        setLive(false);
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), 3000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [id, load]);

  const act = async (action: string, body?: unknown) => {
    setBusy(true);
    try {
      const result = await api<{ id?: number }>(
        'POST',
        `/api/v1/office/documents/${id}/${action}`,
        body ?? {},
      );
      void message.success(t('o.done'));
      setModal(null);
      form.resetFields();
      // A replacement is a new draft: continue on its page.
      if (action === 'replace' && result.id) navigate(`/van-ban/${result.id}`);
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
        <Button type="primary" loading={busy} onClick={() => setModal('submit')} data-testid="action-submit">
          {t('o.action.submit')}
        </Button>
      )}
      {actions.has('review') && (
        <Button type="primary" onClick={() => setModal('review')} data-testid="action-review">
          {t('o.action.review')}
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
      {actions.has('update') && (
        <Button onClick={() => setModal('update')} data-testid="action-update">
          {t('o.action.update')}
        </Button>
      )}
      {actions.has('replace') && (
        <Button onClick={() => setModal('replace')} data-testid="action-replace">
          {t('o.action.replace')}
        </Button>
      )}
      {actions.has('answer-request') && (
        <>
          <Button
            type="primary"
            loading={busy}
            onClick={() => void act('request-answer', { agree: true })}
            data-testid="action-request-agree"
          >
            {t('o.action.requestAgree')}
          </Button>
          <Button danger onClick={() => setModal('refuse-request')} data-testid="action-request-refuse">
            {t('o.action.requestRefuse')}
          </Button>
        </>
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
        {(d.pendingRequest === 'update' || d.pendingRequest === 'replace') && d.direction === 'incoming' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="pending-request"
            message={t(d.pendingRequest === 'update' ? 'o.doc.updateRequest' : 'o.doc.replaceRequest')}
            description={d.pendingReason}
          />
        )}
        {detail.links?.replaces && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="link-replaces"
            message={
              <>
                {t('o.doc.replaces')}:{' '}
                <a onClick={() => navigate(`/van-ban/${detail.links!.replaces!.id}`)}>
                  {briefText(detail.links.replaces)}
                </a>
              </>
            }
            description={<ReplacementAnswers answers={detail.links.replaces.answers} />}
          />
        )}
        {(detail.links?.linkedBy ?? []).map((b) => {
          // Sent originals: the recipients' answers as polled; received ones: our own answer.
          const answers =
            d.direction === 'outgoing' && b.answers
              ? detail.recipients
                  .filter((r) => r.replacement && r.replacementDocumentId === b.id)
                  .map((r) => ({
                    code: r.code,
                    name: r.name,
                    state: r.replacement!,
                    note: r.replacementNote,
                  }))
              : b.answers;
          // "Replaced by" only once it is (every recipient agreed, or we did); until then "Replacement".
          const label = b.answers && d.state !== 'replaced' ? 'o.doc.replacement' : 'o.doc.replacedBy';
          return (
            <Alert
              key={b.id}
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="link-replaced-by"
              message={
                <>
                  {t(label)}: <a onClick={() => navigate(`/van-ban/${b.id}`)}>{briefText(b)}</a>
                </>
              }
              description={<ReplacementAnswers answers={answers} />}
            />
          );
        })}
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

      {(detail.reviewChain ?? []).length > 0 && (
        <Card title={t('o.review.chain')} size="small" data-testid="review-chain">
          <Table<ReviewStep>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={detail.reviewChain}
            columns={[
              { title: t('o.review.round'), dataIndex: 'round', width: 70 },
              { title: '#', dataIndex: 'position', width: 50 },
              {
                title: t('o.review.reviewer'),
                key: 'who',
                render: (_: unknown, r) =>
                  `${r.reviewerName ?? r.reviewerId}${r.reviewerPosition ? ` (${r.reviewerPosition})` : ''}`,
              },
              {
                title: t('o.col.state'),
                key: 'state',
                render: (_: unknown, r) => (
                  <Tag
                    data-testid={`review-step-${r.round}-${r.position}`}
                    data-state={r.state}
                    color={
                      r.state === 'approved'
                        ? 'green'
                        : r.state === 'returned'
                          ? 'red'
                          : r.state === 'current'
                            ? 'gold'
                            : 'default'
                    }
                  >
                    {t(`o.review.state.${r.state}`)}
                  </Tag>
                ),
              },
              { title: t('o.review.comment'), dataIndex: 'comment', render: (c: string | null) => c ?? '' },
              { title: t('o.col.date'), dataIndex: 'actedAt', render: (x: string | null) => formatDate(x) },
            ]}
          />
        </Card>
      )}

      {(d as { signatureReport?: SigReport | null }).signatureReport && (
        <SignatureReportCard report={(d as { signatureReport?: SigReport }).signatureReport!} />
      )}

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
            <Card
              title={t('o.doc.recipients')}
              size="small"
              extra={
                live ? (
                  <Tag color="green" data-testid="live-tag">
                    {t('o.doc.live')}
                  </Tag>
                ) : null
              }
            >
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
                  ...(detail.recipients.some((r) => r.replacement)
                    ? [
                        {
                          title: t('o.doc.replacement'),
                          key: 'rp',
                          render: (_: unknown, r: Detail['recipients'][number]) =>
                            r.replacement ? (
                              <ReplacementAnswers
                                answers={[
                                  { code: r.code, name: null, state: r.replacement, note: r.replacementNote },
                                ]}
                                bare
                              />
                            ) : null,
                        },
                      ]
                    : []),
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
      {reasonModal('refuse-request', t('o.action.requestRefuse'), 'request-answer', { agree: false })}
      <Modal
        open={modal === 'submit'}
        title={t('o.action.submit')}
        onCancel={() => setModal(null)}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        okButtonProps={{ id: 'submit-confirm' }}
        onOk={() =>
          void form
            .validateFields()
            .then((v: { reviewerIds?: number[] }) =>
              act('submit', v.reviewerIds && v.reviewerIds.length > 0 ? { reviewerIds: v.reviewerIds } : {}),
            )
        }
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="reviewerIds" label={t('o.review.reviewers')} extra={t('o.review.none')}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              data-testid="submit-reviewers"
              options={users
                .filter((u) => u.role !== 'admin' && u.id !== me?.user.id)
                .map((u) => ({ value: u.id, label: `${u.fullName} (${u.position ?? u.role})` }))}
            />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={modal === 'review'}
        title={t('o.action.review')}
        onCancel={() => setModal(null)}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        okButtonProps={{ id: 'review-confirm' }}
        onOk={() =>
          void form
            .validateFields()
            .then((v: { comment?: string }) =>
              act('review', { decision: 'approve', ...(v.comment ? { comment: v.comment } : {}) }),
            )
        }
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="comment" label={t('o.review.comment')} rules={[{ max: 1000 }]}>
            <Input.TextArea rows={3} data-testid="review-comment" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={modal === 'update' || modal === 'replace'}
        title={t(modal === 'replace' ? 'o.action.replace' : 'o.action.update')}
        onCancel={() => setModal(null)}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() =>
          void form.validateFields().then((v: { reason: string; subject?: string; summary?: string }) =>
            act(modal === 'replace' ? 'replace' : 'update', {
              reason: v.reason,
              ...(v.subject && v.subject !== d.subject ? { subject: v.subject } : {}),
              ...(v.summary && v.summary !== (d.summary ?? '') ? { summary: v.summary } : {}),
            }),
          )
        }
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ subject: d.subject, summary: d.summary ?? '' }}>
          <Form.Item
            name="reason"
            label={t('o.form.reason')}
            rules={[{ required: true, whitespace: true, message: t('o.form.reasonRequired') }, { max: 1000 }]}
          >
            <Input.TextArea rows={2} data-testid="amend-reason" />
          </Form.Item>
          <Form.Item name="subject" label={t('o.form.newSubject')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={2} data-testid="amend-subject" />
          </Form.Item>
          <Form.Item name="summary" label={t('o.form.summary')}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
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

/** What src/trust found about the XML signature of the received package (verified over the original bytes). */
const ANSWER_COLORS: Record<string, string> = { agreed: 'green', refused: 'red', pending: 'blue' };

/** Each recipient's answer to a replacement; a refusal shows its reason. `bare`: without the name. */
function ReplacementAnswers({ answers, bare }: { answers: ReplacementAnswer[] | undefined; bare?: boolean }) {
  const { t } = useI18n();
  if (!answers || answers.length === 0) return null;
  return (
    <Space wrap size={4}>
      {answers.map((a) => (
        <Tag
          key={a.code}
          color={ANSWER_COLORS[a.state] ?? 'default'}
          data-testid={`replacement-answer-${a.code}`}
        >
          {bare ? '' : `${a.name ?? a.code}: `}
          {t(`o.replacement.${a.state}`)}
          {a.state === 'refused' && a.note ? ` — ${a.note}` : ''}
        </Tag>
      ))}
    </Space>
  );
}

function SignatureReportCard({ report }: { report: SigReport }) {
  const { t, lang } = useI18n();
  const color =
    report.status === 'valid'
      ? 'green'
      : report.status === 'invalid'
        ? 'red'
        : report.status === 'unsigned'
          ? 'default'
          : 'orange';
  return (
    <Card title={t('o.doc.sigReport')} size="small" data-testid="signature-report">
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={t('o.col.state')}>
          <Tag color={color} data-testid="signature-report-status" data-status={report.status}>
            {t(
              `o.sig.${
                report.status === 'valid'
                  ? 'verified'
                  : report.status === 'invalid' || report.status === 'unsigned'
                    ? report.status
                    : 'not_verified'
              }`,
            )}
          </Tag>
          {report.weak && <Tag color="orange">SHA-1</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('o.doc.sigChain')}>{report.chainChecked ? '✓' : '—'}</Descriptions.Item>
        {report.signer && (
          <Descriptions.Item label={t('o.doc.sigSigner')} span={2}>
            {report.signer.subject}
            <div style={{ fontSize: 12, color: '#666' }}>
              {report.signer.issuer} · {formatDate(report.signer.notAfter)}
            </div>
          </Descriptions.Item>
        )}
        {report.algorithm && (
          <Descriptions.Item label={t('o.doc.sigAlgorithm')}>{report.algorithm}</Descriptions.Item>
        )}
        {report.verifiedBytes === 'original' && (
          <Descriptions.Item label={t('o.doc.sigBytes')}>
            {report.deliveredMatchesOriginal ? t('o.doc.sigOriginal') : '✗'}
          </Descriptions.Item>
        )}
      </Descriptions>
      {report.problems.length > 0 && (
        <List
          size="small"
          header={t('o.doc.sigProblems')}
          dataSource={report.problems}
          renderItem={(p) => (
            <List.Item data-testid="signature-problem">
              <Tag color={p.severity === 'error' ? 'red' : 'orange'}>{p.code}</Tag>{' '}
              {lang === 'vi' ? p.vi : p.en}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
