/**
 * The parts of a client's page: a section under its own heading, where what became of a change made
 * in it is said; and her records of one kind as a table, or "None." when she has none.
 */
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { OutcomeNotice, type Notice } from './outcome-notice';

export function ClientSection({ id, title, notice, children }: { id: string; title: string; notice?: Notice | null; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {notice !== undefined && <OutcomeNotice notice={notice} />}
      {children}
    </section>
  );
}

export function RecordTable<T extends { id: string }>({ records, heads, cells, footer }: { records: readonly T[]; heads: string[]; cells(record: T): ReactNode; footer?: ReactNode }) {
  const { t } = useI18n();
  if (records.length === 0) return <p>{t('client.none')}</p>;
  return (
    <table>
      <thead>
        <tr>
          {heads.map((head) => (
            <th key={head} scope="col">
              {head}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {records.map((record) => (
          <tr key={record.id}>{cells(record)}</tr>
        ))}
      </tbody>
      {footer && <tfoot>{footer}</tfoot>}
    </table>
  );
}
