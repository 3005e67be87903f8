'use client';
import { useState } from 'react';
import { setRoleAction } from '@/app/(app)/admin/users/actions';
import { type Role, ROLE_LABEL, ROLES } from '@/lib/roles';

export function RoleSelect(props: { userId: string; role: Role; disabled: boolean; label: string }) {
  const [role, setRole] = useState<Role>(props.role);
  const [error, setError] = useState<string | null>(null);

  async function change(next: string) {
    const result = await setRoleAction(props.userId, next);
    if (result.ok) {
      setRole(result.value.role);
      setError(null);
    } else {
      setError(result.error.message);
    }
  }

  return (
    <>
      <select aria-label={props.label} value={role} disabled={props.disabled} onChange={(e) => change(e.target.value)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABEL[r]}
          </option>
        ))}
      </select>
      {error && <span className="error">{error}</span>}
    </>
  );
}
