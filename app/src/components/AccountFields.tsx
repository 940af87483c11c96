/** Name (sign-up only), email and password inputs, read by the surrounding form's submit handler. */
export function AccountFields({ signup, defaultEmail }: { signup: boolean; defaultEmail?: string }) {
  return (
    <>
      {signup && (
        <label className="field">
          <span className="label">Your name</span>
          <input name="name" autoComplete="name" maxLength={100} />
        </label>
      )}
      <label className="field">
        <span className="label">Email</span>
        <input name="email" type="email" autoComplete="email" required maxLength={254} defaultValue={defaultEmail} />
      </label>
      <label className="field">
        <span className="label">Password</span>
        <input
          name="password"
          type="password"
          autoComplete={signup ? 'new-password' : 'current-password'}
          required
          minLength={signup ? 8 : 1}
          maxLength={200}
          aria-describedby={signup ? 'password-hint' : undefined}
        />
        {signup && (
          <span id="password-hint" className="hint">
            At least 8 characters.
          </span>
        )}
      </label>
    </>
  );
}
