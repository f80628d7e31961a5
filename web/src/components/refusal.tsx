/**
 * What the gateway did not accept of one input, under it. Its id (`<input id>-refusal`) is what the
 * input names in aria-describedby, so it is read out with the input when the input takes the focus.
 */
export function Refusal({ id, text }: { id: string; text: string | null }) {
  return text ? (
    <p id={`${id}-refusal`} className="field-error">
      {text}
    </p>
  ) : null;
}
