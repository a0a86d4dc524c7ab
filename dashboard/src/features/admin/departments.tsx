import { useState } from 'react';
import type { AdminAgency, AdminDepartment, AdminUser } from '../../../../shared/api/responses';
import { ChoiceOptions } from '../../components/choice-options';
import { Empty, QueryState } from '../../components/feedback';
import { Field } from '../../components/field';
import { useI18n } from '../../i18n';
import { ChangeOutcome, EditorCard, useSubmission } from './components/outcome';
import { agencyLabel, beijingToday, change, type DirectoryData, filled, paths, personLabel } from './data/directory';

type Editing = { kind: 'new'; agency: string } | { kind: 'rename' | 'assign'; department: AdminDepartment } | null;

/**
 * 部门与分管领导 (EXPAND-2): the departments of the agencies the administrator sees, each with the
 * leader in charge and the dated history; reassigning moves the department's open sign-offs.
 */
export function DepartmentsTab({ data, ownAgency }: { data: DirectoryData; ownAgency: string | undefined }) {
  const { d, fmt } = useI18n();
  const t = d.admin.department;
  const agencies = data.agencies.data ?? [];
  const users = data.users.data ?? [];
  const visible = agencies.filter((a) => a.status === 'active' && (!ownAgency || a.id === ownAgency));
  const [agency, setAgency] = useState(ownAgency ?? '');
  const [editing, setEditing] = useState<Editing>(null);
  const [openHistory, setOpenHistory] = useState<string | null>(null);
  const submission = useSubmission();
  const open = (next: Editing) => {
    submission.reset();
    setEditing(next);
  };
  const done = () => {
    setEditing(null);
    data.reload();
  };

  return (
    <section className="stack" aria-label={d.admin.tabs.departments}>
      {submission.result && !editing ? <ChangeOutcome result={submission.result} /> : null}
      <div className="card filters filters-inline">
        {!ownAgency ? (
          <label className="field">
            <span className="field-label">{d.admin.filterAgency}</span>
            <select value={agency} onChange={(e) => setAgency(e.target.value)}>
              <ChoiceOptions placeholder={d.common.all} choices={visible.map((a) => ({ id: a.id, name: a.name }))} />
            </select>
          </label>
        ) : null}
        {!editing ? (
          <button
            type="button"
            className="btn btn-primary"
            disabled={!agency}
            onClick={() => open({ kind: 'new', agency })}
          >
            {t.new}
          </button>
        ) : null}
        {!editing && !agency ? <span className="muted small">{t.pickAgency}</span> : null}
      </div>
      {editing?.kind === 'new' ? (
        <DepartmentForm
          agency={editing.agency}
          agencies={agencies}
          users={users}
          submission={submission}
          onCancel={() => setEditing(null)}
          onDone={done}
        />
      ) : null}
      {editing?.kind === 'assign' ? (
        <AssignForm
          department={editing.department}
          users={users}
          submission={submission}
          onCancel={() => setEditing(null)}
          onDone={done}
        />
      ) : null}
      {editing?.kind === 'rename' ? (
        <RenameForm
          department={editing.department}
          submission={submission}
          onCancel={() => setEditing(null)}
          onDone={done}
        />
      ) : null}
      <QueryState resource={data.departments}>
        {(list) => {
          const shown = list
            .filter((x) => !agency || x.agency === agency)
            .sort(
              (x, y) =>
                agencyLabel(agencies, x.agency).localeCompare(agencyLabel(agencies, y.agency), 'zh-CN') ||
                x.id.localeCompare(y.id),
            );
          if (shown.length === 0) return <Empty>{t.empty}</Empty>;
          return (
            <div className="card card-flush table-scroll">
              <table className="table table-hover">
                <thead>
                  <tr>
                    <th scope="col">{d.admin.filterAgency}</th>
                    <th scope="col">{t.name}</th>
                    <th scope="col">{t.leader}</th>
                    <th scope="col">{t.since}</th>
                    <th scope="col" aria-label={d.admin.edit} />
                  </tr>
                </thead>
                <tbody>
                  {shown.map((dept) => {
                    const key = `${dept.agency}/${dept.id}`;
                    const current = dept.leaders?.at(-1);
                    return (
                      <tr key={key} data-department={key}>
                        <td>{agencyLabel(agencies, dept.agency)}</td>
                        <td>
                          <span className="strong">{dept.name}</span>{' '}
                          <span className="muted small mono">{dept.id}</span>
                        </td>
                        <td>
                          {personLabel(users, dept.leader)}
                          {users.find((u) => u.user === dept.leader)?.disabled ? (
                            <span className="badge badge-bad admin-badge">{d.admin.user.disabled}</span>
                          ) : null}
                          {(dept.leaders?.length ?? 0) > 1 ? (
                            <button
                              type="button"
                              className="link-action small admin-history-toggle"
                              onClick={() => setOpenHistory(openHistory === key ? null : key)}
                              aria-expanded={openHistory === key}
                            >
                              {t.history}（{dept.leaders?.length}）
                            </button>
                          ) : null}
                          {openHistory === key ? (
                            <ol className="admin-history">
                              {[...(dept.leaders ?? [])].reverse().map((entry) => (
                                <li key={`${entry.effectiveFrom}-${entry.assignedAt}-${entry.leader}`}>
                                  {t.historyEntry(
                                    personLabel(users, entry.leader),
                                    fmt.date(entry.effectiveFrom),
                                    entry.assignedBy,
                                  )}
                                </li>
                              ))}
                            </ol>
                          ) : null}
                        </td>
                        <td className="nowrap">
                          {current?.leader === dept.leader ? fmt.date(current.effectiveFrom) : '—'}
                        </td>
                        <td className="nowrap admin-row-actions">
                          <button
                            type="button"
                            className="btn btn-small"
                            onClick={() => open({ kind: 'assign', department: dept })}
                          >
                            {t.assign}
                          </button>
                          <button
                            type="button"
                            className="btn btn-small btn-ghost"
                            onClick={() => open({ kind: 'rename', department: dept })}
                          >
                            {t.rename}
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          );
        }}
      </QueryState>
    </section>
  );
}

type Submission = ReturnType<typeof useSubmission>;

/** The enabled leaders (role 分管领导) of an agency, for a department's leader in charge. */
function leadersOf(users: readonly AdminUser[], agency: string) {
  return users.filter((u) => u.agency === agency && u.roles.includes('leader') && !u.disabled);
}

/** The select of a Field: the Field gives it its id and aria attributes, passed on to the select. */
function LeaderSelect({
  users,
  agency,
  value,
  onChange,
  ...aria
}: {
  users: readonly AdminUser[];
  agency: string;
  value: string;
  onChange: (v: string) => void;
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}) {
  const leaders = leadersOf(users, agency);
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} required {...aria}>
      <option value="" disabled>
        —
      </option>
      {leaders.map((u) => (
        <option key={u.user} value={u.user}>
          {u.name}（{u.user}）
        </option>
      ))}
    </select>
  );
}

function DepartmentForm(props: {
  agency: string;
  agencies: readonly AdminAgency[];
  users: readonly AdminUser[];
  submission: Submission;
  onCancel: () => void;
  onDone: () => void;
}) {
  const { d } = useI18n();
  const t = d.admin.department;
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [leader, setLeader] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState(beijingToday());
  const none = leadersOf(props.users, props.agency).length === 0;
  const submit = () =>
    props.submission.run(
      () => change('POST', paths.departments(props.agency), { id, name, leader, ...filled({ effectiveFrom }) }),
      props.onDone,
    );
  return (
    <EditorCard
      title={`${t.new}${d.admin.colon}${agencyLabel(props.agencies, props.agency)}`}
      hint={none ? t.noLeaders : undefined}
      failure={props.submission.failure}
      busy={props.submission.busy}
      onSubmit={() => void submit()}
      onCancel={props.onCancel}
    >
      <Field label={t.id} hint={t.idHint}>
        <input value={id} onChange={(e) => setId(e.target.value.trim())} required autoComplete="off" />
      </Field>
      <Field label={t.name}>
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </Field>
      <Field label={t.leader}>
        <LeaderSelect users={props.users} agency={props.agency} value={leader} onChange={setLeader} />
      </Field>
      <Field label={t.effectiveFrom} hint={t.effectiveFromHint}>
        <input
          type="date"
          value={effectiveFrom}
          max={beijingToday()}
          onChange={(e) => setEffectiveFrom(e.target.value)}
        />
      </Field>
    </EditorCard>
  );
}

function AssignForm(props: {
  department: AdminDepartment;
  users: readonly AdminUser[];
  submission: Submission;
  onCancel: () => void;
  onDone: () => void;
}) {
  const { d } = useI18n();
  const t = d.admin.department;
  const { department } = props;
  const [leader, setLeader] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState(beijingToday());
  const submit = () =>
    props.submission.run(
      () => change('POST', `${paths.department(department.agency, department.id)}/leader`, { leader, effectiveFrom }),
      props.onDone,
    );
  return (
    <EditorCard
      title={t.assignTitle(department.name)}
      hint={t.assignHint}
      failure={props.submission.failure}
      busy={props.submission.busy}
      onSubmit={() => void submit()}
      onCancel={props.onCancel}
    >
      <Field label={t.leader} hint={t.current(personLabel(props.users, department.leader))}>
        <LeaderSelect
          users={props.users.filter((u) => u.user !== department.leader)}
          agency={department.agency}
          value={leader}
          onChange={setLeader}
        />
      </Field>
      <Field label={t.effectiveFrom} hint={t.effectiveFromHint}>
        <input
          type="date"
          value={effectiveFrom}
          max={beijingToday()}
          onChange={(e) => setEffectiveFrom(e.target.value)}
          required
        />
      </Field>
    </EditorCard>
  );
}

function RenameForm(props: {
  department: AdminDepartment;
  submission: Submission;
  onCancel: () => void;
  onDone: () => void;
}) {
  const { d } = useI18n();
  const t = d.admin.department;
  const { department } = props;
  const [name, setName] = useState(department.name);
  const submit = () =>
    props.submission.run(
      () => change('PUT', paths.department(department.agency, department.id), { name }),
      props.onDone,
    );
  return (
    <EditorCard
      title={t.renameTitle(department.name)}
      failure={props.submission.failure}
      busy={props.submission.busy}
      onSubmit={() => void submit()}
      onCancel={props.onCancel}
    >
      <Field label={t.name}>
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </Field>
    </EditorCard>
  );
}
