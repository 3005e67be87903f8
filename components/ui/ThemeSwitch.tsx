'use client';
// Light, dark, or whatever the system prefers (the default). The choice is kept in this browser's
// localStorage and applied before the first paint by the script in app/layout.tsx.
import { useEffect, useState } from 'react';

export const THEME_KEY = 'assay-theme';
type Theme = 'system' | 'light' | 'dark';

/** Runs inline in <head>: the remembered theme, before anything is drawn (no flash of the other one). */
export const THEME_SCRIPT = `try{var t=localStorage.getItem('${THEME_KEY}');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}`;

export function ThemeSwitch() {
  const [theme, setTheme] = useState<Theme>('system');
  useEffect(() => {
    const saved = localStorage.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark') setTheme(saved);
  }, []);
  function choose(next: Theme) {
    setTheme(next);
    if (next === 'system') {
      localStorage.removeItem(THEME_KEY);
      delete document.documentElement.dataset.theme;
    } else {
      localStorage.setItem(THEME_KEY, next);
      document.documentElement.dataset.theme = next;
    }
  }
  return (
    <label className="theme-switch">
      <span className="sr-only">Theme</span>
      <select value={theme} onChange={(e) => choose(e.target.value as Theme)} aria-label="Theme">
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
