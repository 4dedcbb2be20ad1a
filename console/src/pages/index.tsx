import type { Route } from '../router';
import { PageHeader } from '../ui/components';
import { BatchesPage, BatchPage } from './batches';
import { FleetPage } from './fleet';
import { JobPage } from './job';
import { JobsPage } from './jobs';
import { KeysPage } from './keys';
import { ModelsPage } from './models';
import { SchedulesPage } from './schedules';
import { SubmitPage } from './submit';
import { TemplatesPage } from './templates';

export function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'jobs':
      return <JobsPage status={route.status} />;
    case 'job':
      return <JobPage id={route.id} />;
    case 'submit':
      return <SubmitPage template={route.template} />;
    case 'fleet':
      return <FleetPage />;
    case 'models':
      return <ModelsPage />;
    case 'templates':
      return <TemplatesPage />;
    case 'schedules':
      return <SchedulesPage />;
    case 'batches':
      return <BatchesPage />;
    case 'batch':
      return <BatchPage id={route.id} />;
    case 'keys':
      return <KeysPage />;
    case 'unknown':
      return (
        <section aria-labelledby="page-title">
          <PageHeader title="No such page" />
          <p>
            There is no page at <code>{route.path}</code>. <a href="#/jobs">Go to jobs</a>.
          </p>
        </section>
      );
  }
}
