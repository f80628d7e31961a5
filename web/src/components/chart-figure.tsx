/** A chart as the dashboard shows every chart: titled, its canvas described, its figures also as a table. */
import { useId, type ReactNode, type RefObject } from 'react';

export function ChartFigure({
  title,
  description,
  canvas,
  note,
  wide = false,
  heading: Heading = 'h3',
  children,
}: {
  title: string;
  description: string;
  canvas: RefObject<HTMLCanvasElement>;
  /** A remark on the figures, under the title. */
  note?: string;
  wide?: boolean;
  heading?: 'h2' | 'h3';
  /** The table with the chart's figures, for screen readers and for reading exact values. */
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <figure className={wide ? 'chart chart-wide' : 'chart'} aria-labelledby={headingId}>
      <figcaption id={headingId}>
        <Heading>{title}</Heading>
      </figcaption>
      {note && <p className="chart-note">{note}</p>}
      <div className="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={description} />
      </div>
      {children}
    </figure>
  );
}
