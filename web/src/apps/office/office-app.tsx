// Office app (quản lý văn bản và điều hành): sign-in gate, role-based menu, pages loaded on demand.
import { Result, Spin } from 'antd';
import {
  AuditOutlined,
  EditOutlined,
  FileAddOutlined,
  FolderOpenOutlined,
  FileDoneOutlined,
  InboxOutlined,
  ProfileOutlined,
  ScheduleOutlined,
  SearchOutlined,
  SendOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { lazy, Suspense, type ReactNode } from 'react';
import { AppShell, type ShellMenuItem } from '../../shared/app-shell.tsx';
import { useI18n, type Translate } from '../../shared/i18n.tsx';
import { matchPath, useLocation } from '../../shared/router.tsx';
import './messages.ts';
import { SessionProvider, useSession, type Role } from './session.tsx';

const LoginPage = lazy(() => import('./pages/login-page.tsx'));
const DocumentListPage = lazy(() => import('./pages/document-list-page.tsx'));
const DocumentPage = lazy(() => import('./pages/document-page.tsx'));
const ComposePage = lazy(() => import('./pages/compose-page.tsx'));
const TasksPage = lazy(() => import('./pages/tasks-page.tsx'));
const ReviewsPage = lazy(() => import('./pages/reviews-page.tsx'));
const PaperPage = lazy(() => import('./pages/paper-page.tsx'));
const DossiersPage = lazy(() => import('./pages/dossiers-page.tsx'));
const DeadlinesCard = lazy(() => import('./pages/deadlines-card.tsx'));

interface ListRoute {
  path: string;
  key: string;
  view: string;
  empty: string;
  register?: 'incoming' | 'outgoing';
  icon: ReactNode;
}

function listRoutes(): ListRoute[] {
  return [
    {
      path: '/cho-tiep-nhan',
      key: 'o.menu.pending',
      view: 'incoming-pending',
      empty: 'o.empty.pending',
      icon: <InboxOutlined />,
    },
    {
      path: '/phan-cong',
      key: 'o.menu.assignQueue',
      view: 'assignment-queue',
      empty: 'o.empty.assign',
      icon: <ScheduleOutlined />,
    },
    {
      path: '/cho-duyet',
      key: 'o.menu.approvalQueue',
      view: 'outgoing-approval',
      empty: 'o.empty.approval',
      icon: <FileDoneOutlined />,
    },
    {
      path: '/cho-phat-hanh',
      key: 'o.menu.toIssue',
      view: 'outgoing-to-issue',
      empty: 'o.empty.outgoing',
      icon: <SendOutlined />,
    },
    {
      path: '/van-ban-den',
      key: 'o.menu.incomingAll',
      view: 'incoming-all',
      empty: 'o.empty.pending',
      icon: <InboxOutlined />,
    },
    {
      path: '/van-ban-di',
      key: 'o.menu.outgoing',
      view: 'outgoing-all',
      empty: 'o.empty.outgoing',
      icon: <SendOutlined />,
    },
    {
      path: '/so-den',
      key: 'o.menu.incomingRegister',
      view: 'incoming-register',
      empty: 'o.empty.register',
      register: 'incoming',
      icon: <ProfileOutlined />,
    },
    {
      path: '/so-di',
      key: 'o.menu.outgoingRegister',
      view: 'outgoing-register',
      empty: 'o.empty.register',
      register: 'outgoing',
      icon: <ProfileOutlined />,
    },
    {
      path: '/qua-han',
      key: 'o.menu.overdue',
      view: 'overdue',
      empty: 'o.empty.tasks',
      icon: <WarningOutlined />,
    },
  ];
}

const MENUS: Record<Role, string[]> = {
  clerk: [
    '/cho-tiep-nhan',
    '/cho-phat-hanh',
    '/soan-thao',
    '/vao-so-giay',
    '/van-ban-den',
    '/van-ban-di',
    '/so-den',
    '/so-di',
    '/ho-so',
    '/tim-kiem',
  ],
  leader: [
    '/phan-cong',
    '/cho-y-kien',
    '/cho-duyet',
    '/viec-cua-toi',
    '/qua-han',
    '/soan-thao',
    '/van-ban-den',
    '/van-ban-di',
    '/so-den',
    '/so-di',
    '/ho-so',
    '/tim-kiem',
  ],
  officer: [
    '/viec-cua-toi',
    '/cho-y-kien',
    '/soan-thao',
    '/van-ban-den',
    '/van-ban-di',
    '/ho-so',
    '/tim-kiem',
  ],
  admin: ['/so-den', '/so-di', '/tim-kiem'],
};

function menuFor(role: Role, t: Translate): ShellMenuItem[] {
  const all: Record<string, ShellMenuItem> = {
    '/soan-thao': {
      key: '/soan-thao',
      path: '/soan-thao',
      label: t('o.menu.compose'),
      icon: <EditOutlined />,
    },
    '/vao-so-giay': {
      key: '/vao-so-giay',
      path: '/vao-so-giay',
      label: t('o.menu.paper'),
      icon: <FileAddOutlined />,
    },
    '/viec-cua-toi': {
      key: '/viec-cua-toi',
      path: '/viec-cua-toi',
      label: t('o.menu.tasks'),
      icon: <AuditOutlined />,
    },
    '/cho-y-kien': {
      key: '/cho-y-kien',
      path: '/cho-y-kien',
      label: t('o.menu.reviews'),
      icon: <FileDoneOutlined />,
    },
    '/ho-so': { key: '/ho-so', path: '/ho-so', label: t('o.menu.dossiers'), icon: <FolderOpenOutlined /> },
    '/tim-kiem': { key: '/tim-kiem', path: '/tim-kiem', label: t('o.menu.search'), icon: <SearchOutlined /> },
  };
  for (const r of listRoutes()) all[r.path] = { key: r.path, path: r.path, label: t(r.key), icon: r.icon };
  return MENUS[role].map((p) => all[p]!).filter(Boolean);
}

function Pages() {
  const { me, loading, logout } = useSession();
  const { t } = useI18n();
  const { path, query } = useLocation();
  if (loading) return <Spin fullscreen />;
  if (!me) return <LoginPage />;
  const menu = menuFor(me.user.role, t);
  const home = MENUS[me.user.role][0]!;
  const current = path === '/' ? home : path;
  let page: ReactNode;
  const list = listRoutes().find((r) => r.path === current);
  const doc = matchPath('/van-ban/:id', current);
  if (list) {
    page = (
      <>
        {list.path === '/qua-han' && <DeadlinesCard />}
        <DocumentListPage
          key={list.path}
          view={list.view}
          title={t(list.key)}
          empty={t(list.empty)}
          {...(list.register ? { register: list.register } : {})}
        />
      </>
    );
  } else if (doc) {
    page = <DocumentPage key={doc.id} id={Number(doc.id)} />;
  } else if (current === '/soan-thao') {
    page = <ComposePage key={query.get('tra-loi') ?? 'new'} />;
  } else if (current === '/viec-cua-toi') {
    page = <TasksPage />;
  } else if (current === '/cho-y-kien') {
    page = <ReviewsPage />;
  } else if (current === '/ho-so') {
    page = <DossiersPage />;
  } else if (current === '/vao-so-giay') {
    page = <PaperPage />;
  } else if (current === '/tim-kiem') {
    page = (
      <DocumentListPage
        view="search"
        title={t('o.menu.search')}
        empty={t('o.empty.search')}
        search
        initialQuery={query.get('q') ?? ''}
      />
    );
  } else {
    page = <Result status="404" title={t('common.notFound')} />;
  }
  const roleName = me.roles[me.user.role];
  return (
    <AppShell
      title={`${t('o.title')} · ${me.agency?.name ?? ''}`}
      menu={menu}
      selectedKey={current}
      user={{ name: me.user.fullName, subtitle: roleName ? roleName.vi : me.user.role }}
      onLogout={() => void logout()}
    >
      <Suspense fallback={<Spin />}>{page}</Suspense>
    </AppShell>
  );
}

export default function OfficeApp() {
  return (
    <SessionProvider>
      <Suspense fallback={<Spin fullscreen />}>
        <Pages />
      </Suspense>
    </SessionProvider>
  );
}
