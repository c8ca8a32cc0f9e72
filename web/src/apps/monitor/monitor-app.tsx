// Placeholder of the national monitoring app (engineer M replaces it). Mounted at /giam-sat/.
import { Result } from 'antd';
import { AppShell } from '../../shared/app-shell.tsx';

export default function MonitorApp() {
  return (
    <AppShell title="Giám sát" menu={[]}>
      <Result
        status="info"
        title="Bảng giám sát đang được xây dựng / The monitoring dashboard is being built"
      />
    </AppShell>
  );
}
