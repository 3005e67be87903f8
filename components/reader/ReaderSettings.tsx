'use client';
// Text size and line width of the reader, remembered per user in this browser (localStorage, keyed
// by the user's id, so two people sharing a browser keep their own).
import { useEffect, useState } from 'react';

export const SIZES = { small: '0.95rem', medium: '1.08rem', large: '1.25rem', larger: '1.45rem' } as const;
export const MEASURES = { narrow: '34rem', medium: '42rem', wide: '52rem' } as const;
export type ReaderPrefs = { size: keyof typeof SIZES; measure: keyof typeof MEASURES };
const DEFAULTS: ReaderPrefs = { size: 'medium', measure: 'medium' };

const key = (userId: string) => `assay-reader:${userId}`;

export function useReaderPrefs(userId: string): [ReaderPrefs, (prefs: ReaderPrefs) => void] {
  const [prefs, setPrefs] = useState(DEFAULTS);
  useEffect(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(key(userId)) ?? 'null') as Partial<ReaderPrefs> | null;
      if (saved)
        setPrefs({
          size: saved.size && saved.size in SIZES ? saved.size : DEFAULTS.size,
          measure: saved.measure && saved.measure in MEASURES ? saved.measure : DEFAULTS.measure,
        });
    } catch {
      // A damaged entry: the defaults.
    }
  }, [userId]);
  const save = (next: ReaderPrefs) => {
    setPrefs(next);
    localStorage.setItem(key(userId), JSON.stringify(next));
  };
  return [prefs, save];
}

export function ReaderSettings({ prefs, onChange }: { prefs: ReaderPrefs; onChange: (prefs: ReaderPrefs) => void }) {
  return (
    <details className="reader-settings">
      <summary>Reading settings</summary>
      <div className="row">
        <label>
          Text size
          <select value={prefs.size} onChange={(e) => onChange({ ...prefs, size: e.target.value as ReaderPrefs['size'] })}>
            {Object.keys(SIZES).map((s) => (
              <option key={s} value={s}>
                {s[0].toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Line width
          <select value={prefs.measure} onChange={(e) => onChange({ ...prefs, measure: e.target.value as ReaderPrefs['measure'] })}>
            {Object.keys(MEASURES).map((m) => (
              <option key={m} value={m}>
                {m[0].toUpperCase() + m.slice(1)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </details>
  );
}
