import { useEffect, useState } from 'preact/hooks';
import type { Accepted, Analysis, Template } from '../api/types';
import { useConsole } from '../context';
import { navigate } from '../router';
import { ErrorNotice, PageHeader } from '../ui/components';
import { useAction, useResource } from '../ui/hooks';
import { buildOverrides, OVERRIDE_KEYS, parseWorkflowText } from '../workflow/workflow';

interface OverrideRow {
  key: string;
  value: string;
}

/**
 * Submit a workflow: paste it, upload a `.json` file or start from a template; set input overrides and
 * priority; "Analyze" asks the API what is wrong and which models are missing before anything is queued.
 */
export function SubmitPage({ template }: { template: string | null }) {
  const { api } = useConsole();
  const templates = useResource(() => api.get<{ templates: Template[] }>('/v1/templates'), [api]);
  const [text, setText] = useState('');
  const [fromTemplate, setFromTemplate] = useState<{ id: string; text: string } | null>(null);
  const [rows, setRows] = useState<OverrideRow[]>([{ key: '', value: '' }]);
  const [priority, setPriority] = useState('normal');
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();

  const pickTemplate = async (id: string) => {
    setAnalysis(null);
    if (id === '') {
      setFromTemplate(null);
      return;
    }
    await action.run(async () => {
      const chosen = await api.get<Template>(`/v1/templates/${encodeURIComponent(id)}`);
      const json = JSON.stringify(chosen.workflow ?? {}, null, 2);
      setText(json);
      setFromTemplate({ id, text: json });
    });
  };

  useEffect(() => {
    if (template !== null) {
      void pickTemplate(template);
    }
    // Only when the page opens with ?template=.
  }, [template]);

  const workflow = () => {
    const parsed = parseWorkflowText(text);
    setProblem(parsed.ok ? null : parsed.message);
    return parsed.ok ? parsed.workflow : null;
  };

  const analyze = () => {
    const graph = workflow();
    if (graph !== null) {
      void action.run(async () => setAnalysis(await api.post<Analysis>('/v1/workflows/analyze', { workflow: graph })));
    }
  };

  const queue = (event: Event) => {
    event.preventDefault();
    const graph = workflow();
    if (graph === null) {
      return;
    }
    void action.run(async () => {
      const body: Record<string, unknown> = {
        workflow: graph,
        input_overrides: buildOverrides(rows),
        execution_config: { priority },
      };
      if (fromTemplate !== null && fromTemplate.text === text) {
        body.workflow_id = fromTemplate.id;
      }
      const accepted = await api.post<Accepted>('/v1/workflows/execute', body);
      navigate({ page: 'job', id: accepted.execution_id });
    });
  };

  const upload = async (file: File | undefined) => {
    if (file !== undefined) {
      setText(await file.text());
      setFromTemplate(null);
      setAnalysis(null);
    }
  };

  const setRow = (index: number, row: OverrideRow) => setRows(rows.map((r, i) => (i === index ? row : r)));

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Submit a workflow" />
      <form class="card stack" onSubmit={queue}>
        <div class="row wrap">
          <label class="field">
            <span>Start from a template</span>
            <select value={fromTemplate?.id ?? ''} onChange={(e) => void pickTemplate(e.currentTarget.value)}>
              <option value="">—</option>
              {templates.data?.templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                  {t.built_in ? ' (built in)' : ''}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>or upload an API-format file</span>
            <input type="file" accept=".json,application/json" onChange={(e) => void upload(e.currentTarget.files?.[0])} />
          </label>
        </div>
        <label class="field">
          <span>Workflow (ComfyUI API format)</span>
          <textarea
            name="workflow"
            rows={14}
            spellcheck={false}
            class="code"
            value={text}
            placeholder='{"1": {"class_type": "EmptyImage", "inputs": {...}}, ...}'
            onInput={(e) => {
              setText(e.currentTarget.value);
              setAnalysis(null);
            }}
          />
        </label>
        {problem && (
          <p class="notice error" role="alert">
            {problem}
          </p>
        )}
        <fieldset>
          <legend>Input overrides</legend>
          <p class="muted small">
            A key is one of {OVERRIDE_KEYS.join(', ')}, or a <code>node.input</code> path such as <code>3.seed</code>.
          </p>
          <datalist id="override-keys">
            {OVERRIDE_KEYS.map((key) => (
              <option key={key} value={key} />
            ))}
          </datalist>
          {rows.map((row, index) => (
            <div class="row override" key={index}>
              <label class="field">
                <span>Key</span>
                <input list="override-keys" value={row.key} onInput={(e) => setRow(index, { ...row, key: e.currentTarget.value })} />
              </label>
              <label class="field grow">
                <span>Value</span>
                <input value={row.value} onInput={(e) => setRow(index, { ...row, value: e.currentTarget.value })} />
              </label>
              <button type="button" aria-label={`Remove override ${index + 1}`} onClick={() => setRows(rows.filter((_, i) => i !== index))}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setRows([...rows, { key: '', value: '' }])}>
            Add override
          </button>
        </fieldset>
        <label class="field narrow">
          <span>Priority</span>
          <select value={priority} onChange={(e) => setPriority(e.currentTarget.value)}>
            <option value="low">low</option>
            <option value="normal">normal</option>
            <option value="high">high</option>
          </select>
        </label>
        <ErrorNotice error={action.error} title="The API did not accept this" />
        {analysis && <AnalysisReport analysis={analysis} />}
        <div class="row">
          <button type="button" onClick={analyze} disabled={action.busy}>
            Analyze
          </button>
          <button type="submit" class="primary" disabled={action.busy}>
            Queue
          </button>
        </div>
      </form>
    </section>
  );
}

function AnalysisReport({ analysis }: { analysis: Analysis }) {
  const errors = analysis.errors ?? [];
  const missing = analysis.missing_models ?? [];
  const ok = analysis.valid && missing.length === 0;
  return (
    <div class={`notice ${ok ? 'success' : 'warning'}`} role="status" aria-label="Analysis">
      <strong>{ok ? 'Ready to run' : analysis.valid ? 'Valid, but models are missing' : 'This workflow cannot run'}</strong>
      {errors.length > 0 && (
        <ul>
          {errors.map((error, index) => (
            <li key={index}>
              {error.node_id ? `Node ${error.node_id}${error.input ? `, input ${error.input}` : ''}: ` : ''}
              {error.message ?? error.code}
            </li>
          ))}
        </ul>
      )}
      <p class="small">
        {analysis.node_count ?? 0} nodes
        {analysis.node_types ? `: ${Object.entries(analysis.node_types).map(([type, n]) => (n > 1 ? `${type} ×${n}` : type)).join(', ')}` : ''}
      </p>
      {(analysis.required_models ?? []).length > 0 && (
        <ul class="small">
          {(analysis.required_models ?? []).map((model) => (
            <li key={model.path}>
              {model.path}: {missing.some((m) => m.path === model.path) ? <strong>missing from the model store</strong> : 'in the store'}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
