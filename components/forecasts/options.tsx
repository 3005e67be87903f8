// The choices a probability form offers, shared by the annotation form and the board's entry form.
import { CONFIDENCES } from '@/lib/annotations/schemas';
import { describeTerm, ESTIMATIVE_TERMS } from '@/lib/forecasts';

/** "—" then each ICD 203 term with its range. */
export function TermOptions() {
  return (
    <>
      <option value="">—</option>
      {ESTIMATIVE_TERMS.map((t) => (
        <option key={t} value={t}>
          {describeTerm(t)}
        </option>
      ))}
    </>
  );
}

/** "—" then Low, Moderate, High. */
export function ConfidenceOptions() {
  return (
    <>
      <option value="">—</option>
      {CONFIDENCES.map((c) => (
        <option key={c} value={c}>
          {c.charAt(0) + c.slice(1).toLowerCase()}
        </option>
      ))}
    </>
  );
}
