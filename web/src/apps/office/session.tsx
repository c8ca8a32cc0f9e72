// The signed-in user, their agency, units and colleagues (GET /api/v1/office/me).
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError } from '../../shared/api.ts';

export type Role = 'clerk' | 'leader' | 'officer' | 'admin';
export interface User {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  position: string | null;
  departmentId: number | null;
}
export interface Me {
  user: User;
  agency: { id: number; code: string; name: string; abbreviation: string; axisConfigured: boolean } | null;
  departments: { id: number; name: string; abbreviation: string }[];
  users: User[];
  roles: Record<Role, { vi: string; en: string }>;
}

interface SessionValue {
  me: Me | null;
  loading: boolean;
  reload: () => Promise<void>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionValue>({
  me: null,
  loading: true,
  reload: async () => undefined,
  logout: async () => undefined,
});

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const reload = useCallback(async () => {
    try {
      setMe(await api<Me>('GET', '/api/v1/office/me'));
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) console.error(err);
      setMe(null);
    } finally {
      setLoading(false);
    }
  }, []);
  const logout = useCallback(async () => {
    await api('DELETE', '/api/v1/office/session').catch(() => undefined);
    setMe(null);
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return (
    <SessionContext.Provider value={{ me, loading, reload, logout }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionValue {
  return useContext(SessionContext);
}
