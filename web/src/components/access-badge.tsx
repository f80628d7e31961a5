import { useI18n } from '../i18n/i18n';

export interface AccessEntry {
  category: string;
  granted: boolean;
  reason?: string | null;
  basis?: string | null;
  until?: string | null;
}

/**
 * Whether one category is shared with the caller, in words (never colour alone): "shared" or the
 * reason it is not ("no consent", "not for your role", …).
 */
export function AccessBadge({ access }: { access: AccessEntry }) {
  const { t } = useI18n();
  const text = access.granted ? t('access.granted') : t(`access.${access.reason ?? 'NO_CONSENT'}` as 'access.NO_CONSENT');
  return (
    <span
      className={access.granted ? 'badge badge-granted' : 'badge badge-denied'}
      data-category={access.category}
      data-granted={String(access.granted)}
      data-reason={access.granted ? undefined : access.reason ?? undefined}
    >
      <span aria-hidden="true">{access.granted ? '✓ ' : '✕ '}</span>
      {text}
    </span>
  );
}
