// Entry of the Studio: the query client, the router and every page's address.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ApiError } from './api/http.ts';
import { OrgLayout, ProjectLayout, RequireAuth } from './components/layout.tsx';
import { SignInPage, SignUpPage } from './pages/auth.tsx';
import { HomeRedirect, OrganizationsPage } from './pages/organizations.tsx';
import { OrgProjectsPage } from './pages/org-projects.tsx';
import { OrgMembersPage } from './pages/org-members.tsx';
import { OrgSettingsPage } from './pages/org-settings.tsx';
import { ProjectOverviewPage } from './pages/project-overview.tsx';
import { ProjectSettingsPage } from './pages/project-settings.tsx';
import { SqlEditorPage } from './pages/sql-editor.tsx';
import { TableEditorPage } from './pages/table-editor.tsx';
import { AiLayout } from './pages/ai-layout.tsx';
import { AiSourcesPage } from './pages/ai-sources.tsx';
import { AiSourceDetailPage } from './pages/ai-source-detail.tsx';
import { AiKnowledgeBasesPage } from './pages/ai-knowledge-bases.tsx';
import { AiKnowledgeBasePage } from './pages/ai-kb-detail.tsx';
import { AiProviderKeysPage } from './pages/ai-provider-keys.tsx';
import { AiSettingsPage } from './pages/ai-settings.tsx';
import { AuthLayout } from './pages/auth-layout.tsx';
import { AuthUsersPage } from './pages/auth-users.tsx';
import { AuthInboxPage } from './pages/auth-inbox.tsx';
import { AuthSettingsPage } from './pages/auth-settings.tsx';
import { InvitationAcceptPage } from './pages/invitation-accept.tsx';
import { StoragePage } from './pages/storage.tsx';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
    },
  },
});

function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/sign-up" element={<SignUpPage />} />
      <Route element={<RequireAuth />}>
        <Route path="/" element={<HomeRedirect />} />
        <Route path="/organizations" element={<OrganizationsPage />} />
        <Route path="/join" element={<InvitationAcceptPage />} />
        <Route path="/org/:slug" element={<OrgLayout />}>
          <Route index element={<OrgProjectsPage />} />
          <Route path="members" element={<OrgMembersPage />} />
          <Route path="settings" element={<OrgSettingsPage />} />
        </Route>
        <Route path="/project/:ref" element={<ProjectLayout />}>
          <Route index element={<ProjectOverviewPage />} />
          <Route path="editor" element={<TableEditorPage />} />
          <Route path="editor/:schema/:table" element={<TableEditorPage />} />
          <Route path="sql" element={<SqlEditorPage />} />
          <Route path="auth" element={<AuthLayout />}>
            <Route index element={<Navigate to="users" replace />} />
            <Route path="users" element={<AuthUsersPage />} />
            <Route path="inbox" element={<AuthInboxPage />} />
            <Route path="settings" element={<AuthSettingsPage />} />
          </Route>
          <Route path="storage" element={<StoragePage />} />
          <Route path="storage/:bucket" element={<StoragePage />} />
          <Route path="ai" element={<AiLayout />}>
            <Route index element={<Navigate to="sources" replace />} />
            <Route path="sources" element={<AiSourcesPage />} />
            <Route path="sources/:id" element={<AiSourceDetailPage />} />
            <Route path="knowledge-bases" element={<AiKnowledgeBasesPage />} />
            <Route path="knowledge-bases/:id" element={<AiKnowledgeBasePage />} />
            <Route path="provider-keys" element={<AiProviderKeysPage />} />
            <Route path="settings" element={<AiSettingsPage />} />
          </Route>
          <Route path="settings" element={<ProjectSettingsPage />} />
        </Route>
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
