import { createContext, useContext } from 'react';
import type { Me } from '../../shared/schemas/accounts';

export interface Session {
  me: Me;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in owner; only used below the signed-in layout. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in view');
  return session;
}
