// Authentication: the frame of its pages (Users, Inbox, Settings) with their tabs.
import { NavLink, Outlet, useParams } from 'react-router';

export function AuthLayout() {
  const { ref = '' } = useParams();
  return (
    <div className="page">
      <h1>Authentication</h1>
      <nav className="tabs" aria-label="Authentication">
        <NavLink to={`/project/${ref}/auth/users`}>Users</NavLink>
        <NavLink to={`/project/${ref}/auth/inbox`}>Inbox</NavLink>
        <NavLink to={`/project/${ref}/auth/settings`}>Settings</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
