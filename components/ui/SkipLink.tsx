'use client';
// The first stop of the Tab key: jumps past the navigation to the document text in the reader, or
// to the page's main content elsewhere.
export function SkipLink() {
  return (
    <a
      className="skip-link"
      href="#main"
      onClick={(event) => {
        const target = document.querySelector<HTMLElement>('.reader-text') ?? document.querySelector<HTMLElement>('main');
        if (!target) return;
        event.preventDefault();
        if (!target.isContentEditable && !target.hasAttribute('tabindex')) target.tabIndex = -1;
        target.focus();
        target.scrollIntoView({ block: 'start' });
      }}
    >
      {'Skip to content'}
    </a>
  );
}
