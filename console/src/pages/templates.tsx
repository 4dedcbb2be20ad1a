import { useState } from 'preact/hooks';
import type { Template } from '../api/types';
import { useConsole } from '../context';
import { href } from '../router';
import { DataTable, ErrorNotice, FirstLoad, PageHeader, RemoveButton, Time } from '../ui/components';
import { useAction, useResource } from '../ui/hooks';
import { parseWorkflowText } from '../workflow/workflow';

/** Saved workflows: the built-in ones and the tenant's own; run one, save a new one, delete one. */
export function TemplatesPage() {
  const { api } = useConsole();
  const templates = useResource(() => api.get<{ templates: Template[] }>('/v1/templates'), [api]);
  const action = useAction();

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Templates" />
      <ErrorNotice error={action.error} />
      <ErrorNotice error={templates.error} title="Could not load templates" />
      <FirstLoad resource={templates} what="templates" />
      {templates.data && (
        <div class="table-scroll card">
          <DataTable
            rows={templates.data.templates}
            rowKey={(t) => t.id}
            columns={[
              {
                title: 'Template',
                cell: (t) => (
                  <>
                    {t.name}
                    <div class="muted small">
                      {t.id !== t.name ? `${t.id} · ` : ''}
                      {t.description}
                    </div>
                  </>
                ),
              },
              { title: 'Nodes', cell: (t) => t.node_count ?? '—' },
              { title: 'Saved', cell: (t) => (t.built_in ? <span class="muted">built in</span> : <Time iso={t.created_at} />) },
              {
                title: 'Actions',
                hiddenTitle: true,
                class: 'row',
                cell: (t) => (
                  <>
                    <a class="button" href={href({ page: 'submit', template: t.id })}>
                      Use
                    </a>
                    {!t.built_in && (
                      <RemoveButton
                        label="Delete"
                        confirm={`Delete template ${t.name}?`}
                        action={action}
                        remove={() => api.delete(`/v1/templates/${encodeURIComponent(t.id)}`)}
                        done={templates.reload}
                      />
                    )}
                  </>
                ),
              },
            ]}
          />
        </div>
      )}
      <NewTemplate onSaved={templates.reload} />
    </section>
  );
}

function NewTemplate({ onSaved }: { onSaved: () => void }) {
  const { api } = useConsole();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();
  return (
    <form
      class="card stack"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = parseWorkflowText(text);
        setProblem(parsed.ok ? null : parsed.message);
        if (parsed.ok) {
          void action.run(async () => {
            await api.post('/v1/templates', { name, description: description || undefined, workflow: parsed.workflow });
            setName('');
            setDescription('');
            setText('');
            onSaved();
          });
        }
      }}
    >
      <h2>Save a workflow as a template</h2>
      <div class="row wrap">
        <label class="field grow">
          <span>Name</span>
          <input required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="field grow">
          <span>Description</span>
          <input value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </label>
      </div>
      <label class="field">
        <span>Workflow (API format)</span>
        <textarea class="code" rows={8} spellcheck={false} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      {problem && (
        <p class="notice error" role="alert">
          {problem}
        </p>
      )}
      <ErrorNotice error={action.error} title="Could not save the template" />
      <button type="submit" disabled={action.busy}>
        Save template
      </button>
    </form>
  );
}
