import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import * as api from './api';
import type { Me, Role } from './types';

// Who is signed in. Loaded once from GET /me; the CSRF token travels with it into the API client.

export type Session = { status: 'loading' } | { status: 'anonymous' } | { status: 'signedIn'; me: Me };

interface SessionValue {
  session: Session;
  signIn: (login: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ status: 'loading' });

  const becomeAnonymous = useCallback(() => {
    api.setCsrfToken(null);
    setSession({ status: 'anonymous' });
  }, []);

  useEffect(() => {
    api.setUnauthorizedHandler(becomeAnonymous);
    const controller = new AbortController();
    api.getMe(controller.signal).then(
      (me) => {
        api.setCsrfToken(me.csrfToken);
        setSession({ status: 'signedIn', me });
      },
      () => {
        if (!controller.signal.aborted) becomeAnonymous();
      },
    );
    return () => {
      controller.abort();
      api.setUnauthorizedHandler(null);
    };
  }, [becomeAnonymous]);

  const signIn = useCallback(async (login: string, password: string) => {
    const { csrfToken, me } = await api.signIn(login, password);
    api.setCsrfToken(csrfToken);
    setSession({ status: 'signedIn', me });
  }, []);

  // Forget the session locally even if the server cannot be reached.
  const signOut = useCallback(async () => {
    try {
      await api.signOut();
    } finally {
      becomeAnonymous();
    }
  }, [becomeAnonymous]);

  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() must be used inside <SessionProvider>');
  return value;
}

/** The signed-in person; only for components rendered behind the sign-in guard. */
export function useMe(): Me {
  const { session } = useSession();
  if (session.status !== 'signedIn') throw new Error('useMe() needs a signed-in session');
  return session.me;
}

const workspaceRoles: Role[] = ['agent', 'itHead', 'admin'];

/** Whether the person works tickets (IT staff and admins) rather than only requesting them. */
export const usesWorkspace = (me: Me): boolean =>
  me.isAgent || me.isAdmin || me.roles.some((entry) => workspaceRoles.includes(entry.role));
