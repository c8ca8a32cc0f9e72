// Office app (quản lý văn bản và điều hành): placeholder until the pages land.
import { Result } from 'antd';
import { AppShell } from '../../shared/app-shell.tsx';

export default function OfficeApp() {
  return (
    <AppShell title="Quản lý văn bản" menu={[]}>
      <Result status="info" title="Quản lý văn bản đang được xây dựng / Document management is being built" />
    </AppShell>
  );
}
