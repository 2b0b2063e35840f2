// Shapes of a project's own API (GoTrue admin, Storage) and of the platform's local mail inbox, as the Studio
// reads them. Written here on purpose: the Studio never imports server code.

/** A project user as GoTrue's admin API returns it (the fields the Studio shows). */
export interface AuthUser {
  id: string;
  email: string;
  phone: string;
  created_at: string;
  last_sign_in_at?: string | null;
  email_confirmed_at?: string | null;
  confirmed_at?: string | null;
  invited_at?: string | null;
  confirmation_sent_at?: string | null;
  banned_until?: string | null;
  is_anonymous?: boolean;
  app_metadata?: { provider?: string; providers?: string[] };
}

export interface AuthUsersPage { users: AuthUser[]; total: number }

export interface Bucket {
  id: string;
  name: string;
  public: boolean;
  /** Bytes; null: the platform's limit. */
  file_size_limit: number | null;
  allowed_mime_types: string[] | null;
  created_at: string;
  updated_at: string;
}

export interface BucketInput { public: boolean; file_size_limit: number | null; allowed_mime_types: string[] | null }

/** One entry of a folder listing: a folder (id null, no metadata) or an object. */
export interface StorageEntry {
  name: string;
  id: string | null;
  created_at: string | null;
  updated_at: string | null;
  last_accessed_at: string | null;
  metadata: { size?: number; mimetype?: string; eTag?: string; cacheControl?: string } | null;
}

/** A message the local mail catcher received (`GET /v1/mail/messages`). */
export interface MailMessage {
  id: string;
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  date: string;
  receivedAt: string;
  size: number;
}

export interface MailList { total: number; messages: MailMessage[] }
