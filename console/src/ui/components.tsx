import type { ComponentChildren } from 'preact';
import { ApiError, describeDetail } from '../api/errors';
import type { JobStatus } from '../api/types';

/** An error as people read it: the API's message, each detail it listed, and the request id to quote. */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  if (error === null || error === undefined) {
    return null;
  }
  if (error instanceof ApiError) {
    return (
      <div class="notice error" role="alert">
        <strong>{title ?? (error.notFound ? 'Not found' : 'Something went wrong')}</strong>
        <p>{error.message}</p>
        {error.details.length > 0 && (
          <ul>
            {error.details.map((detail, index) => (
              <li key={index}>{describeDetail(detail)}</li>
            ))}
          </ul>
        )}
        {error.requestId && <p class="muted small">Request id {error.requestId}</p>}
      </div>
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div class="notice error" role="alert">
      <strong>{title ?? 'Something went wrong'}</strong>
      <p>{message}</p>
    </div>
  );
}

/** For routes this deployment's API does not have yet: said plainly, not as a failure. */
export function Unavailable({ what }: { what: string }) {
  return (
    <div class="notice info" role="status">
      <strong>Not available here</strong>
      <p>This API does not offer {what} (yet). The console shows it as soon as the API does.</p>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

/** "Loading …" while a resource loads for the first time; a reload keeps showing what it has. */
export function FirstLoad({ resource, what }: { resource: { loading: boolean; data: unknown }; what: string }) {
  return resource.loading && resource.data === null ? <Loading what={what} /> : null;
}

/** The options of a select whose values are also what it shows. */
export function Options({ values }: { values: readonly string[] }) {
  return (
    <>
      {values.map((value) => (
        <option key={value} value={value}>
          {value}
        </option>
      ))}
    </>
  );
}

export function ProgressBar({ value, label }: { value: number; label: string }) {
  const rounded = Math.round(Math.min(100, Math.max(0, value)));
  return (
    <div class="progress-wrap">
      <div class="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={rounded}>
        <div class="progress-fill" style={{ width: `${rounded}%` }} />
      </div>
      <span class="progress-text" aria-hidden="true">
        {rounded} %
      </span>
    </div>
  );
}

export function StatusBadge({ status }: { status: JobStatus | string }) {
  return <span class={`badge status-${status}`}>{status}</span>;
}

export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="page-header">
      <h1 tabIndex={-1} id="page-title">
        {title}
      </h1>
      {children && <div class="page-actions">{children}</div>}
    </div>
  );
}

export function Time({ iso }: { iso?: string | null }) {
  if (!iso) {
    return <span class="muted">—</span>;
  }
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={date.toISOString()}>
      {date.toLocaleString()}
    </time>
  );
}

export function bytes(count: number | null | undefined): string {
  if (count === null || count === undefined) {
    return '—';
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function seconds(value: number | null | undefined): string {
  if (value === null || value === undefined) {
    return '—';
  }
  return value < 60 ? `${value.toFixed(1)} s` : `${Math.floor(value / 60)} min ${Math.round(value % 60)} s`;
}

/** A labelled definition list of facts; rows with no value are left out. */
export function Facts({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {rows
        .filter(([, value]) => value !== null && value !== undefined && value !== '')
        .map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

/**
 * A button that removes something through the page's action: asks first when `confirm` is
 * given, runs `remove`, then `done` (usually the list's reload).
 */
export function RemoveButton({
  label,
  confirm,
  action,
  remove,
  done,
}: {
  label: string;
  confirm?: string;
  action: { busy: boolean; run: (work: () => Promise<unknown>) => Promise<boolean> };
  remove: () => Promise<unknown>;
  done?: () => void;
}) {
  return (
    <button
      type="button"
      disabled={action.busy}
      onClick={() => {
        if (confirm === undefined || window.confirm(confirm)) {
          void action.run(async () => {
            await remove();
            done?.();
          });
        }
      }}
    >
      {label}
    </button>
  );
}

/** One column of a `DataTable`: its heading and what each row shows under it. */
export interface Column<T> {
  title: string;
  /** A heading for screen readers only, as over a column of buttons. */
  hiddenTitle?: boolean;
  class?: string;
  cell: (row: T) => ComponentChildren;
}

/**
 * A table with a row per item and a cell per column; the first cell heads its row (for
 * screen readers) unless `rowHeaders` is false.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  caption,
  compact,
  rowHeaders = true,
}: {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  caption?: string;
  compact?: boolean;
  rowHeaders?: boolean;
}) {
  return (
    <table class={compact ? 'table compact' : 'table'}>
      {caption && <caption class="visually-hidden">{caption}</caption>}
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.title} scope="col">
              {column.hiddenTitle ? <span class="visually-hidden">{column.title}</span> : column.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((column, index) =>
              rowHeaders && index === 0 ? (
                <th key={column.title} scope="row" class={column.class}>
                  {column.cell(row)}
                </th>
              ) : (
                <td key={column.title} class={column.class}>
                  {column.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A form whose submission is the page's action: one at a time, its error kept, the page not reloaded. */
export function ActionForm({
  action,
  submit,
  class: className = 'card stack',
  children,
}: {
  action: { run: (work: () => Promise<unknown>) => Promise<boolean> };
  submit: () => Promise<unknown>;
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <form
      class={className}
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(submit);
      }}
    >
      {children}
    </form>
  );
}
