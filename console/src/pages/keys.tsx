import { useState } from 'preact/hooks';
import type { ApiKey } from '../api/types';
import { useConsole } from '../context';
import { ActionForm, DataTable, ErrorNotice, FirstLoad, PageHeader, RemoveButton, Time } from '../ui/components';
import { useAction, useResource } from '../ui/hooks';

const SCOPES = ['workflows:read', 'workflows:write', 'queue:read'];

/** The tenant's API keys: issue one (its secret is shown once), list them by prefix, revoke one. */
export function KeysPage() {
  const { api } = useConsole();
  const keys = useResource(() => api.get<{ keys: ApiKey[] }>('/v1/keys'), [api]);
  const action = useAction();
  const [issued, setIssued] = useState<ApiKey | null>(null);
  const [name, setName] = useState('');
  const [type, setType] = useState('sk');
  const [scopes, setScopes] = useState<string[]>([]);

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="API keys" />
      <ErrorNotice error={keys.error} title="Could not list keys" />
      <ErrorNotice error={action.error} />
      {issued?.key && (
        <div class="notice success" role="status">
          <strong>New key {issued.name ? `“${issued.name}”` : ''}</strong>
          <p>Copy it now: it is not shown again and the console does not keep it.</p>
          <p>
            <code class="secret" data-testid="new-key">
              {issued.key}
            </code>{' '}
            <button type="button" onClick={() => void navigator.clipboard?.writeText(issued.key ?? '')}>
              Copy
            </button>{' '}
            <button type="button" onClick={() => setIssued(null)}>
              Done
            </button>
          </p>
        </div>
      )}
      <FirstLoad resource={keys} what="keys" />
      {keys.data && (
        <div class="table-scroll card">
          <DataTable
            rows={keys.data.keys}
            rowKey={(key) => key.id}
            columns={[
              {
                title: 'Key',
                cell: (key) => (
                  <>
                    <code>{key.prefix}</code>
                    <div class="muted small">{key.name}</div>
                  </>
                ),
              },
              { title: 'Type', cell: (key) => (key.type === 'pk' ? 'client (pk)' : 'server (sk)') },
              { title: 'Scopes', class: 'wrap small', cell: (key) => key.scopes.join(', ') },
              { title: 'Created', cell: (key) => <Time iso={key.created_at} /> },
              { title: 'State', cell: (key) => (key.active ? 'active' : <span class="muted">revoked</span>) },
              {
                title: 'Actions',
                hiddenTitle: true,
                cell: (key) =>
                  key.active && (
                    <RemoveButton
                      label="Revoke"
                      confirm={`Revoke ${key.prefix}? Clients using it stop working.`}
                      action={action}
                      remove={() => api.delete(`/v1/keys/${encodeURIComponent(key.id)}`)}
                      done={keys.reload}
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
          setIssued(await api.post<ApiKey>('/v1/keys', { name: name || undefined, type, scopes: type === 'pk' ? scopes : [] }));
          setName('');
          keys.reload();
        }}
      >
        <h2>Issue a key</h2>
        <div class="row wrap">
          <label class="field grow">
            <span>Name</span>
            <input value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span>Type</span>
            <select value={type} onChange={(e) => setType(e.currentTarget.value)}>
              <option value="sk">server (sk): every scope</option>
              <option value="pk">client (pk): read-only unless granted</option>
            </select>
          </label>
        </div>
        {type === 'pk' && (
          <fieldset>
            <legend>Scopes</legend>
            {SCOPES.map((scope) => (
              <label key={scope} class="choice">
                <input
                  type="checkbox"
                  checked={scopes.includes(scope)}
                  onChange={(e) => setScopes(e.currentTarget.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))}
                />
                <span>{scope}</span>
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" disabled={action.busy}>
          Issue key
        </button>
      </ActionForm>
    </section>
  );
}
