import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The page's h1. It takes the focus when the page opens, so keyboard and screen-reader users land
 * on the new page instead of staying on the menu link they pressed.
 */
export function PageHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} id="page-title">
      {children}
    </h1>
  );
}
