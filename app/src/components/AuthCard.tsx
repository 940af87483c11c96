import type { ReactNode } from 'react';

/** The calm, centered card of every signed-out screen: log in, sign up, invites, password reset. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="auth">
      <main className="auth-card">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          FloatMessage
        </div>
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
