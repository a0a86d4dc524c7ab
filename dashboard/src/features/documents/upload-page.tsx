import { useCallback, useState } from 'react';
import { DocumentListSchema } from '../../../../shared/api/responses';
import { PageHeader } from '../../components/feedback';
import { useI18n } from '../../i18n';
import { Link } from '../../lib/router';
import { usePages } from '../../lib/use-pages';
import { useAgencies } from '../agencies/directory';
import { useSession } from '../auth/session';
import { DocumentList } from './components/document-list';
import { LiveStatus } from './components/live-status';
import { ProcessGuide } from './components/process-guide';
import { UploadForm } from './components/upload-form';
import '../batch/batch.css';

export function UploadPage() {
  const { d } = useI18n();
  const { identity } = useSession();
  const agencies = useAgencies();
  const documents = usePages('/api/documents', DocumentListSchema);
  const [tracked, setTracked] = useState<string | null>(null);
  const { reload } = documents;
  const onStatus = useCallback(() => reload(), [reload]);

  if (!identity) return null;
  return (
    <section>
      <PageHeader title={d.upload.title} lead={d.upload.lead} />
      <nav className="batch-tabs" aria-label={d.upload.title}>
        <span aria-current="page">{d.batch.tabSingle}</span>
        <Link to="/upload/batch">{d.batch.tabBatch}</Link>
      </nav>
      <div className="upload-layout">
        <UploadForm
          identity={identity}
          agencies={agencies}
          documents={documents.data ?? []}
          onUploaded={(id) => {
            setTracked(id);
            reload();
          }}
        />
        {tracked ? (
          <LiveStatus key={tracked} id={tracked} onStatus={onStatus} onDismiss={() => setTracked(null)} />
        ) : (
          <ProcessGuide />
        )}
      </div>
      <DocumentList documents={documents} {...(tracked ? { highlight: tracked } : {})} />
    </section>
  );
}
