import { useEffect, useRef, useState } from 'react';
import { type DocumentDetail, DocumentDetailSchema } from '../../../../../shared/api/responses';
import type { Status } from '../../../../../shared/model/document';
import { api } from '../../../lib/api';
import { isSettled } from '../../../lib/statuses';

const POLL_MS = 1500;

export interface LiveDocument {
  readonly doc: DocumentDetail | undefined;
  readonly error: unknown;
  /** True while the document is still moving on its own (not waiting on a person, not finished). */
  readonly polling: boolean;
  reload(): void;
}

/** GET /api/documents/:id, again every 1.5 s until the status settles. */
export function useLiveDocument(id: string, onStatus?: (status: Status) => void): LiveDocument {
  const [doc, setDoc] = useState<DocumentDetail | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [polling, setPolling] = useState(true);
  const [nonce, setNonce] = useState(0);
  const onStatusRef = useRef(onStatus);
  onStatusRef.current = onStatus;

  useEffect(() => {
    void nonce; // reload() restarts the loop
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last: Status | undefined;
    setError(undefined);
    setPolling(true);
    const tick = async () => {
      try {
        const next = await api(`/api/documents/${encodeURIComponent(id)}`, DocumentDetailSchema, {
          signal: controller.signal,
        });
        if (controller.signal.aborted) return;
        setDoc(next);
        if (next.status !== last) {
          last = next.status;
          onStatusRef.current?.(next.status);
        }
        if (isSettled(next.status)) setPolling(false);
        else timer = setTimeout(tick, POLL_MS);
      } catch (err) {
        if (controller.signal.aborted) return;
        setError(err);
        setPolling(false);
      }
    };
    void tick();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [id, nonce]);

  return { doc, error, polling, reload: () => setNonce((n) => n + 1) };
}
