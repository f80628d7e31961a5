/**
 * A form's inputs as the gateway judges them: each with its label and help, and — when the gateway
 * named it in a refusal (BAD_USER_INPUT's `field`) — what was not accepted, read out with it.
 */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { CATEGORIES } from '../../../src/policy/tables';
import { useI18n } from '../i18n/i18n';
import { Refusal } from './refusal';

/**
 * What every input of a form carries. What is typed here is about a client or a colleague, on a
 * computer others use: the browser is not to offer it to the next person (autocomplete), nor send
 * it to a spelling service (Chrome's enhanced spell check, Edge's Editor).
 */
interface Described {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
  autoComplete: 'off';
  spellCheck: false;
}

/** One input of the form with its label, its help, and what was not accepted of it. */
export function FormField({ id, label, help, refusal, children }: {
  id: string;
  label: string;
  help?: string;
  refusal: string | null;
  children(described: Described): ReactNode;
}) {
  const helpId = `${id}-help`;
  const describedBy = [refusal && `${id}-refusal`, help && helpId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': refusal ? true : undefined, 'aria-describedby': describedBy, autoComplete: 'off', spellCheck: false })}
      <Refusal id={id} text={refusal} />
      {help && (
        <p id={helpId} className="help">
          {help}
        </p>
      )}
    </div>
  );
}

/**
 * What she typed into a form, and the input the gateway refused when she sent it (by its name,
 * `F`), which is shown until she sends it again.
 */
export function useForm<T, F extends string>(initial: T) {
  const base = useId();
  const [draft, setDraft] = useState(initial);
  const [refused, setRefused] = useState<F | null>(null);

  useEffect(() => {
    // The refused input takes the focus, and with it what was not accepted is read out.
    if (refused) document.getElementById(`${base}-${refused}`)?.focus();
  }, [refused, base]);

  return {
    draft,
    refused,
    idOf: (field: F) => `${base}-${field}`,
    edit: (change: Partial<T>) => setDraft((d) => ({ ...d, ...change })),
    async send(request: (draft: T) => Promise<F | null>) {
      // Refused again, the same input takes the focus again.
      setRefused(null);
      setRefused(await request(draft));
    },
  };
}

/** Every category of her data (policy §2), as the options of a choice of what a text is about. */
export function CategoryOptions() {
  const { label } = useI18n();
  return (
    <>
      {CATEGORIES.map((c) => (
        <option key={c} value={c}>
          {label('category', c)}
        </option>
      ))}
    </>
  );
}

/** What an input says of a refusal of it: invalid, with the refusal (`Refusal`, under `id`) read out with it. */
export function refusalProps(id: string, refused: boolean): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  return refused ? { 'aria-invalid': true, 'aria-describedby': `${id}-refusal` } : {};
}

/**
 * The form one row of a list opens (End, Revoke), by the row's key: its opening button's props, the
 * row it is open for, and its two ways out. Put away unsent, it gives the focus back to the button
 * that opened it, which would otherwise fall to the top of a long page with the form it was in;
 * sent, the outcome notice takes it.
 */
export function useRowForm() {
  const [open, setOpen] = useState<string | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const opener = (key: string) => ({
    ref: (button: HTMLButtonElement | null) => {
      if (button) buttons.current.set(key, button);
      else buttons.current.delete(key);
    },
    'aria-expanded': open === key,
    onClick: () => setOpen(open === key ? null : key),
  });
  const done = useCallback(() => setOpen(null), []);
  const cancel = useCallback(() => {
    if (open) buttons.current.get(open)?.focus();
    setOpen(null);
  }, [open]);
  return { open, opener, done, cancel };
}

/** A form's submit button, and one that puts the form away unsent. */
export function SubmitOrCancel({ submit, ready, cancel }: { submit: string; ready: boolean; cancel(): void }) {
  const { t } = useI18n();
  return (
    <div className="join">
      <button type="submit" disabled={!ready}>
        {submit}
      </button>
      <button type="button" onClick={cancel}>
        {t('form.cancel')}
      </button>
    </div>
  );
}
