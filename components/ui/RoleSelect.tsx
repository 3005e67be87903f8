'use client';
import { useState } from 'react';
import { setRoleAction } from '@/app/(app)/admin/users/actions';

export function RoleSelect(props: { userId: string; role: string; disabled: boolean; label: string }) {
  const [role, setRole] = useState(props.role);
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
        <option value="ADMIN">Admin</option>
        <option value="ANALYST">Analyst</option>
        <option value="VIEWER">Viewer</option>
      </select>
      {error && <span className="error">{error}</span>}
    </>
  );
}
