import { useState } from 'preact/hooks';
import type { Schedule, Template } from '../api/types';
import { useConsole } from '../context';
import { ActionForm, DataTable, ErrorNotice, FirstLoad, PageHeader, RemoveButton, Time } from '../ui/components';
import { isMissingRoute, useAction, useResource } from '../ui/hooks';
import { buildOverrides } from '../workflow/workflow';

/** Templates run on a cron or rate expression, with overrides. */
export function SchedulesPage() {
  const { api } = useConsole();
  const schedules = useResource(() => api.get<{ schedules: Schedule[] }>('/v1/schedules'), [api]);
  const templates = useResource(() => api.get<{ templates: Template[] }>('/v1/templates'), [api]);
  const action = useAction();
  const [templateId, setTemplateId] = useState('');
  const [expression, setExpression] = useState('rate(1 hour)');
  const [timezone, setTimezone] = useState('UTC');
  const [overrides, setOverrides] = useState('');
  const [description, setDescription] = useState('');

  if (isMissingRoute(schedules.error)) {
    return (
      <section aria-labelledby="page-title">
        <PageHeader title="Schedules" />
        <p class="notice info">This API has no schedules.</p>
      </section>
    );
  }

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Schedules" />
      <ErrorNotice error={schedules.error} title="Could not load schedules" />
      <ErrorNotice error={action.error} />
      <FirstLoad resource={schedules} what="schedules" />
      {schedules.data?.schedules.length === 0 && <p class="empty">No schedules yet.</p>}
      {schedules.data && schedules.data.schedules.length > 0 && (
        <div class="table-scroll card">
          <DataTable
            rows={schedules.data.schedules}
            rowKey={(s) => s.id}
            columns={[
              {
                title: 'Template',
                cell: (s) => (
                  <>
                    {s.template_id}
                    {s.description && <div class="muted small">{s.description}</div>}
                  </>
                ),
              },
              {
                title: 'When',
                cell: (s) => (
                  <>
                    <code>{s.schedule}</code> <span class="muted small">{s.timezone}</span>
                  </>
                ),
              },
              { title: 'Overrides', class: 'wrap small', cell: (s) => (s.input_overrides ? JSON.stringify(s.input_overrides) : '—') },
              { title: 'Created', cell: (s) => <Time iso={s.created_at} /> },
              {
                title: 'Actions',
                hiddenTitle: true,
                cell: (s) => (
                  <RemoveButton
                    label="Delete"
                    action={action}
                    remove={() => api.delete(`/v1/schedules/${encodeURIComponent(s.id)}`)}
                    done={schedules.reload}
                  />
                ),
              },
            ]}
          />
        </div>
      )}
      <ActionForm
        action={action}
        submit={async () => {
          await api.post('/v1/schedules', {
            template_id: templateId,
            schedule: expression,
            timezone,
            input_overrides: buildOverrides(
              overrides
                .split('\n')
                .filter((line) => line.includes('='))
                .map((line) => ({ key: line.slice(0, line.indexOf('=')), value: line.slice(line.indexOf('=') + 1) })),
            ),
            description: description || undefined,
          });
          schedules.reload();
        }}
      >
        <h2>New schedule</h2>
        <div class="row wrap">
          <label class="field">
            <span>Template</span>
            <select required value={templateId} onChange={(e) => setTemplateId(e.currentTarget.value)}>
              <option value="">—</option>
              {templates.data?.templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <label class="field grow">
            <span>When: cron(…) or rate(…)</span>
            <input required value={expression} onInput={(e) => setExpression(e.currentTarget.value)} />
          </label>
          <label class="field narrow">
            <span>Time zone</span>
            <input value={timezone} onInput={(e) => setTimezone(e.currentTarget.value)} />
          </label>
        </div>
        <label class="field">
          <span>Overrides, one key=value per line</span>
          <textarea rows={3} class="code" value={overrides} placeholder={'prompt=a lighthouse at dawn\nsteps=20'} onInput={(e) => setOverrides(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Description</span>
          <input value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={action.busy}>
          Create schedule
        </button>
      </ActionForm>
    </section>
  );
}
