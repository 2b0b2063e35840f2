// "Get URL" for an object: a signed URL valid for a chosen time (and the public URL of a public bucket),
// each shown with a copy button.
import { useState } from 'react';
import type { Bucket } from '../api/project-types.ts';
import { publicUrl } from '../api/fetchers/storage.ts';
import { useSignedUrlMutation } from '../data/storage.ts';
import { useProjectTarget } from '../data/project-target.ts';
import { Modal } from '../components/modal.tsx';
import { Button, ErrorBox, ValueField } from '../components/ui.tsx';

const EXPIRY: Array<[number, string]> = [[60, '1 minute'], [3600, '1 hour'], [86400, '1 day'], [604800, '1 week'], [2592000, '30 days']];

export function SignedUrlModal({ projectRef, bucket, objectKey, onClose }: { projectRef: string; bucket: Bucket; objectKey: string; onClose: () => void }) {
  const t = useProjectTarget(projectRef);
  const sign = useSignedUrlMutation(projectRef, bucket.id);
  const [expiresIn, setExpiresIn] = useState(3600);
  return (
    <Modal title="Get URL" onClose={onClose} description={<span className="mono">{bucket.name}/{objectKey}</span>}>
      <form className="stack" onSubmit={(e) => { e.preventDefault(); sign.mutate({ key: objectKey, expiresIn }); }}>
        <div className="field">
          <label htmlFor="signed-expiry">Expires in</label>
          <select id="signed-expiry" value={expiresIn} onChange={(e) => { setExpiresIn(Number(e.target.value)); sign.reset(); }}>
            {EXPIRY.map(([s, label]) => <option key={s} value={s}>{label}</option>)}
          </select>
        </div>
        <Button type="submit" variant="primary" disabled={sign.isPending}>{sign.isPending ? 'Signing…' : 'Create signed URL'}</Button>
      </form>
      <div className="signed-urls">
        <ErrorBox error={sign.error} />
        {sign.data && <ValueField label="Signed URL" value={sign.data} hint="Anyone with this URL can download the file until it expires." />}
        {bucket.public && t.state === 'ready' && (
          <ValueField label="Public URL" value={publicUrl(t.target, bucket.id, objectKey)} hint="The bucket is public: this URL never expires." />
        )}
      </div>
    </Modal>
  );
}
