// Entry of the single-page application: the office app at `/`, the monitor app under `/giam-sat/`.
// Each app is a separate chunk loaded on demand, so the initial download stays small.
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { Spin } from 'antd';
import { AppProviders } from './shared/providers.tsx';
import { useLocation } from './shared/router.tsx';

const OfficeApp = lazy(() => import('./apps/office/office-app.tsx'));
const MonitorApp = lazy(() => import('./apps/monitor/monitor-app.tsx'));

/** Path prefix of the national monitoring app (documented in docs/ARCHITECTURE.md). */
export const MONITOR_PREFIX = '/giam-sat';

function Root() {
  const { path } = useLocation();
  const App = path === MONITOR_PREFIX || path.startsWith(MONITOR_PREFIX + '/') ? MonitorApp : OfficeApp;
  return (
    <Suspense fallback={<Spin fullscreen />}>
      <App />
    </Suspense>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders>
      <Root />
    </AppProviders>
  </StrictMode>,
);
