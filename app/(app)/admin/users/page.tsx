import { pageActor } from '@/lib/auth';
import { listUsers } from '@/lib/users/service';
import { RoleSelect } from '@/components/ui/RoleSelect';

export const dynamic = 'force-dynamic';

export default async function UsersPage() {
  const actor = await pageActor();
  const users = await listUsers(actor);
  return (
    <main className="page">
      <h1>Users</h1>
      <p className="hint">Viewers can read everything but change nothing.</p>
      <table className="library">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>
                <RoleSelect userId={u.id} role={u.role} disabled={u.id === actor?.id} label={`Role of ${u.name}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
